"""Errors raised while loading or running the classifier."""

from __future__ import annotations


class ScoringError(Exception):
    """Base class for scoring errors."""


class ModelLoadError(ScoringError):
    """The ONNX model or its metadata is missing, unreadable or inconsistent."""


class UnknownLabelError(ScoringError, KeyError):
    """A label the loaded model does not produce."""
