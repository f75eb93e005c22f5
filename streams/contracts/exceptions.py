"""Errors raised while reading events off the wire."""

from __future__ import annotations


class ContractError(Exception):
    """Base class for contract errors."""


class InvalidEvent(ContractError):
    """An event that cannot be moderated; ``reason`` is a short stable code for the dead-letter topic."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
