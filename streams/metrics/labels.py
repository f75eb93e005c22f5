"""Bounded label values for label values that come from input.

A Prometheus series per distinct value means a free-text field (``tenant``, a moderator's label)
can grow the registry without bound. Tenants named in the policy keep their name; every other
tenant counts as ``other``. Moderator labels are kept when they are model labels or ``rule:`` codes.
"""

from __future__ import annotations

from collections.abc import Iterable

OTHER = "other"
DEFAULT_TENANT = "default"

_tenants: frozenset[str] = frozenset({DEFAULT_TENANT})
_labels: frozenset[str] = frozenset()


def set_known_tenants(names: Iterable[str]) -> None:
    """Tenants that get their own series (the policy's, plus ``default``); call on each policy load."""
    global _tenants
    _tenants = frozenset({DEFAULT_TENANT, *names})


def set_known_labels(names: Iterable[str]) -> None:
    """The model's labels (moderators' labels outside them count as ``other``)."""
    global _labels
    _labels = frozenset(names)


def tenant_label(tenant: str) -> str:
    """``tenant`` when the policy names it, else ``other``."""
    return tenant if tenant in _tenants else OTHER


def label_label(label: str) -> str:
    """A model label or ``rule:<code>`` as it is; anything else ``other``."""
    return label if label in _labels or label.startswith("rule:") else OTHER
