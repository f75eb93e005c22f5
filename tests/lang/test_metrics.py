"""Decisions are counted by language, with a bounded label set."""

from __future__ import annotations

from prometheus_client import REGISTRY

from streams.contracts import EncodedDecision
from streams.lang.tags import metric_language
from streams.pipeline import Moderator
from streams.worker.app import lang_of, record_decision
from tests.factories import event_model


def _count(lang: str, action: str) -> float:
    value = REGISTRY.get_sample_value("modstream_language_decisions_total", {"lang": lang, "action": action})
    return value or 0.0


def test_decisions_are_counted_by_language(moderator: Moderator) -> None:
    before_it, before_en = _count("it", "flag"), _count("en", "allow")
    decisions = moderator.decide_batch(
        [event_model(text="Sei un coglione, vaffanculo"), event_model(text="What a thoughtful article, thanks.")]
    )
    for decision in decisions:
        encoded = EncodedDecision.of(decision)
        assert lang_of(encoded.value) == decision.lang
        record_decision(encoded.action, encoded.tenant, encoded.reasons, encoded.lang)
    assert _count("it", "flag") == before_it + 1
    assert _count("en", "allow") == before_en + 1


def test_rare_languages_share_one_label() -> None:
    assert metric_language("de") == "de"
    assert metric_language("sw") == metric_language("eu") == metric_language(None) == "other"


def test_english_scores_are_the_same_beside_other_languages(moderator: Moderator) -> None:
    english = [event_model(text=t) for t in ("You are a complete idiot", "Great piece, thanks", "sh1t take, moron")]
    alone = moderator.decide_batch(english)
    mixed = moderator.decide_batch([event_model(text="Sei un coglione, vaffanculo"), *english,
                                    event_model(text="Ты идиот, пошёл вон")])[1:4]
    assert [d.scores for d in alone] == [d.scores for d in mixed]
    assert [d.action for d in alone] == [d.action for d in mixed]
    assert all(d.lang == "en" and set(d.scores) == set(moderator.labels) for d in mixed)
