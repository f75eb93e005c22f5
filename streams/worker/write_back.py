"""A Faust table behind a write-back buffer: one changelog record per changed key per message.

Every assignment to a Faust table sends a changelog record. The intel stages handle a batch of
comments per message and often touch the same key (a busy thread, a campaign band) many times in
one batch; buffering the writes and flushing them at the end of the message sends each changed key
once. Reads see the pending writes, so the rules behave exactly as with the table itself.

The worker takes the changes (:meth:`WriteBackStore.take`) at the end of each message and writes
them with :class:`streams.worker.changelog.DirectChangelog` to that message's partition;
:meth:`WriteBackStore.flush` assigns them to the table instead (any mapping).
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

DELETED: Any = object()
"""The pending value of a deleted key."""


class WriteBackStore(MutableMapping[str, Any]):
    """``table`` with writes held until :meth:`take` or :meth:`flush`."""

    def __init__(self, table: MutableMapping[str, Any]) -> None:
        self.table = table
        self._pending: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._pending:
            value = self._pending[key]
            if value is DELETED:
                raise KeyError(key)
            return value
        return self.table[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._pending[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._pending[key] = DELETED

    def __contains__(self, key: object) -> bool:
        if key in self._pending:
            return self._pending[key] is not DELETED
        return key in self.table

    def __iter__(self) -> Iterator[str]:
        for key in self.table:
            if key not in self._pending:
                yield key
        for key, value in self._pending.items():
            if value is not DELETED:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def pending(self) -> int:
        """How many keys wait to be written."""
        return len(self._pending)

    def take(self) -> dict[str, Any]:
        """The pending writes (``DELETED`` marks a delete), cleared here: the caller writes them."""
        pending, self._pending = self._pending, {}
        return pending

    def flush(self) -> int:
        """Write every changed key to the table once; how many were written."""
        pending = self.take()
        for key, value in pending.items():
            if value is DELETED:
                self.table.pop(key, None)
            else:
                self.table[key] = value
        return len(pending)
