"""Faust's aiokafka transport with an idempotent, per-broker-draining producer.

- The producer is idempotent: Faust turns idempotence on only inside transactions
  (``exactly_once``); we want it for plain at-least-once, so it asks for ``acks=all`` and
  ``enable_idempotence`` always.
- Once any batch bound for a broker is due, every batch bound for that broker goes in the same
  produce request, as the Java producer does (aiokafka sent only the batches whose own linger had
  run out: one small request after another with many partitions).
- Faust itself flushes the producer before committing offsets, so the decisions, intel records and
  changelog writes of committed events are on the broker (checked at start-up by
  :func:`streams.worker.compat.check`).

Both producer changes use private aiokafka/Faust attributes and live in :mod:`streams.worker.compat`.

URL scheme: ``modstream-kafka://host:port``.
"""

from __future__ import annotations

from faust.transport import drivers
from faust.transport.drivers import aiokafka as faust_aiokafka

from streams.worker.compat import IdempotentProducer

SCHEME = "modstream-kafka"


class Transport(faust_aiokafka.Transport):
    """The aiokafka transport with the idempotent producer."""

    Producer = IdempotentProducer


def register() -> None:
    """Make ``modstream-kafka://`` URLs resolve to this transport (idempotent)."""
    drivers.TRANSPORTS.aliases.setdefault(SCHEME, f"{__name__}:Transport")


def broker_url(bootstrap: str) -> str:
    """``host1:port,host2:port`` -> the Faust broker URL for this transport."""
    hosts = ";".join(h.strip() for h in bootstrap.split(",") if h.strip())
    return f"{SCHEME}://{hosts}"
