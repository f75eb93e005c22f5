"""Errors raised by :mod:`streams.broker` (the local dev broker); the admin ones live in :mod:`streams.kafka_admin`."""

from __future__ import annotations

from streams.kafka_admin.exceptions import BrokerError, BrokerNotReady

__all__ = ["BrokerError", "BrokerNotReady", "MavenResolutionError", "PortInUse"]


class MavenResolutionError(BrokerError):
    """The broker jars could not be resolved from Maven Central."""


class PortInUse(BrokerError):
    """A port the broker needs is already taken by another process."""
