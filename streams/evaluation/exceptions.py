"""Errors raised by ``modstream eval``."""

from __future__ import annotations


class EvaluationError(Exception):
    """Base class of every evaluation error."""


class DataUnavailableError(EvaluationError):
    """The held-out data (``streams/corpora/splits.py`` or ``../shared/data``) cannot be loaded."""


class UnknownSuiteError(EvaluationError):
    """A ``--suite`` filter names no known suite."""


class ReportBlockError(EvaluationError):
    """A document to update has no (or a broken) generated-report block."""
