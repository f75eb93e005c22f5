"""Errors raised while turning text into hashed features."""

from __future__ import annotations


class FeaturesError(Exception):
    """Base class for feature errors."""


class FeaturizerConfigError(FeaturesError):
    """A featurizer configuration is invalid or does not match the model's metadata."""
