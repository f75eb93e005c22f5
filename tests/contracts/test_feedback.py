import hashlib
import json

import jsonschema
import pytest

from streams.contracts import FeedbackEvent, InvalidEvent, hash_moderator_id, parse_feedback
from streams.contracts.schemas import build_schemas
from streams.settings import Settings


def _feedback(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "comment_id": "c-1",
        "verdict": "reject",
        "labels": ["insult"],
        "decided_at": "2026-12-04T17:00:00+00:00",
    }
    base.update(overrides)
    return base


def test_minimal_feedback_parses_with_defaults() -> None:
    event = parse_feedback(json.dumps(_feedback()).encode())
    assert (event.comment_id, event.verdict, event.labels) == ("c-1", "reject", ["insult"])
    assert (event.schema_version, event.tenant, event.source) == (1, "default", "platform")
    assert event.moderator_id is None and event.text is None and event.attribute_scores == {}
    assert event.decided_at.tzinfo is not None


def test_unknown_fields_are_ignored_and_the_event_is_frozen() -> None:
    event = parse_feedback(json.dumps(_feedback(extra_field=1, source="suggestscore")).encode())
    assert event.source == "suggestscore"
    with pytest.raises(ValueError):
        event.verdict = "approve"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"\xff{}", "invalid_utf8"),
        (b"{nope", "invalid_json"),
        (b"[]", "not_an_object"),
        (json.dumps(_feedback(verdict="maybe")).encode(), "invalid_fields"),
        (json.dumps(_feedback(comment_id="")).encode(), "invalid_fields"),
        (json.dumps(_feedback(comment_id="x" * 257)).encode(), "invalid_fields"),
        (json.dumps(_feedback(decided_at="2026-12-04T17:00:00")).encode(), "invalid_fields"),
        (json.dumps(_feedback(tenant="")).encode(), "invalid_fields"),
        (json.dumps(_feedback(source="email")).encode(), "invalid_fields"),
    ],
)
def test_bad_feedback_gets_a_stable_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        parse_feedback(raw)
    assert info.value.reason == reason
    assert info.value.detail


def test_oversized_feedback_is_refused() -> None:
    with pytest.raises(InvalidEvent) as info:
        parse_feedback(json.dumps(_feedback(text="y" * 2000)).encode(), max_bytes=1024)
    assert info.value.reason == "oversized"


def test_moderator_id_hash_is_salted_sha256_hex() -> None:
    assert hash_moderator_id("mod-7") == hashlib.sha256(b"mod-7").hexdigest()
    assert hash_moderator_id("mod-7", salt="s") == hashlib.sha256(b"smod-7").hexdigest()
    assert hash_moderator_id("mod-7", salt="s") != hash_moderator_id("mod-7")


def test_feedback_schema_matches_the_model() -> None:
    schema = build_schemas()["feedback.v1.schema.json"]
    good = _feedback(moderator_id=hash_moderator_id("m"), attribute_scores={"toxicity": 0.9})
    jsonschema.validate(good, schema)
    FeedbackEvent.model_validate(good)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_feedback(verdict="maybe"), schema)


def test_feedback_topic_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().feedback_topic == "moderation.feedback"
    monkeypatch.setenv("MODSTREAM_FEEDBACK_TOPIC", "fb")
    assert Settings().feedback_topic == "fb"


def test_feedback_with_a_5000_digit_integer_is_invalid_json_not_a_crash() -> None:
    raw = b'{"comment_id": "c1", "verdict": "approve", "decided_at": "2026-01-01T00:00:00Z", "n": ' + b"9" * 5000 + b"}"
    with pytest.raises(InvalidEvent) as caught:
        parse_feedback(raw)
    assert caught.value.reason == "invalid_json"
