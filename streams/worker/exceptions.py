"""Errors raised by the worker."""

from __future__ import annotations


class WorkerError(Exception):
    """The worker cannot start or continue."""


class CompatError(WorkerError):
    """The installed Faust or aiokafka lacks a private attribute the worker relies on (streams/worker/compat.py)."""
