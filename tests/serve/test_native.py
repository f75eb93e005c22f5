"""/v1/moderate and /v1/moderate:batch: the worker's decision JSON, without stream rules."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from streams.contracts import CommentEvent, Decision
from streams.pipeline import Moderator
from tests.factories import event_dict


def test_moderate_returns_the_workers_decision(client: TestClient, moderator: Moderator) -> None:
    event = event_dict(comment_id="c-9", text="You are a stupid idiot", tenant="default")
    response = client.post("/v1/moderate", json=event)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = moderator.decide_batch([CommentEvent.model_validate(event)])[0]
    assert body["stream_rules"] == "not_applied"
    decision = Decision.model_validate({k: v for k, v in body.items() if k != "stream_rules"})
    assert (decision.comment_id, decision.action, decision.reasons) == ("c-9", expected.action, expected.reasons)
    assert decision.scores == expected.scores
    assert decision.action != "allow" and decision.explanations
    assert decision.model_version == moderator.model_version


def test_batch_keeps_order_and_limit(client: TestClient) -> None:
    events = [event_dict(comment_id=f"c-{i}", text="idiot" if i % 2 else "lovely day") for i in range(100)]
    response = client.post("/v1/moderate:batch", json={"events": events})
    assert response.status_code == 200
    decisions = response.json()["decisions"]
    assert [d["comment_id"] for d in decisions] == [f"c-{i}" for i in range(100)]
    assert decisions[1]["scores"]["toxicity"] > decisions[0]["scores"]["toxicity"]
    too_many = client.post("/v1/moderate:batch", json={"events": [*events, event_dict(comment_id="c-100")]})
    assert too_many.status_code == 400 and "events" in too_many.json()["error"]["message"]


def _error(response: Any) -> str:
    assert response.status_code == 400, response.text
    return str(response.json()["error"]["message"])


def test_invalid_events_are_400(client: TestClient) -> None:
    assert "created_at" in _error(client.post("/v1/moderate", json=event_dict(created_at="2026-11-24T10:00:00")))
    assert "comment_id" in _error(client.post("/v1/moderate", json={**event_dict(), "comment_id": ""}))
    assert "too long" in _error(client.post("/v1/moderate", json=event_dict(text="y" * 20_001)))
    assert "events" in _error(client.post("/v1/moderate:batch", json={"events": []}))


def test_an_uncovered_language_is_routed_by_the_tenants_policy(client: TestClient) -> None:
    italian = "Sei un coglione, vaffanculo, sei proprio un idiota"
    body = client.post("/v1/moderate", json=event_dict(comment_id="it-1", text=italian, tenant="default")).json()
    assert (body["lang"], body["lang_source"]) == ("it", "detected")
    assert body["action"] == "flag" and body["reasons"] == ["unsupported-language:it"]
    assert body["scores"] == {}, body["scores"]  # no score for a language the model has not learned
    kids = client.post("/v1/moderate", json=event_dict(comment_id="it-2", text=italian, tenant="kids")).json()
    assert kids["action"] == "hide" and kids["reasons"] == ["unsupported-language:it"]
