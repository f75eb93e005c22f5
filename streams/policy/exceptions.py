"""Errors raised while loading or applying the moderation policy."""

from __future__ import annotations


class PolicyError(Exception):
    """The policy file is missing, malformed or inconsistent."""
