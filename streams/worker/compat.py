"""Every private Faust, mode and aiokafka attribute the worker touches, in one place.

Each use names the attribute explicitly (never ``getattr(..., default)``, which would silently
disable a guard when a release renames it), and :func:`check` verifies at start-up that the
installed classes still have every one of them; ``tests/worker/test_compat.py`` runs the same
check against the real classes. The versions these were read from are pinned exactly in
pyproject.toml.

What we touch, and why:

* ``faust Consumer._committed_offset`` (partition guard): where each partition was committed,
  so the guard knows where a partition starts after an assignment.
* ``faust Consumer._gap`` (partition guard): Faust records a jump in offsets as a gap of finished
  records and commits past it; before seeking back over such a jump the guard drops that gap.
* ``faust Consumer._read_offset`` and ``._thread`` (partition guard): Faust's own ``seek`` calls
  aiokafka from the event loop while the consumer thread fetches (a race that crashed the fetcher),
  so the guard seeks on the consumer thread and moves Faust's read position itself (and puts it back
  at the seek's target when it resumes the partition it paused for the seek: records fetched before
  the seek and delivered after it move the position on, and Faust then drops the records fetched
  again below it as already read).
* ``faust aiokafka Producer._settings_extra`` and ``._producer_type`` (producer): the producer is
  idempotent with ``acks=all`` outside transactions, and is built with the draining accumulator.
* ``aiokafka AIOKafkaProducer._message_accumulator``, ``MessageAccumulator._batches`` /
  ``._cluster`` and ``MessageBatch._linger_time`` (producer): once one batch for a broker is due,
  every batch for that broker goes in the same request (as the Java producer does).

Not touched any more: Faust 0.15.3 already flushes the producer before it commits offsets
(``Consumer._commit_offsets``; :func:`check` verifies that too), so the worker no longer has its own
flushing consumer.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiokafka
from aiokafka.producer.message_accumulator import MessageAccumulator, MessageBatch
from faust.transport import consumer as faust_consumer
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

from streams.worker.exceptions import CompatError

# -- the consumer (partition guard) -----------------------------------------------------------------


def committed_offset(consumer: Any, tp: TP) -> int | None:
    """The offset Faust last committed for ``tp`` (None: nothing committed by this consumer)."""
    offset: int | None = consumer._committed_offset.get(tp)
    return offset


def forget_gap(consumer: Any, tp: TP) -> None:
    """Drop the gap Faust recorded for ``tp`` (it would commit past the skipped records)."""
    consumer._gap.pop(tp, None)


def set_read_offset(consumer: Any, tp: TP, offset: int) -> None:
    """Put Faust's read position of ``tp`` at ``offset`` (records below it are dropped as already read)."""
    consumer._read_offset[tp] = offset


async def seek_on_consumer_thread(consumer: Any, tp: TP, offset: int) -> None:
    """Seek ``tp`` to ``offset`` from the consumer thread and move Faust's read position there."""
    thread = consumer._thread
    await thread.call_thread(thread.seek, tp, offset)
    consumer._read_offset[tp] = offset


# -- the producer ---------------------------------------------------------------------------------


class NodeDrainingAccumulator(MessageAccumulator):
    """aiokafka's accumulator, but a broker with one batch due gets all its batches at once."""

    def drain_by_nodes(self, ignore_nodes: Any, muted_partitions: Any = frozenset()) -> Any:
        due: set[int] = set()
        waiting: list[tuple[Any, int]] = []
        for tp, batches in self._batches.items():
            leader = self._cluster.leader_for_partition(tp)
            if tp in muted_partitions or leader is None or leader == -1 or leader in (ignore_nodes or ()):
                continue  # aiokafka's own drain deals with these as before
            if batches[0].remaining_linger():
                waiting.append((batches[0], leader))
            else:
                due.add(leader)
        for batch, leader in waiting:
            if leader in due:
                batch._linger_time = 0  # due now: goes out with the batch that is
        return super().drain_by_nodes(ignore_nodes, muted_partitions)


