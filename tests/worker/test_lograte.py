"""The outage log filter: a burst per message kind per window, then a count of what was suppressed."""

from __future__ import annotations

import logging

from streams.worker.lograte import EXEMPT, RateLimitFilter


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


def test_an_exempt_line_always_passes_and_uses_no_burst() -> None:
    limiter = RateLimitFilter(burst=2, window_s=10.0)
    limiter._monotonic = lambda: 0.0  # type: ignore[method-assign]
    exempt = [record("partition guard starts at the committed offsets: %s") for _ in range(20)]
    for line in exempt:
        line.__dict__[EXEMPT] = True  # what logging does with extra={EXEMPT: True}
    assert all(limiter.filter(line) for line in exempt)
    kept = [limiter.filter(record("partition guard starts at the committed offsets: %s")) for _ in range(3)]
    assert kept == [True, True, False]  # the same kind without the mark is still limited
