"""The intel records' wire form: a moderated comment survives encode -> JSON -> decode."""

from __future__ import annotations

import json

import pytest

from streams.contracts import Decision, utc_now
from streams.intel import IntelStateError
from streams.normalize import normalize
from streams.pipeline import Moderated
from streams.worker.intel_agents import decision_from_wire, decode_moderated, encode_moderated
from tests.factories import event_model


def _decision(action: str = "flag") -> Decision:
    return Decision(
        comment_id="c-1", thread_id="t-1", author_id="a-1", action=action,  # type: ignore[arg-type]
        scores={"toxicity": 0.7, "spam": 0.01}, reasons=["toxicity:flag"], model_version="m",
        policy_version="p", decided_at=utc_now(), processing_ms=1.5,
    )


def test_a_moderated_comment_round_trips_through_json() -> None:
    event = event_model(text="Visit www.example.com for $500")
    item = Moderated(event=event, normalized=normalize(event.text), decision=_decision())
    wire = json.loads(json.dumps([encode_moderated(item)]))[0]
    back = decode_moderated(wire)
    assert back.decision == item.decision
    assert back.event.comment_id == event.comment_id and back.normalized.urls == item.normalized.urls


def test_decisions_are_read_as_json_text_or_as_an_object() -> None:
    decision = _decision("allow")
    assert decision_from_wire(decision.model_dump_json()) == decision
    assert decision_from_wire(decision.model_dump_json().encode()) == decision
    assert decision_from_wire(decision.model_dump(mode="json")) == decision  # records of older workers
    with pytest.raises(ValueError):
        decision_from_wire('{"comment_id": "c-1"}')


def test_a_record_with_an_unreadable_decision_is_refused() -> None:
    event = event_model(text="hello")
    record = encode_moderated(Moderated(event=event, normalized=normalize("hello"), decision=_decision()))
    record["d"] = "{not json"
    with pytest.raises(IntelStateError):
        decode_moderated(record)
