"""comments:suggestscore lands on the feedback topic of a real broker (Coral Talk's exact request)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from kafka import KafkaConsumer

from streams.contracts import parse_feedback
from streams.kafka_admin import ensure_topics
from tests.serve.conftest import API_KEY, Server, start_server, stop_server

pytestmark = pytest.mark.kafka


@pytest.fixture(scope="module")
def feedback_server(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    topic = f"test-feedback-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka_bootstrap, {topic: 1})
    env = {"MODSTREAM_API_KEYS": API_KEY, "MODSTREAM_KAFKA_BOOTSTRAP": kafka_bootstrap,
           "MODSTREAM_FEEDBACK_TOPIC": topic}
    running = start_server(tmp_path_factory.mktemp("serve-feedback"), env)
    yield running, topic
    stop_server(running)


def read_topic(bootstrap: str, topic: str, want: int) -> list[Any]:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=20_000)
    try:
        records = []
        for record in consumer:
            records.append(record)
            if len(records) >= want:
                break
        return records
    finally:
        consumer.close()


def coral_suggest_body(text: str, comment_id: str, status: str, model: str = "TOXICITY") -> dict[str, Any]:
    """formatBody() for operation comments:suggestscore, as Coral builds it."""
    story_url = "https://news.example.com/story-1"
    return {
        "comment": {"text": text},
        "context": {"entries": [{"text": json.dumps({
            "url": f"{story_url}?commentID={comment_id}",
            "reply_to_id_Coral_comment_id": None,
            "Coral_comment_id": comment_id,
        })}]},
        "attributeScores": {model: {"summaryScore": {"value": 0 if status == "APPROVED" else 1}}},
        "languages": ["en"],
        "communityId": "Coral:https://news.example.com",
        "clientToken": f"comment:{comment_id}",
    }


def test_coral_suggestscore_lands_on_the_feedback_topic(
    feedback_server: tuple[Server, str], kafka_bootstrap: str
) -> None:
    server, topic = feedback_server
    headers = {"Content-Type": "application/json", "User-Agent": "Coral Perspective/8.6.3"}
    url = f"{server.url}/v1alpha1/comments:suggestscore?key={API_KEY}"
    rejected = httpx.post(url, content=json.dumps(coral_suggest_body("you idiot", "cmt-1", "DELETED")),
                          headers=headers, timeout=30)
    assert rejected.status_code == 200, rejected.text
    receipt = rejected.json()
    assert receipt["clientToken"] == "comment:cmt-1"
    assert receipt["feedback"]["topic"] == topic and receipt["feedback"]["key"] == "cmt-1"
    assert receipt["feedback"]["verdict"] == "reject" and receipt["feedback"]["text_stored"] is False
    approved = httpx.post(url, content=json.dumps(coral_suggest_body("fine point", "cmt-2", "APPROVED")),
                          headers=headers, timeout=30)
    assert approved.status_code == 200, approved.text
    # a plain client that lets the text be kept and names the comment only by clientToken
    kept = {"comment": {"text": "buy cheap pills"}, "attributeScores": {"SPAM_EXPERIMENTAL": {"summaryScore": {
        "value": 0.9}}}, "clientToken": "c-77", "doNotStore": False}
    assert httpx.post(url, json=kept, timeout=30).status_code == 200
    anonymous = {"comment": {"text": "no id here"}, "attributeScores": {"INSULT": {"summaryScore": {"value": 0.2}}}}
    answer = httpx.post(url, json=anonymous, timeout=30).json()
    assert answer["feedback"]["key"] is None and answer["feedback"]["comment_id"].startswith("sha256:")

    records = read_topic(kafka_bootstrap, topic, 4)
    assert [r.key for r in records] == [b"cmt-1", b"cmt-2", b"c-77", None]
    events = [parse_feedback(r.value) for r in records]
    first, second, third, fourth = events
    assert (first.comment_id, first.verdict, first.labels, first.source) == ("cmt-1", "reject", ["toxicity"],
                                                                             "suggestscore")
    assert first.attribute_scores == {"toxicity": 1.0} and first.text is None
    assert (second.verdict, second.labels, second.attribute_scores) == ("approve", [], {"toxicity": 0.0})
    assert (third.comment_id, third.verdict, third.labels, third.text) == ("c-77", "reject", ["spam"],
                                                                          "buy cheap pills")
    assert fourth.verdict == "approve" and fourth.text is None
    assert receipt["feedback"]["offset"] == records[0].offset


def test_suggestscore_validation(feedback_server: tuple[Server, str]) -> None:
    server, _ = feedback_server
    url = f"{server.url}/v1alpha1/comments:suggestscore"
    good = {"comment": {"text": "x"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}}
    assert httpx.post(url, json=good).status_code == 403  # no key
    bad = [
        {"comment": {"text": "x"}, "attributeScores": {}},
        {"comment": {"text": "x"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 7}}}},
        {"comment": {"text": "x"}, "attributeScores": {"FLIRTATION": {"summaryScore": {"value": 1}}}},
        {"comment": {"text": ""}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}},
        {**good, "languages": ["fr"]},
    ]
    for body in bad:
        response = httpx.post(url, json=body, headers={"x-goog-api-key": API_KEY})
        assert response.status_code == 400, (body, response.text)
        assert response.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_log_has_no_api_key(feedback_server: tuple[Server, str]) -> None:
    server, _ = feedback_server
    assert API_KEY not in Path(server.log).read_text()
