"""Table changes: applied to the table's local store at once, sent to its changelog before the next commit.

A Faust table assignment sends its changelog record through Faust's producer buffer, and Faust
stops delivering messages to every agent while that buffer holds more than 100 records. The intel
stages change tens of keys per message, so the buffer filled after every few messages and the
worker spent much of a burst stalled (docs/benchmarks.md). Here each changed key goes to the
producer directly, in the table's own changelog format (same topic, partition, key and value
bytes), so Faust's recovery reads it back exactly as if the table had sent it.

A busy key (a thread's window, an author, a campaign band) changes with most messages, so the
changes are held per changelog partition, one per key, and sent together: by the agent once they
are a quarter of a second old (or many), and in any case when the producer is flushed: Faust
flushes it before every offset commit (checked at start-up by :func:`streams.worker.compat.check`),
and the worker's producer runs :meth:`DirectChangelog.flush` first (``streams/worker/compat.py``,
``IdempotentProducer.before_flush``). So every change of a committed message is on the broker
before its offset is, as before; a key written by ten messages in that time goes out once instead
of ten times. A message whose offset is not committed
(a crash) is delivered again and redoes its changes; before a rebalance Faust flushes the producer
too, so nothing is held for a partition that goes to another worker. A flush sends a quarter of a
second's changes at once: with aiokafka's default 16 KiB batch a partition's batch filled mid-flush
and each further send waited for a broker round trip, stalling the event loop (``producer_batch_bytes``
in :mod:`streams.settings`, 256 KiB by default; docs/benchmarks.md).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

import faust
from faust.types import TableT

from streams.worker.write_back import DELETED

Send = Callable[[str, bytes | None, bytes | None, int | None, float | None, Any], Awaitable[Any]]
"""``faust.types.ProducerT.send``: topic, key, value, partition, timestamp, headers."""


class DirectChangelog:
    """Applies changes to ``table``'s local store and sends one changelog record per changed key."""

    def __init__(self, table: TableT[str, Any], send: Send) -> None:
        self.store = table.data
        self.topic = table.changelog_topic
        self.topic_name = self.topic.get_topic_name()
        collection = cast("faust.Table[str, Any]", table)  # TableT does not declare the serializers
        self.key_serializer = collection.key_serializer
        self.value_serializer = collection.value_serializer
        self.send = send
        self._key_bytes = self._key_encoder()
        self._raw_values = self.value_serializer == "raw"
        self.pending: dict[int, dict[str, Any]] = {}
        """Changes not sent yet, per changelog partition (the latest value of each key)."""
        self._sending = asyncio.Lock()
        self._held_since: float | None = None

    def _faust_key(self, key: str) -> bytes:
        raw_key, _ = self.topic.prepare_key(key, self.key_serializer)
        return cast(bytes, raw_key)

    def _key_encoder(self) -> Callable[[str], bytes]:
        """How a key becomes its changelog key bytes: Faust's own codec path (~4 µs a key), or, for
        JSON keys, ``json.dumps`` (~0.5 µs) when it gives Faust's bytes for a probe of quotes,
        backslashes, control and non-ASCII characters (Faust's JSON codec can be another library)."""

        def plain(key: str) -> bytes:
            return json.dumps(key).encode()

        probe = 'a|"q"\\b\t\u00e9\u2202\U0001f600|z'
        if self.key_serializer == "json" and plain(probe) == self._faust_key(probe):
            return plain
        return self._faust_key

    def _value_bytes(self, value: Any) -> bytes | None:
        if value is DELETED:
            return None
        if self._raw_values and isinstance(value, bytes):  # Faust's raw codec passes bytes through
            return value
        raw_value, _ = self.topic.prepare_value(value, self.value_serializer)
        return cast(bytes, raw_value)

    def held_for(self) -> float:
        """Seconds since the oldest change not sent yet was applied (0.0 when none is held)."""
        return 0.0 if self._held_since is None else time.monotonic() - self._held_since

    @property
    def waiting(self) -> int:
        """Changed keys not sent yet."""
        return sum(len(changes) for changes in self.pending.values())

    def apply(self, changes: Mapping[str, Any], partition: int) -> int:
        """Apply ``changes`` (``DELETED`` deletes) to the store now; send them with the next :meth:`flush`."""
        if not changes:
            return 0
        if self._held_since is None:
            self._held_since = time.monotonic()
        held = self.pending.setdefault(partition, {})
        for key, value in changes.items():
            if value is DELETED:
                self.store.pop(key, None)
            else:
                self.store[key] = value
            held[key] = value
        return len(changes)

    async def flush(self) -> int:
        """Send every held change as a changelog record of its partition; how many."""
        async with self._sending:  # flushes one at a time: a key's records stay in order
            pending, self.pending, self._held_since = self.pending, {}, None
            key_bytes, value_bytes, send, topic = self._key_bytes, self._value_bytes, self.send, self.topic_name
            for partition, changes in pending.items():
                for key, value in changes.items():
                    await send(topic, key_bytes(key), value_bytes(value), partition, None, None)
            return sum(len(changes) for changes in pending.values())

    async def write(self, changes: Mapping[str, Any], partition: int) -> int:
        """Apply ``changes`` and send them (with anything else held) now; how many were changed."""
        applied = self.apply(changes, partition)
        await self.flush()
        return applied
