"""A real Prometheus scrapes a real worker while events flow; every dashboard query returns data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.factories import event_dict
from tests.integration.conftest import Stack
from tests.operations.promserver import (
    PrometheusServer,
    dashboard_queries,
    prometheus_binary,
    queries_without_data,
)

pytestmark = [pytest.mark.kafka, pytest.mark.prometheus]

# Series that only exist once a rare thing happened (a revision, an internal error, an escalation,
# a moderator's verdict).
RARE = (
    "modstream_revisions_total", "modstream_errors_total", "modstream_escalations_total",
    "modstream_feedback_verdicts_total", "modstream_feedback_label_verdicts_total",
    "modstream_feedback_received_total", "modstream_feedback_unmatched_total",
    "modstream_shadow_decisions_total", "modstream_shadow_changes_total",  # only with a shadow configured
)

TEXTS = [
    "Thanks for the thorough reporting on the housing plan.",
    "You are a pathetic idiot and everyone here hates you.",
    "I disagree strongly: the council has wasted our money for years.",
    "Earn $500 a day from home!!! visit www.easy-cash-jobs.example/join now",
    "Damn well said!",
]


def test_every_dashboard_query_has_data_from_a_live_worker(running_worker: Stack, tmp_path: Path) -> None:
    target = running_worker.metrics_url.removeprefix("http://").removesuffix("/metrics")
    with PrometheusServer(prometheus_binary(), [target], tmp_path / "prom") as prom:
        for round_ in range(6):
            events = [
                event_dict(comment_id=f"p-{round_}-{i}", text=TEXTS[i % len(TEXTS)], tenant=("news", "forum")[i % 2])
                for i in range(20)
            ]
            # one author posting a dozen comments in a minute: a flood
            flood = [
                event_dict(comment_id=f"f-{round_}-{i}", author_id="flooder", text=f"Read my blog post {i}, please.")
                for i in range(12 if round_ == 0 else 0)
            ]
            running_worker.send([*events, *flood, b"not json"])
            time.sleep(1)
        missing = queries_without_data(prom, dashboard_queries(), timeout=20)
    assert [m for m in missing if not any(rare in m for rare in RARE)] == []
