"""parse_event on hostile input: every poison gets its own clean reason, never an escaping exception."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import pytest

from streams.bench.poison import ONE_MB_CLASS, poison_events
from streams.contracts import InvalidEvent, parse_event
from streams.contracts.parse import MAX_COMBINING_RUN, MAX_DEPTH
from tests.factories import event_bytes

LIMITS = {"max_bytes": 256 * 1024, "max_text_chars": 20_000}


@pytest.mark.parametrize("poison", poison_events("p"), ids=lambda p: p.name)
def test_each_poison_gets_its_reason(poison) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidEvent) as caught:
        parse_event(poison.raw, **LIMITS)
    assert caught.value.reason == poison.reason
    assert "\n" not in caught.value.detail and len(caught.value.detail) <= 300


def test_one_mb_class_event_sits_between_the_producer_and_broker_limits() -> None:
    (big,) = [p for p in poison_events("p") if p.name == "one-mb"]
    assert 1_000_000 < len(big.raw) < 1_048_588
    assert len(big.raw) == ONE_MB_CLASS


def test_integer_at_the_digit_limit_is_fine_one_more_is_invalid_json() -> None:
    limit = sys.get_int_max_str_digits()
    ok = json.loads(event_bytes(comment_id="c"))
    for digits, reason in ((limit, None), (limit + 1, "invalid_json")):
        raw = json.dumps({**ok, "metadata": {"n": 0}}).encode().replace(b'"n": 0', b'"n": ' + b"7" * digits)
        if reason is None:
            assert parse_event(raw, **LIMITS).metadata["n"] > 0
        else:
            with pytest.raises(InvalidEvent, match="4300 digits") as caught:
                parse_event(raw, **LIMITS)
            assert caught.value.reason == reason


@pytest.mark.parametrize(("depth", "ok"), [(MAX_DEPTH - 1, True), (MAX_DEPTH, True), (MAX_DEPTH + 1, False)])
def test_nesting_limit(depth: int, ok: bool) -> None:
    base = json.loads(event_bytes(comment_id="c"))
    inner: object = 1
    for _ in range(depth - 2):  # the event object is level 1, metadata level 2
        inner = [inner]
    raw = json.dumps({**base, "metadata": {"d": inner}}).encode()
    if ok:
        parse_event(raw, **LIMITS)
    else:
        with pytest.raises(InvalidEvent, match="nested"):
            parse_event(raw, **LIMITS)


def test_combining_marks_real_scripts_pass_zalgo_bombs_do_not() -> None:
    real = "Tiếng Việt có dấu, हिन्दी, עִבְרִית, e\u0301\u0302\u0303"
    assert parse_event(event_bytes(comment_id="c", text=real), **LIMITS).text == real
    light_zalgo = "".join(ch + "\u0300\u0301\u0302" * 5 for ch in "idiot")  # 15 marks: still decided
    parse_event(event_bytes(comment_id="c", text=light_zalgo), **LIMITS)
    bomb = "x" + "\u0301" * (MAX_COMBINING_RUN + 1)
    with pytest.raises(InvalidEvent) as caught:
        parse_event(event_bytes(comment_id="c", text=bomb), **LIMITS)
    assert caught.value.reason == "invalid_text"


def test_future_timestamps_within_a_day_pass_beyond_it_are_dead_lettered() -> None:
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    soon = (now + timedelta(hours=23)).isoformat()
    later = (now + timedelta(hours=25)).isoformat()
    assert parse_event(event_bytes(comment_id="c", created_at=soon), **LIMITS, now=now.timestamp())
    with pytest.raises(InvalidEvent) as caught:
        parse_event(event_bytes(comment_id="c", created_at=later), **LIMITS, now=now.timestamp())
    assert caught.value.reason == "future_timestamp"
    assert parse_event(event_bytes(comment_id="c", created_at=later), **LIMITS, now=now.timestamp(), max_future_s=None)
