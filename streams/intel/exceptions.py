"""Errors raised by the stateful rules."""

from __future__ import annotations


class IntelError(Exception):
    """Base class for stream-intelligence errors."""


class IntelConfigError(IntelError):
    """The ``intel`` section of the policy (or a tenant override of it) is invalid."""


class IntelStateError(IntelError):
    """A state record or wire record could not be read back."""
