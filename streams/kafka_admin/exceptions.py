"""Errors raised by :mod:`streams.kafka_admin` (and, subclassed, by the dev broker in :mod:`streams.broker`)."""

from __future__ import annotations


class BrokerError(Exception):
    """Base class for every broker failure: unreachable, refused admin request, local broker trouble."""


class BrokerNotReady(BrokerError):
    """The broker did not answer an admin request in time (or exited while starting).

    ``log_tail`` holds the last lines of the broker log, when there is one.
    """

    def __init__(self, message: str, log_tail: str = "") -> None:
        super().__init__(message)
        self.log_tail = log_tail

    def __str__(self) -> str:
        base = super().__str__()
        if not self.log_tail:
            return base
        return f"{base}\n--- last lines of the broker log ---\n{self.log_tail}"
