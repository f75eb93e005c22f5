"""Faust's aiokafka transport with an idempotent producer (at-least-once without duplicates per send).

Faust turns idempotence on only inside transactions (``exactly_once``); we want it for plain
at-least-once, so the producer asks for ``acks=all`` and ``enable_idempotence`` always.
URL scheme: ``modstream-kafka://host:port``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faust.transport import drivers
from faust.transport.drivers import aiokafka as faust_aiokafka

SCHEME = "modstream-kafka"


class IdempotentProducer(faust_aiokafka.Producer):
    """aiokafka producer with ``enable_idempotence=True`` and ``acks=all``."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


class Transport(faust_aiokafka.Transport):
    """The aiokafka transport, producing idempotently."""

    Producer = IdempotentProducer


def register() -> None:
    """Make ``modstream-kafka://`` URLs resolve to this transport (idempotent)."""
    drivers.TRANSPORTS.aliases.setdefault(SCHEME, f"{__name__}:Transport")


def broker_url(bootstrap: str) -> str:
    """``host1:port,host2:port`` -> the Faust broker URL for this transport."""
    hosts = ";".join(h.strip() for h in bootstrap.split(",") if h.strip())
    return f"{SCHEME}://{hosts}"
