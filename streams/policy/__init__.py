"""Moderation policy: thresholds from ``config/`` turned into actions and reasons."""

from streams.policy.decide import Policy
from streams.policy.exceptions import PolicyError
from streams.policy.model import PolicyConfig, TenantOverride, Threshold

__all__ = ["Policy", "PolicyConfig", "PolicyError", "TenantOverride", "Threshold"]
