"""The Moderator and languages: English unchanged, covered languages by their model, others routed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from streams.lang.models import LanguageModels
from streams.pipeline import Moderator
from streams.policy import Policy, PolicyConfig
from tests.factories import event_model
from tests.pipeline.test_moderator import LABELS, ScriptedScorer


class GermanScorer(ScriptedScorer):
    """A toxicity-only model, like the per-language ones."""

    labels = ("toxicity",)
    version = "de-1"

    def score(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[0.97 if self.trigger in t else 0.02] for t in texts], dtype=np.float32)


def make(languages: LanguageModels | None = None, **policy: object) -> Moderator:
    config = PolicyConfig.model_validate(
        {
            "version": "p-1",
            "thresholds": {"toxicity": {"flag": 0.6, "hide": 0.9}, "spam": {"flag": 0.7, "hide": 0.95}},
            **policy,
        }
    )
    return Moderator(ScriptedScorer("idiot"), Policy(config, LABELS), languages=languages)


def test_uncovered_language_is_routed_with_the_reason_and_no_score() -> None:
    moderator = make()
    (d,) = moderator.decide_batch([event_model(text="Sei un coglione, vaffanculo")])
    assert d.action == "flag"  # the default
    assert d.reasons == ["unsupported-language:it"]
    assert d.scores == {}
    assert (d.lang, d.lang_source) == ("it", "detected")
    assert moderator.scorer is not None and moderator.scorer.seen == []  # type: ignore[attr-defined]


def test_routing_follows_the_tenants_policy() -> None:
    moderator = make(unsupported_language="allow", tenants={"kids": {"unsupported_language": "hide"}})
    calm, kids = moderator.decide_batch(
        [event_model(text="Ta gueule, connard"), event_model(text="Ta gueule, connard", tenant="kids")]
    )
    assert (calm.action, calm.reasons) == ("allow", ["unsupported-language:fr"])
    assert (kids.action, kids.reasons) == ("hide", ["unsupported-language:fr"])


def test_the_events_lang_wins_over_detection() -> None:
    moderator = make()
    english, given = moderator.decide_batch(
        [event_model(text="You idiot", lang="en-GB"), event_model(text="You idiot", lang="es")]
    )
    assert (english.action, english.lang, english.lang_source) == ("hide", "en", "given")
    assert (given.action, given.reasons, given.lang_source) == ("flag", ["unsupported-language:es"], "given")


def test_covered_language_is_scored_by_its_model_on_its_own_text() -> None:
    german = GermanScorer("arschloch")
    moderator = make(LanguageModels({"de": german}, {"languages": {}}))
    rude, calm, english = moderator.decide_batch(
        [
            event_model(text="Du bist ein dummes Arschloch"),
            event_model(text="Das ist eine gute Idee für die Straße"),
            event_model(text="You idiot, that is wrong"),
        ]
    )
    assert (rude.action, rude.reasons, rude.scores) == ("hide", ["toxicity:hide"], {"toxicity": 0.97})
    assert (calm.action, calm.scores, calm.lang) == ("allow", {"toxicity": 0.02}, "de")
    assert "das ist eine gute idee für die straße" in german.seen  # accents and ß kept
    assert english.scores == {"toxicity": 0.95, "spam": 0.01} and english.lang == "en"
    assert [(c.label, c.span) for c in rude.explanations] == [("toxicity", "arschloch")]


def test_english_scores_do_not_depend_on_other_languages_in_the_batch() -> None:
    moderator = make()
    alone = moderator.decide_batch([event_model(text="You idiot, that is wrong")])[0]
    mixed = moderator.decide_batch(
        [event_model(text="Sei un coglione, vaffanculo"), event_model(text="You idiot, that is wrong")]
    )[1]
    assert (alone.scores, alone.action, alone.reasons) == (mixed.scores, mixed.action, mixed.reasons)


def test_empty_text_is_still_allowed_whatever_its_lang() -> None:
    (d,) = make().decide_batch([event_model(text="   ", lang="fr")])
    assert (d.action, d.reasons) == ("allow", ["empty-text"])
