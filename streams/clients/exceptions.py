"""Errors raised by the command-line Kafka clients."""

from __future__ import annotations


class ClientError(Exception):
    """A replay or tail could not reach the broker or read its input."""
