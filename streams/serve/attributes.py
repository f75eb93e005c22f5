"""Perspective attribute names and languages, mapped onto this model's labels.

Only attributes the model really scores are offered: anything else is refused, never given a
made-up score. ``*_EXPERIMENTAL`` spellings are aliases of the same label.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def resolve_languages(requested: Sequence[str] | None, text: str, attributes: Sequence[str]) -> list[str]:
    """The languages to score ``text`` as; 400 (Perspective's language error) for ones we do not cover.

    The one place that decides language support: language identification and per-language
    models plug in here. Today only English is covered and text without ``languages`` is taken as
    English (no detection yet).
    """
    del text  # used once language identification lands
    if not requested:
        return ["en"]
    unsupported = [tag for tag in requested if _primary(tag) not in SUPPORTED_LANGUAGES]
    if unsupported:
        attribute = attributes[0] if attributes else "TOXICITY"
        raise invalid_argument(
            f"Attribute {attribute} does not support request languages: {', '.join(unsupported)}",
            [
                {
                    "@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
                    "errorType": "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                    "languageNotSupportedByAttributeError": {
                        "detectedLanguages": [],
                        "attribute": attribute,
                        "requestedLanguages": list(requested),
                        "supportedLanguages": list(SUPPORTED_LANGUAGES),
                    },
                }
            ],
        )
    return [_primary(tag) for tag in requested]
