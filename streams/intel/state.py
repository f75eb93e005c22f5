"""Typed state over a byte store, and per-partition retention in rule time.

A stage reads and writes typed values (:mod:`streams.intel.records`) through :class:`StateStore`;
underneath is any ``MutableMapping[str, bytes]`` (a dict offline, a write-back buffer over a Faust
table in the worker). Every write says until when (rule time) the value can matter.

:class:`Retention` is the clock of each partition of a stage and an index of when keys expire.
A partition's clock is the highest rule time it has seen (rule times are already clamped to the
scoring clock plus ``max_future_s``, and a lone record far ahead of the clock does not move it:
:meth:`Retention.advance`), so one event dated in the future cannot expire anything. A key is judged
by its own expiry (from its own newest event) against its partition's clock, which every key of the
partition moves: it is deleted once that clock passes its expiry (by the minute), however recently
it was written. Only a key written when already past its expiry is kept for ``grace_s`` seconds
(processing time) after that write, so an author whose comments are hours older than the rest of its
partition (a replay beside live traffic) still has its state from one of its comments to the next.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any, TypeVar

from streams.intel.records import decoder, encode

T = TypeVar("T")
RawStore = MutableMapping[str, bytes]


class StateStore:
    """Typed get/put over a byte store; remembers each written key's expiry for the driver."""

    def __init__(self, raw: RawStore) -> None:
        self.raw = raw
        self.written: dict[str, float] = {}
        self._decoders: dict[type[Any], Any] = {}

    def get(self, key: str, kind: type[T]) -> T | None:
        raw = self.raw.get(key)
        if raw is None:
            return None
        dec = self._decoders.get(kind)
        if dec is None:
            dec = self._decoders[kind] = decoder(kind)
        value: T = dec.decode(raw)
        return value

    def put(self, key: str, value: Any, expires: float) -> None:
        self.raw[key] = encode(value)
        self.written[key] = expires

    def delete(self, key: str) -> None:
        self.raw.pop(key, None)
        self.written.pop(key, None)

    def take_written(self) -> dict[str, float]:
        """Keys written since the last call, with their expiries (cleared here)."""
        written, self.written = self.written, {}
        return written


_SLOT = 60.0  # expiry index granularity, seconds of rule time


class Retention:
    """Per-partition clocks and expiry index of one stage's keys."""

    def __init__(
        self, grace_s: float = 120.0, max_jump_s: float = 3600.0, wall: Callable[[], float] = time.monotonic
    ) -> None:
        self.clocks: dict[int, float] = {}
        self.max_jump_s = max_jump_s
        self._ahead: dict[int, float] = {}
        self.grace_s = grace_s
        self._wall = wall
        self._due: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._young: dict[int, deque[tuple[float, str]]] = defaultdict(deque)
        self._written_at: dict[str, float] = {}  # keys written already past their expiry (late ones)

    def clock(self, partition: int) -> float:
        """The partition's rule-time clock (-inf before its first record)."""
        return self.clocks.get(partition, -math.inf)

    def advance(self, partition: int, ts: float) -> float:
        """Move the partition's clock to ``ts`` if later; the clock.

        One record more than ``max_jump_s`` ahead of the clock does not move it (a lone bad
        timestamp); the next record that is also that far ahead does (a real jump, after a quiet
        spell): the clock goes to the earlier of the two.
        """
        now = self.clocks.get(partition)
        if now is None or ts <= now + self.max_jump_s:
            now = ts if now is None else max(now, ts)
            self._ahead.pop(partition, None)
        else:
            ahead = self._ahead.pop(partition, None)
            if ahead is None:
                self._ahead[partition] = ts
            else:
                now = min(ahead, ts)
        self.clocks[partition] = now
        return now

    def note(self, partition: int, written: dict[str, float]) -> None:
        """Index written keys under their expiry (a key already past it waits out ``grace_s`` first)."""
        slots = self._due[partition]
        now = self.clock(partition)
        wall = self._wall()
        for key, expires in written.items():
            if expires < now:
                self._young[partition].append((wall, key))
                self._written_at[key] = wall
            else:
                slots[math.floor(expires / _SLOT)].add(key)

    def sweep(self, partition: int, store: StateStore, expiry_of: Callable[[str, bytes], float]) -> int:
        """Delete the partition's keys whose expiry has passed; how many went.

        A key noted in an old slot but written again since is looked up (``expiry_of`` reads its
        stored value) and moved to its current slot instead.
        """
        now = self.clock(partition)
        if now == -math.inf:
            return 0
        slots = self._due[partition]
        wall = self._wall()
        gone = 0

        def settle(key: str) -> None:
            nonlocal gone
            raw = store.raw.get(key)
            if raw is None:
                return
            expires = expiry_of(key, raw)
            if expires < now:
                store.delete(key)
                gone += 1
            else:
                slots[math.floor(expires / _SLOT)].add(key)

        young = self._young[partition]
        while young and wall - young[0][0] >= self.grace_s:
            written, key = young.popleft()
            if self._written_at.get(key) == written:  # not written again since
                del self._written_at[key]
                settle(key)
        for slot in sorted(s for s in slots if (s + 1) * _SLOT <= now):
            for key in slots.pop(slot):
                if key not in self._written_at:  # a young key waits out its grace
                    settle(key)
        return gone

    def rebuild(self, items: Iterable[tuple[int, str, bytes]], expiry_of: Callable[[str, bytes], float]) -> None:
        """Index keys recovered from a changelog: ``(partition, key, value)``."""
        for partition, key, raw in items:
            self._due[partition][math.floor(expiry_of(key, raw) / _SLOT)].add(key)

    def forget(self, partition: int) -> None:
        """The partition went to another worker."""
        self._due.pop(partition, None)
        self.clocks.pop(partition, None)
        for _, key in self._young.pop(partition, ()):
            self._written_at.pop(key, None)

    def indexed(self) -> int:
        """Index entries (keys, counted once per slot they are noted in)."""
        return sum(len(keys) for slots in self._due.values() for keys in slots.values())
