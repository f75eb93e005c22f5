"""Perspective attribute names and languages, mapped onto this model's labels.

Only attributes the model really scores are offered: anything else is refused, never given a
made-up score. ``*_EXPERIMENTAL`` spellings are aliases of the same label.
"""

from __future__ import annotations

from collections.abc import Sequence

from streams.lang import identify, primary_subtag
from streams.lang.models import LanguageModels
from streams.serve.exceptions import invalid_argument

ATTRIBUTE_LABELS: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "obscene",
    "THREAT": "threat",
    "SEXUALLY_EXPLICIT": "sexual_explicit",
    "SPAM": "spam",
}
EXPERIMENTAL_SUFFIX = "_EXPERIMENTAL"
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en",)


def label_for(attribute: str, labels: Sequence[str]) -> str:
    """The model label behind a Perspective attribute name; 400 if we do not score it."""
    name = attribute.upper()
    if name.endswith(EXPERIMENTAL_SUFFIX):
        name = name[: -len(EXPERIMENTAL_SUFFIX)]
    label = ATTRIBUTE_LABELS.get(name)
    if label is None or label not in labels:
        offered = ", ".join(sorted(a for a, lab in ATTRIBUTE_LABELS.items() if lab in labels))
        raise invalid_argument(f"Unknown attribute: {attribute}. This service scores: {offered}.")
    return label


def _primary(tag: str) -> str:
    return primary_subtag(tag) or tag.strip().lower()


def supported_languages(attribute: str, languages: LanguageModels | None) -> list[str]:
    """Languages whose model scores ``attribute``: English for all, a covered language for its labels."""
    label = ATTRIBUTE_LABELS.get(attribute.upper().removesuffix(EXPERIMENTAL_SUFFIX))
    found = list(SUPPORTED_LANGUAGES)
    if languages is not None:
        found += [lang for lang, scorer in sorted(languages.scorers.items()) if label in scorer.labels]
    return found


def resolve_languages(
    requested: Sequence[str] | None,
    text: str,
    attributes: Sequence[str],
    languages: LanguageModels | None = None,
) -> list[str]:
    """The languages to score ``text`` as; 400 (Perspective's language error) for ones we do not cover.

    The one place that decides language support. Without ``languages`` in the request the text's
    language is detected (:func:`streams.lang.identify`); a language is supported for an attribute
    when English or when its per-language model (``languages``) scores that attribute's label.
    """
    detected: list[str] = []
    if not requested:
        detected = [identify(text).lang]
        requested = detected
    unsupported: list[str] = []
    attribute = attributes[0] if attributes else "TOXICITY"
    for name in attributes or ["TOXICITY"]:
        supported = supported_languages(name, languages)
        missing = [tag for tag in requested if _primary(tag) not in supported]
        if missing:
            unsupported, attribute = missing, name
            break
    if unsupported:
        raise invalid_argument(
            f"Attribute {attribute} does not support request languages: {', '.join(unsupported)}",
            [
                {
                    "@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
                    "errorType": "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                    "languageNotSupportedByAttributeError": {
                        "detectedLanguages": detected,
                        "attribute": attribute,
                        "requestedLanguages": [] if detected else list(requested),
                        "supportedLanguages": supported_languages(attribute, languages),
                    },
                }
            ],
        )
    return [_primary(tag) for tag in requested]
