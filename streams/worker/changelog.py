"""Write a message's table changes to the table's local store and straight to its changelog.

A Faust table assignment sends its changelog record through Faust's producer buffer, and Faust
stops delivering messages to every agent while that buffer holds more than 100 records. The intel
stages change tens of keys per message, so the buffer filled after every few messages and the
worker spent much of a burst stalled (docs/benchmarks.md). Here each changed key goes to the
producer directly, in the table's own changelog format (same topic, partition, key and value
bytes), so Faust's recovery reads it back exactly as if the table had sent it.

Durability is unchanged: the records are handed to the producer before the message is acked, and
the consumer flushes the producer before it commits (``streams/worker/transport.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

import faust
from faust.types import TableT

from streams.worker.write_back import DELETED

Send = Callable[[str, bytes | None, bytes | None, int | None, float | None, Any], Awaitable[Any]]
"""``faust.types.ProducerT.send``: topic, key, value, partition, timestamp, headers."""


class DirectChangelog:
    """Applies changes to ``table``'s local store and sends one changelog record per key."""

    def __init__(self, table: TableT[str, Any], send: Send) -> None:
        self.store = table.data
        self.topic = table.changelog_topic
        self.topic_name = self.topic.get_topic_name()
        collection = cast("faust.Table[str, Any]", table)  # TableT does not declare the serializers
        self.key_serializer = collection.key_serializer
        self.value_serializer = collection.value_serializer
        self.send = send

    async def write(self, changes: Mapping[str, Any], partition: int) -> int:
        """Apply ``changes`` (``DELETED`` deletes) as changelog partition ``partition``; how many."""
        for key, value in changes.items():
            raw_key, _ = self.topic.prepare_key(key, self.key_serializer)
            raw_value: bytes | None = None
            if value is DELETED:
                self.store.pop(key, None)
            else:
                self.store[key] = value
                raw_value, _ = self.topic.prepare_value(value, self.value_serializer)
            await self.send(self.topic_name, raw_key, raw_value, partition, None, None)
        return len(changes)