class BatchingKafkaProducer(aiokafka.AIOKafkaProducer):
    """``AIOKafkaProducer`` with :class:`NodeDrainingAccumulator`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._message_accumulator.__class__ = NodeDrainingAccumulator


class IdempotentProducer(faust_aiokafka.Producer):
    """Faust's aiokafka producer with ``enable_idempotence=True`` and ``acks=all``, draining per broker.

    :attr:`before_flush` coroutines run at the start of every :meth:`flush`: Faust flushes the
    producer before it commits offsets, so what they send is on the broker before the commit
    (the intel tables' held changelog records, ``streams/worker/changelog.py``).
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        self.before_flush: list[Callable[[], Awaitable[Any]]] = []

    async def flush(self) -> None:
        for hook in list(self.before_flush):
            await hook()
        await super().flush()

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}

    @property
    def _producer_type(self) -> type[aiokafka.AIOKafkaProducer]:
        return BatchingKafkaProducer


# -- the start-up check ---------------------------------------------------------------------------


def _sets(cls: type, method: str, attribute: str) -> bool:
    """Whether ``cls.method``'s source assigns ``self.<attribute>``."""
    try:
        source = inspect.getsource(getattr(cls, method))
    except (AttributeError, OSError, TypeError):
        return False
    return f"self.{attribute} =" in source or f"self.{attribute}:" in source


def _calls(cls: type, method: str, fragment: str) -> bool:
    try:
        return fragment in inspect.getsource(getattr(cls, method))
    except (AttributeError, OSError, TypeError):
        return False


def _checks() -> dict[str, Callable[[], bool]]:
    consumer = faust_consumer.Consumer
    thread_consumer = faust_consumer.ThreadDelegateConsumer
    consumer_thread = faust_aiokafka.AIOKafkaConsumerThread
    return {
        "faust Consumer._committed_offset": lambda: _sets(consumer, "__init__", "_committed_offset"),
        "faust Consumer._gap": lambda: _sets(consumer, "__init__", "_gap"),
        "faust Consumer._read_offset": lambda: _sets(consumer, "__init__", "_read_offset"),
        "faust ThreadDelegateConsumer._thread": lambda: _sets(thread_consumer, "__init__", "_thread"),
        "faust aiokafka ConsumerThread.seek": lambda: callable(getattr(consumer_thread, "seek", None)),
        "mode ServiceThread.call_thread": lambda: callable(getattr(consumer_thread, "call_thread", None)),
        "faust Consumer._commit_offsets flushes the producer": lambda: _calls(
            consumer, "_commit_offsets", "self.app.producer.flush()"
        ),
        "faust aiokafka Producer._settings_extra": lambda: callable(
            getattr(faust_aiokafka.Producer, "_settings_extra", None)
        ),
        "faust aiokafka Producer._producer_type": lambda: isinstance(
            inspect.getattr_static(faust_aiokafka.Producer, "_producer_type", None), property
        ),
        "aiokafka AIOKafkaProducer._message_accumulator": lambda: _sets(
            aiokafka.AIOKafkaProducer, "__init__", "_message_accumulator"
        ),
        "aiokafka MessageAccumulator._batches": lambda: _sets(MessageAccumulator, "__init__", "_batches"),
        "aiokafka MessageAccumulator._cluster": lambda: _sets(MessageAccumulator, "__init__", "_cluster"),
        "aiokafka MessageAccumulator.drain_by_nodes": lambda: callable(
            getattr(MessageAccumulator, "drain_by_nodes", None)
        ),
        "aiokafka MessageBatch._linger_time": lambda: _sets(MessageBatch, "__init__", "_linger_time"),
        "aiokafka MessageBatch.remaining_linger": lambda: callable(getattr(MessageBatch, "remaining_linger", None)),
    }


def missing() -> list[str]:
    """The private attributes this module relies on that the installed classes lack."""
    return [name for name, ok in _checks().items() if not ok()]


def check() -> None:
    """Fail fast, with one clear message, if the installed Faust/aiokafka lack what we rely on."""
    gone = missing()
    if gone:
        import faust

        raise CompatError(
            f"faust-streaming {faust.__version__} / aiokafka {aiokafka.__version__} lack what "
            f"streams/worker/compat.py relies on: {', '.join(gone)} (install the versions pinned in pyproject.toml)"
        )
