"""Errors of the feedback loop (sending, joining, exporting verdicts)."""

from __future__ import annotations


class FeedbackError(Exception):
    """A verdict could not be sent, joined or exported; the message says why."""
