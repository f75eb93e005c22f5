"""Live precision as Prometheus counters: one increment per joined or unmatched verdict.

Precision of hide = confirmed / (confirmed + overturned) of ``modstream_feedback_verdicts_total``
with ``action="hide"`` (likewise flag); Prometheus computes the ratios (config/prometheus/alerts.yml
records them), so they aggregate correctly over workers and time windows.
"""

from __future__ import annotations

from streams.feedback.join import Joined, Unmatched
from streams.metrics.labels import label_label, tenant_label
from streams.metrics.registry import (
    FEEDBACK_LABEL_VERDICTS,
    FEEDBACK_UNMATCHED,
    FEEDBACK_VERDICTS,
)


def outcome(confirmed: bool) -> str:
    """The ``outcome`` label value."""
    return "confirmed" if confirmed else "overturned"


def count_joined(joined: Joined, deployment: str = "live") -> None:
    """Count one verdict joined to a flag or hide decision (the live one, or the shadow's), overall
    and per label."""
    FEEDBACK_VERDICTS.labels(
        action=joined.action, tenant=tenant_label(joined.tenant), model_version=joined.model_version,
        outcome=outcome(joined.confirmed), deployment=deployment,
    ).inc()
    for label, confirmed in joined.label_outcomes():
        FEEDBACK_LABEL_VERDICTS.labels(
            label=label_label(label), action=joined.action, tenant=tenant_label(joined.tenant),
            model_version=joined.model_version,
            outcome=outcome(confirmed), deployment=deployment,
        ).inc()


def count_unmatched(unmatched: Unmatched) -> None:
    """Count a verdict that never met a flag or hide decision."""
    FEEDBACK_UNMATCHED.labels(verdict=unmatched.verdict, tenant=tenant_label(unmatched.tenant)).inc()
