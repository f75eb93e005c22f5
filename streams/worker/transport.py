"""Faust's aiokafka transport, made safe for at-least-once.

- The producer is idempotent: Faust turns idempotence on only inside transactions
  (``exactly_once``); we want it for plain at-least-once, so it asks for ``acks=all`` and
  ``enable_idempotence`` always.
- The consumer flushes the producer before it commits: Faust commits the offsets of acked events
  without waiting for what handling them produced (decisions, intel records, changelog writes) to
  reach the broker, so a crash right after a commit could lose a comment's decision for good.
- Once any batch bound for a broker is due, every batch bound for that broker goes in the same
  produce request, as the Java producer does. aiokafka sends only the batches whose own linger has
  run out, so with many partitions (decisions, intel topics, changelogs) it sent one small request
  after another; each costs a socket write here and a request on the broker.

URL scheme: ``modstream-kafka://host:port``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiokafka
from aiokafka.producer.message_accumulator import MessageAccumulator
from faust.exceptions import ProducerSendError
from faust.transport import drivers
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

SCHEME = "modstream-kafka"


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
    """aiokafka producer with ``enable_idempotence=True`` and ``acks=all``, draining per broker."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}

    @property
    def _producer_type(self) -> type[aiokafka.AIOKafkaProducer]:
        return BatchingKafkaProducer


class FlushingConsumer(faust_aiokafka.Consumer):
    """aiokafka consumer that commits offsets only once everything produced so far is on the broker."""

    async def _handle_attached(self, commit_offsets: Mapping[TP, int]) -> None:
        await super()._handle_attached(commit_offsets)
        try:
            await self.app.producer.flush()
        except Exception as exc:  # no commit: the events are handled again (at-least-once)
            raise ProducerSendError(f"flush before commit failed: {exc!r}") from exc


class Transport(faust_aiokafka.Transport):
    """The aiokafka transport: idempotent producer, flush-before-commit consumer."""

    Consumer = FlushingConsumer
    Producer = IdempotentProducer


def register() -> None:
    """Make ``modstream-kafka://`` URLs resolve to this transport (idempotent)."""
    drivers.TRANSPORTS.aliases.setdefault(SCHEME, f"{__name__}:Transport")


def broker_url(bootstrap: str) -> str:
    """``host1:port,host2:port`` -> the Faust broker URL for this transport."""
    hosts = ";".join(h.strip() for h in bootstrap.split(",") if h.strip())
    return f"{SCHEME}://{hosts}"
