"""Deterministic text -> hashed sparse features, shared by training and inference."""

from streams.features.exceptions import FeaturesError, FeaturizerConfigError
from streams.features.hashing import FeaturizerConfig, HashedBatch, HashingFeaturizer, TokenFeatures

__all__ = [
    "FeaturesError",
    "FeaturizerConfig",
    "FeaturizerConfigError",
    "HashedBatch",
    "HashingFeaturizer",
    "TokenFeatures",
]
