"""Faust's aiokafka transport, made safe for at-least-once.

- The producer is idempotent: Faust turns idempotence on only inside transactions
  (``exactly_once``); we want it for plain at-least-once, so it asks for ``acks=all`` and
  ``enable_idempotence`` always.
- The consumer flushes the producer before it commits: Faust commits the offsets of acked events
  without waiting for what handling them produced (decisions, intel records, changelog writes) to
  reach the broker, so a crash right after a commit could lose a comment's decision for good.

URL scheme: ``modstream-kafka://host:port``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faust.exceptions import ProducerSendError
from faust.transport import drivers
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

SCHEME = "modstream-kafka"


class IdempotentProducer(faust_aiokafka.Producer):
    """aiokafka producer with ``enable_idempotence=True`` and ``acks=all``."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


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
