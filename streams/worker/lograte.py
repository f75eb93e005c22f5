"""A log filter that keeps an outage from flooding the log: each kind of message (logger, level,
format string) passes at most ``burst`` times per ``window_s``; the next one that passes says how
many were suppressed."""

from __future__ import annotations

import logging
import time

EXEMPT = "rate_limit_exempt"
"""``extra={EXEMPT: True}`` on a log call lets it through: for lines bounded by what they report
(one per partition start), which a reader needs whole."""


class RateLimitFilter(logging.Filter):
    """At most ``burst`` records per message kind per ``window_s`` seconds (per handler)."""

    def __init__(self, burst: int = 5, window_s: float = 10.0) -> None:
        super().__init__()
        self.burst = burst
        self.window_s = window_s
        self._windows: dict[tuple[str, int, str], tuple[float, int, int]] = {}
        self._monotonic = time.monotonic

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, EXEMPT, False):
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = self._monotonic()
        start, passed, suppressed = self._windows.get(key, (now, 0, 0))
        if now - start >= self.window_s:
            start, passed = now, 0
        if passed >= self.burst:
            self._windows[key] = (start, passed, suppressed + 1)
            return False
        if suppressed:
            record.msg = f"{record.msg} [{suppressed} similar messages suppressed]"
            suppressed = 0
        self._windows[key] = (start, passed + 1, suppressed)
        if len(self._windows) > 10_000:  # bounded: forget the oldest kinds
            for old in sorted(self._windows, key=lambda k: self._windows[k][0])[:5_000]:
                del self._windows[old]
        return True


def install(burst: int = 5, window_s: float = 10.0) -> RateLimitFilter:
    """Add one rate-limit filter to every handler of the root logger (after the worker set them up)."""
    limiter = RateLimitFilter(burst, window_s)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RateLimitFilter) for f in handler.filters):
            handler.addFilter(limiter)
    return limiter
