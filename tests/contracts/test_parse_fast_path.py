"""``parse_event``'s one-step JSON validation agrees with the two-step path it skips.

The reference below is what ``parse_event`` did for every event before the fast path:
``decode_json_object`` (UTF-8, ``json.loads``, depth) then ``CommentEvent.model_validate``.
Wherever the fast path returns an event it must be the same event (same values, same types, same
fields set); where the input is bad it must step aside so the reference names the reason.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from streams.bench.corpus import comment_events
from streams.bench.poison import poison_events
from streams.contracts import CommentEvent, InvalidEvent, parse_event
from streams.contracts.parse import MAX_DEPTH, _validated_json, decode_json_object

MAX_BYTES = 256 * 1024


def reference(raw: bytes) -> CommentEvent | str:
    """The two-step parse: the event, or the reason it is invalid."""
    try:
        payload = decode_json_object(raw, max_bytes=MAX_BYTES)
    except InvalidEvent as exc:
        return exc.reason
    try:
        return CommentEvent.model_validate(payload)
    except ValidationError:
        return "invalid_fields"


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types, recursively (NaN equals NaN; 1 is not 1.0 or True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return bool(a == b) and (not hasattr(a, "tzinfo") or a.utcoffset() == b.utcoffset())


def check(raw: bytes) -> None:
    expected = reference(raw)
    fast = _validated_json(raw, MAX_BYTES)
    if fast is None:
        return  # the two-step path runs: nothing to compare
    assert isinstance(expected, CommentEvent), (raw, expected)
    assert fast.model_fields_set == expected.model_fields_set
    assert _same(dict(fast), dict(expected)), raw


_BASE = (
    '"comment_id": "c1", "thread_id": "t", "author_id": "a", "created_at": "2026-01-01T00:00:00Z"'
)


def _ev(body: str = "") -> str:
    """A JSON event: the base fields, then ``body``."""
    return "{" + _BASE + (", " + body if body else "") + "}"


_ODD = [
    _ev('"text": "a\\ud800b"'),  # lone surrogate escape: json.loads keeps it
    _ev('"text": "a\\ud83d\\ude00b"'),
    _ev('"text": "one", "text": "two"'),
    _ev('"text": "x", "metadata": {"a": NaN, "b": Infinity, "c": -Infinity, "d": 1e400, "e": -0.0}'),
    _ev('"text": "x", "metadata": {"a": 0.1, "b": 1.5e-7, "c": 123456789012345678901234567890, "d": 1e-400}'),
    "\ufeff" + _ev('"text": "x"'),
    _ev('"text": "a\nb"'),
    _ev('"text": "a\tb"'),
    _ev('"text": "x"') + " x",
    _ev('"text": "x"') + " \n\t\r",
    " \n" + _ev('"text": "x"'),
    _ev('"text": "x", "schema_version": 1.0'),
    _ev('"text": "x", "schema_version": true'),
    _ev('"text": "x", "schema_version": "1"'),
    '{"comment_id": 1, "thread_id": "t", "author_id": "a", "created_at": "2026-01-01T00:00:00Z", "text": "x"}',
    '{"comment_id": "c", "thread_id": "t", "author_id": "a", "created_at": 1700000000, "text": "x"}',
    '{"comment_id": "c", "thread_id": "t", "author_id": "a", "created_at": "2026-01-01T00:00:00", "text": "x"}',
    '{"comment_id": "c", "thread_id": "t", "author_id": "a", "created_at": "2026-01-01 00:00:00+01:00", "text": "x"}',
    '{"comment_id": "c", "thread_id": "t", "author_id": "a", "created_at": "2026-01-01t00:00:00.12345z", "text": ""}',
    _ev('"text": "x", "lang": null, "parent_id": null, "tenant": "", "metadata": []'),
    _ev('"text": "x", "metadata": {"a": {"b": [1, {"c": null}]}}, "zz": [[[[1]]]], "": 1'),
    _ev('"text": "\\u00e9\\n\\"\\\\\\/\\b\\f\\u0000 h\u00e9llo \u2603 \U0001f600"'),
    _ev('"text": null'),
    _ev('"text": 5'),
    "[" + _ev('"text": "x"') + "]",
    '"just a string"',
    "",
    "{}",
]


@pytest.mark.parametrize("raw", _ODD)
def test_odd_json_is_read_alike_or_left_to_the_two_step_path(raw: str) -> None:
    check(raw.encode("utf-8", "surrogatepass"))


def test_bytes_json_loads_rejects_are_left_to_the_two_step_path() -> None:
    ok = json.loads(_ev())
    for raw in (
        json.dumps({**ok, "text": "x"}).encode()[:-1] + b"\xed\xa0\x80}",  # UTF-8-encoded surrogate
        json.dumps({**ok, "text": "caf\xe9"}).encode("latin-1"),
        json.dumps({**ok, "text": "x", "metadata": {"n": 0}}).encode().replace(b'"n": 0', b'"n": ' + b"7" * 4301),
        json.dumps({**ok, "text": "x", "metadata": {"n": 0}}).encode().replace(b'"n": 0', b'"n": ' + b"7" * 4300),
    ):
        check(raw)
        assert _validated_json(raw, MAX_BYTES) is None or isinstance(reference(raw), CommentEvent)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 300])
def test_deep_nesting_is_left_to_the_two_step_path(depth: int) -> None:
    inner: object = 1
    for _ in range(depth - 2):
        inner = [inner]
    raw = json.dumps({**json.loads(_ev()), "text": "x", "metadata": {"d": inner}}).encode()
    check(raw)
    if depth > MAX_DEPTH:
        assert _validated_json(raw, MAX_BYTES) is None


def test_poisons_and_the_bench_corpus() -> None:
    for poison in poison_events("p"):
        check(poison.raw)
        if poison.reason in ("oversized", "invalid_json", "invalid_utf8", "too_deep"):
            assert _validated_json(poison.raw, MAX_BYTES) is None
    for raw in comment_events(3000):
        check(raw)
        assert _validated_json(raw, MAX_BYTES) is not None  # the bench's events take the fast path
        assert parse_event(raw, max_bytes=MAX_BYTES, max_text_chars=100_000) == reference(raw)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["2026-01-01T00:00:00Z", "2026-01-01T00:00:00+05:30", "2026-01-01", "x", ""])
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3),
    max_leaves=12,
)
_FIELDS = ["schema_version", "comment_id", "thread_id", "author_id", "text", "created_at", "parent_id",
           "tenant", "lang", "author_name", "metadata", "extra"]  # fmt: skip


@st.composite
def _events(draw: st.DrawFn) -> bytes:
    event: dict[str, Any] = json.loads(_ev())
    event["text"] = draw(st.text(max_size=30))
    for name in draw(st.lists(st.sampled_from(_FIELDS), max_size=4)):
        event[name] = draw(_JSON)
    raw = json.dumps(event, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    cut = draw(st.integers(0, 3))
    return raw[: len(raw) - cut] if cut else raw  # sometimes truncated: invalid JSON


@settings(max_examples=500, deadline=None)
@given(_events())
def test_any_event_bytes(raw: bytes) -> None:
    check(raw)
