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
