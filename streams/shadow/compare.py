"""Live decision vs shadow decision for one comment: agreement and what the shadow would change.

Both sides are model decisions (revision 0, before the stream rules), so the comparison is model
and policy against model and policy. Labels come from the reasons (``toxicity:hide`` -> toxicity).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from streams.metrics.labels import tenant_label
from streams.metrics.registry import SHADOW_CHANGES, SHADOW_DECISIONS


def action_labels(reasons: Iterable[str], action: str | None = None) -> list[str]:
    """Labels whose reason earned ``action`` (or flag or hide, when None)."""
    wanted = (action,) if action else ("flag", "hide")
    out = [label for label, _, earned in (r.partition(":") for r in reasons) if earned in wanted]
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comment decided by both."""

    tenant: str
    live_action: str
    shadow_action: str
    would_hide: tuple[str, ...]
    """Labels behind a hide the live side did not make (empty: no such change)."""
    would_allow: tuple[str, ...]
    """Live labels behind a flag or hide the shadow would have allowed (empty: no such change)."""

    @property
    def agree(self) -> bool:
        return self.live_action == self.shadow_action

    @classmethod
    def of(
        cls,
        tenant: str,
        live_action: str,
        live_reasons: Iterable[str],
        shadow_action: str,
        shadow_reasons: Iterable[str],
    ) -> Comparison:
        """Compare the two decisions of one comment."""
        would_hide: tuple[str, ...] = ()
        would_allow: tuple[str, ...] = ()
        if shadow_action == "hide" and live_action != "hide":
            would_hide = tuple(action_labels(shadow_reasons, "hide")) or ("none",)
        if shadow_action == "allow" and live_action != "allow":
            would_allow = tuple(action_labels(live_reasons)) or ("none",)
        return cls(tenant, live_action, shadow_action, would_hide, would_allow)


def count(comparison: Comparison) -> None:
    """Record one comparison in the shadow metrics."""
    c = comparison
    tenant = tenant_label(c.tenant)
    SHADOW_DECISIONS.labels(live_action=c.live_action, shadow_action=c.shadow_action, tenant=tenant).inc()
    for label in c.would_hide:
        SHADOW_CHANGES.labels(change="would_hide", label=label, tenant=tenant_label(c.tenant)).inc()
    for label in c.would_allow:
        SHADOW_CHANGES.labels(change="would_allow", label=label, tenant=tenant_label(c.tenant)).inc()
