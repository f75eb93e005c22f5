"""Errors raised by the worker."""

from __future__ import annotations


class WorkerError(Exception):
    """The worker cannot start or continue."""
