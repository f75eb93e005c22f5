"""The author-topic record: written from a moderated comment, read back as the author stage's input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from streams.contracts import Decision, utc_now
from streams.intel import IntelSettings, IntelStateError, comment_facts
from streams.normalize import normalize
from streams.pipeline import Moderated
from streams.worker.intel_wire import decision_from_wire, decode_author_record, encode_author_record
from tests.factories import event_model

_SETTINGS = IntelSettings()


def _settings(tenant: str) -> IntelSettings:
    return _SETTINGS


def _decision(action: str = "flag", spam: float = 0.01) -> Decision:
    return Decision(
        comment_id="c-1", thread_id="t-1", author_id="a-1", action=action,  # type: ignore[arg-type]
        scores={"toxicity": 0.7, "spam": spam}, reasons=["toxicity:flag"], model_version="m",
        policy_version="p", decided_at=utc_now(), processing_ms=1.5,
    )


def _moderated(text: str, decision: Decision) -> Moderated:
    event = event_model(text=text, author_name="Dana Smith")
    return Moderated(event=event, normalized=normalize(event.text), decision=decision)


def _record(item: Moderated) -> dict[str, Any]:
    text = item.decision.model_dump_json()
    wire = encode_author_record(item, text, comment_facts(item, _SETTINGS))
    parsed: dict[str, Any] = json.loads(wire)
    return parsed


def test_a_campaign_candidate_arrives_with_its_facts_and_decision_text() -> None:
    item = _moderated("Dana here: earn $500 a day from home at www.easy-money.example.com, ask me how!", _decision())
    record = _record(item)
    assert "nt" not in record  # the text stays in the model process
    received = decode_author_record(record, _settings)
    facts = comment_facts(item, _SETTINGS)
    assert facts.signature is not None and len(facts.band_keys) == _SETTINGS.campaign_bands
    assert received.facts == facts
    assert received.decision == item.decision.model_dump(mode="json")
    assert received.decision_text == item.decision.model_dump_json()
    assert received.ts == item.event.created_at.timestamp()
    assert (received.comment_id, received.author_id) == (item.event.comment_id, item.event.author_id)


def test_a_short_plain_comment_has_no_fingerprint_and_no_repeat_digest() -> None:
    received = decode_author_record(_record(_moderated("thanks!", _decision("allow"))), _settings)
    assert received.facts.signature is None and received.facts.band_keys == ()
    assert received.facts.repeat_digest is None


def test_a_record_of_an_older_worker_gets_the_same_facts() -> None:
    item = _moderated("Dana here: earn $500 a day from home at www.easy-money.example.com, ask me how!", _decision())
    event, norm = item.event, item.normalized
    legacy = {
        "c": event.comment_id, "th": event.thread_id, "a": event.author_id, "tn": event.tenant,
        "an": event.author_name, "ts": event.created_at.timestamp(), "nt": norm.text, "u": list(norm.urls),
        "m": norm.n_money, "p": norm.n_phone, "d": item.decision.model_dump(mode="json"),
    }
    received = decode_author_record(json.loads(json.dumps(legacy)), _settings)
    assert received.facts == comment_facts(item, _SETTINGS)
    assert Decision.model_validate_json(received.decision_text) == item.decision
    assert Decision.model_validate(received.decision) == item.decision


def test_decisions_are_read_as_json_text_or_as_an_object() -> None:
    decision = _decision("allow")
    assert decision_from_wire(decision.model_dump_json()) == decision
    assert decision_from_wire(decision.model_dump_json().encode()) == decision
    assert decision_from_wire(decision.model_dump(mode="json")) == decision  # records of older workers
    with pytest.raises(ValueError):
        decision_from_wire('{"comment_id": "c-1"}')


@pytest.mark.parametrize(
    "damage",
    [
        {"d": "{not json"},
        {"d": '{"comment_id": "c-1"}'},
        {"d": '{"comment_id": "c-1", "action": "allow", "scores": {}}'},
        {"ts": "yesterday"},
        {"rk": None, "sg": None, "bk": 7},
    ],
)
def test_a_damaged_record_is_refused(damage: dict[str, Any]) -> None:
    record = {**_record(_moderated("hello there", _decision())), **damage}
    with pytest.raises(IntelStateError):
        decode_author_record(record, _settings)


def test_a_record_without_an_author_is_refused() -> None:
    record = _record(_moderated("hello there", _decision()))
    del record["a"]
    with pytest.raises(IntelStateError):
        decode_author_record(record, _settings)
