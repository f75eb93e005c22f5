"""Moderation policy: thresholds from ``config/`` turned into actions and reasons."""

from streams.policy.decide import Policy
from streams.policy.exceptions import PolicyError
from streams.policy.model import PolicyConfig, TenantOverride, Threshold
from streams.policy.reload import PolicyStore, ignore_sighup, install_sighup, watch

__all__ = [
    "Policy",
    "PolicyConfig",
    "PolicyError",
    "PolicyStore",
    "TenantOverride",
    "Threshold",
    "ignore_sighup",
    "install_sighup",
    "watch",
]
