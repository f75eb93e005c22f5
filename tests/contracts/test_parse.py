import json

import jsonschema
import pytest

from streams.contracts import InvalidEvent, parse_event
from streams.contracts.schemas import build_schemas
from streams.settings import REPO_ROOT
from tests.factories import event_bytes, event_dict

LIMITS = {"max_bytes": 4096, "max_text_chars": 1000}


def test_valid_event_parses_with_defaults() -> None:
    event = parse_event(event_bytes(text="Damn well said!"), **LIMITS)
    assert event.text == "Damn well said!"
    assert event.tenant == "default"
    assert event.created_at.tzinfo is not None


def test_optional_fields_and_metadata_pass_through() -> None:
    raw = event_bytes(parent_id="c-0", tenant="kids", lang="en", metadata={"ip_country": "GB"})
    event = parse_event(raw, **LIMITS)
    assert (event.parent_id, event.tenant, event.lang) == ("c-0", "kids", "en")
    assert event.metadata == {"ip_country": "GB"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"x" * 5000, "oversized"),
        (b"\xff\xfe{}", "invalid_utf8"),
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "not_an_object"),
        (json.dumps(event_dict(comment_id=42)).encode(), "invalid_fields"),
        (json.dumps({k: v for k, v in event_dict().items() if k != "text"}).encode(), "invalid_fields"),
        (event_bytes(created_at="yesterday"), "invalid_fields"),
        (event_bytes(created_at="2026-11-24T10:00:00"), "invalid_fields"),
        (event_bytes(text={"nested": "object"}), "invalid_fields"),
        (event_bytes(text="y" * 1001), "text_too_long"),
    ],
)
def test_malformed_events_get_a_stable_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidEvent) as info:
        parse_event(raw, **LIMITS)
    assert info.value.reason == reason
    assert info.value.detail


def test_invalid_fields_detail_names_the_field() -> None:
    with pytest.raises(InvalidEvent) as info:
        parse_event(json.dumps(event_dict(author_id=None)).encode(), **LIMITS)
    assert "author_id" in info.value.detail


def test_committed_schema_files_match_the_models() -> None:
    directory = REPO_ROOT / "config" / "schemas"
    for name, schema in build_schemas().items():
        committed = json.loads((directory / name).read_text())
        assert committed == json.loads(json.dumps(schema)), f"{name} is stale: run `modstream schemas`"


def test_event_schema_accepts_valid_and_rejects_invalid_events() -> None:
    schema = build_schemas()["comment-event.v1.schema.json"]
    jsonschema.validate(event_dict(), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({k: v for k, v in event_dict().items() if k != "comment_id"}, schema)
