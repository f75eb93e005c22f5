"""The outage log filter: a burst per message kind per window, then a count of what was suppressed."""

from __future__ import annotations

import logging

from streams.worker.lograte import RateLimitFilter


def record(msg: str) -> logging.LogRecord:
    return logging.LogRecord("aiokafka", logging.ERROR, __file__, 1, msg, None, None)


def test_burst_then_suppressed_then_summarised() -> None:
    now = [0.0]
    limiter = RateLimitFilter(burst=3, window_s=10.0)
    limiter._monotonic = lambda: now[0]  # type: ignore[method-assign]
    passed = [limiter.filter(record("connection to %s failed")) for _ in range(125)]
    assert sum(passed) == 3
    assert limiter.filter(record("another kind")) is True  # kinds are limited separately
    now[0] = 10.5
    first = record("connection to %s failed")
    assert limiter.filter(first) is True
    assert "[122 similar messages suppressed]" in str(first.msg)
