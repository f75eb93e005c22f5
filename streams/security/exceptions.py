"""Errors raised by :mod:`streams.security`."""

from __future__ import annotations


class SecurityConfigError(Exception):
    """The ``MODSTREAM_KAFKA_*`` security settings are inconsistent or name unreadable files."""
