"""Rate limits per author and per thread, and identical repeats by one author.

State (JSON, bounded by the limits themselves):

* ``a|<tenant>|<author>`` -> ``"ts,cid;ts,cid|ts,text_hash,cid;..."``: the author's last
  ``flood_author_max`` comments, then their last ``repeat_max_tracked`` texts, packed in one string
  (a third of the memory of nested lists; older workers wrote ``{"e": [...], "r": [...]}``, still read);
* ``t|<tenant>|<thread>`` -> ``{"b": [[second, count], ...], "c": [cid, ...]}``: per-second counts
  over the window (a busy thread stays a few hundred bytes) and the last comments seen.

``cid`` is a short hash of the comment id, so a redelivered comment is not counted twice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from streams.intel.model import Store, short_hash
from streams.intel.settings import IntelSettings
from streams.metrics.registry import FLOODS

_RECENT = 32


def _count_recent(entries: list[list[Any]], cid: str, now: float, window_s: float) -> int:
    """Comments other than ``cid`` in ``(now - window_s, now]``."""
    return sum(1 for e in entries if e[-1] != cid and now - window_s < e[0] <= now)


def _remember(entries: list[list[Any]], item: list[Any], keep: int) -> list[list[Any]]:
    """``entries`` plus ``item``, in time order, only the latest ``keep``."""
    merged = sorted([*entries, item], key=lambda e: e[0])
    return merged[-keep:]


def repeat_key(text: str) -> str:
    """Identity of a text for the identical-repeat rule (case and whitespace folded)."""
    return short_hash(" ".join(text.split()).casefold(), 8)


def unpack_author_state(state: str | dict[str, Any] | None) -> tuple[list[list[Any]], list[list[Any]]]:
    """An author's recent comments ``[[ts, cid], ...]`` and texts ``[[ts, text_hash, cid], ...]``."""
    if not state:
        return [], []
    if isinstance(state, dict):  # written by an older worker
        return list(state.get("e", [])), list(state.get("r", []))
    comments, _, texts = state.partition("|")
    events = [[float(ts), cid] for ts, cid in (item.split(",") for item in comments.split(";") if item)]
    repeats = [[float(ts), h, cid] for ts, h, cid in (item.split(",") for item in texts.split(";") if item)]
    return events, repeats


def pack_author_state(events: list[list[Any]], texts: list[list[Any]]) -> str:
    """The stored form of :func:`unpack_author_state`'s lists (hex ids: no separator can occur)."""
    comments = ";".join(f"{ts!r},{cid}" for ts, cid in events)
    repeats = ";".join(f"{ts!r},{h},{cid}" for ts, h, cid in texts)
    return f"{comments}|{repeats}"


def author_state_stale(state: str | dict[str, Any], now: float, s: IntelSettings) -> bool:
    """Whether an author's flood state can no longer affect any decision at or after ``now``."""
    horizon = now - max(s.flood_author_window_s, s.repeat_window_s)
    events, texts = unpack_author_state(state)
    return all(e[0] <= horizon for e in events) and all(r[0] <= horizon for r in texts)


def thread_state_stale(state: dict[str, Any], now: float, s: IntelSettings) -> bool:
    """Whether a thread's flood state can no longer affect any decision at or after ``now``."""
    return all(b[0] <= now - s.flood_thread_window_s for b in state.get("b", []))


@dataclass(frozen=True, slots=True)
class AuthorVerdict:
    """What the author-scoped flood rules found for one comment."""

    flood: bool
    repeat: bool


class AuthorFloods:
    """Per-author rate limit and identical-repeat detection over a store keyed by author."""

    def __init__(self, store: Store, settings: Callable[[str], IntelSettings]) -> None:
        self.store = store
        self.settings = settings

    def observe(
        self, tenant: str, author_id: str, comment_id: str, digest: str | None, now: float
    ) -> AuthorVerdict:
        """Record the comment; say whether it floods or repeats an earlier text.

        ``digest`` is :func:`repeat_key` of the text, or None when the text is too short to count
        as a repeat (shorter than ``repeat_min_chars``).
        """
        s = self.settings(tenant)
        if not s.floods_enabled:
            return AuthorVerdict(flood=False, repeat=False)
        key = f"a|{tenant}|{author_id}"
        cid = short_hash(comment_id, 6)
        events, texts = unpack_author_state(self.store.get(key))
        seen = any(e[-1] == cid for e in events) or any(r[-1] == cid for r in texts)

        flood = _count_recent(events, cid, now, s.flood_author_window_s) + 1 > s.flood_author_max
        repeat = False
        if digest is not None:
            repeat = any(
                h == digest and other != cid and now - s.repeat_window_s < ts <= now
                for ts, h, other in texts
            )
            if not seen:
                texts = _remember(texts, [now, digest, cid], s.repeat_max_tracked)
        if not seen:
            events = _remember(events, [now, cid], s.flood_author_max)
            horizon = now - max(s.flood_author_window_s, s.repeat_window_s)
            self.store[key] = pack_author_state(
                [e for e in events if e[0] > now - s.flood_author_window_s],
                [r for r in texts if r[0] > horizon],
            )
        if flood:
            FLOODS.labels(scope="author").inc()
        return AuthorVerdict(flood=flood, repeat=repeat)


class ThreadFloods:
    """Per-thread rate limit over a store keyed by thread."""

    def __init__(self, store: Store, settings: Callable[[str], IntelSettings]) -> None:
        self.store = store
        self.settings = settings

    def observe(self, tenant: str, thread_id: str, comment_id: str, now: float) -> bool:
        """Record the comment; say whether its thread is over the rate limit (1-second buckets)."""
        s = self.settings(tenant)
        if not s.floods_enabled:
            return False
        key = f"t|{tenant}|{thread_id}"
        cid = short_hash(comment_id, 4)
        second = math.floor(now)
        state: dict[str, Any] = self.store.get(key) or {"b": [], "c": []}
        buckets: list[list[int]] = state.get("b", [])
        recent: list[str] = state.get("c", [])
        seen = cid in recent
        earlier = sum(n for sec, n in buckets if second - s.flood_thread_window_s < sec <= second)
        if seen:
            earlier -= 1
        flood = earlier + 1 > s.flood_thread_max
        if not seen:
            counts = dict((sec, n) for sec, n in buckets if sec > second - s.flood_thread_window_s)
            counts[second] = counts.get(second, 0) + 1
            self.store[key] = {"b": sorted([sec, n] for sec, n in counts.items()), "c": [*recent, cid][-_RECENT:]}
        if flood:
            FLOODS.labels(scope="thread").inc()
        return flood
