"""A real Prometheus scrapes a real worker while events flow; every dashboard query returns data."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import event_dict
from tests.integration.conftest import Stack
from tests.integration.test_worker_truth import SAMPLE, read_settled
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


def test_dashboard_hidden_share_matches_the_decisions_topic(
    stack_factory: Callable[..., Stack], tmp_path: Path
) -> None:
    """The 'Hidden share' panel's formula over lifetime totals equals the share of comments whose
    final decision (highest revision) is hide, within 1 point; revisions are not counted as comments."""
    lines = [line for line in SAMPLE.read_bytes().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]
    random.Random(3).shuffle(events)
    stack = stack_factory()
    stack.worker()
    stack.send(events)
    docs = read_settled(stack, {e["comment_id"] for e in events})
    final = {}
    for doc in docs:
        if doc["_key"] not in final or doc["revision"] > final[doc["_key"]]["revision"]:
            final[doc["_key"]] = doc
    truth = sum(d["action"] == "hide" for d in final.values()) / len(final)
    assert len(docs) > len(final)  # the sample has revisions (campaign hides): they must not count

    [panel] = [q for q in dashboard_queries() if q.origin.startswith("panel 'Hidden share'")]
    totals = re.sub(r"rate\((.*?)\[[^\]]+\]\)", r"\1", panel.expr)  # the same formula on lifetime totals
    target = stack.metrics_url.removeprefix("http://").removesuffix("/metrics")
    with PrometheusServer(prometheus_binary(), [target], tmp_path / "prom") as prom:
        deadline = time.monotonic() + 30
        value = None
        while time.monotonic() < deadline:
            total = prom.query('sum(modstream_decisions_total{job="modstream"})')
            if total and float(total[0]["value"][1]) >= len(final):
                value = float(prom.query(totals)[0]["value"][1])
                break
            time.sleep(1)
    assert value is not None, "Prometheus never saw every comment decided"
    print(f"hidden share: dashboard {value:.4f}, decisions topic {truth:.4f} ({len(final)} comments, "
          f"{len(docs)} records)")
    assert abs(value - truth) <= 0.01
