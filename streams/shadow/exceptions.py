"""Errors of shadow scoring and its report."""

from __future__ import annotations


class ShadowError(Exception):
    """Shadow scoring is misconfigured, or its report could not read the topics."""
