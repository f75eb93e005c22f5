"""Moderation policy: thresholds from ``config/`` turned into actions and reasons."""

from streams.policy.decide import UNSUPPORTED_LANGUAGE, Policy
from streams.policy.exceptions import PolicyError
from streams.policy.model import PolicyConfig, TenantOverride, Threshold
from streams.policy.reload import PolicyStore, ignore_sighup, install_sighup, watch

__all__ = [
    "UNSUPPORTED_LANGUAGE",
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
