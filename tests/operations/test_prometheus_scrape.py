"""A real Prometheus scrapes the worker's metrics, loads the alert rules and answers every dashboard query.

Broker-less: the scrape target is a stand-in exporter (``standin_exporter.py``) serving the real
``streams.metrics`` objects, every one used with the label sets the dashboard filters on. The same
helpers (``tests.operations.promserver``) evaluate the dashboard against a real worker in the
integration tier.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.worker.process import free_port
from tests.operations.promql import REPO, load_alert_rules
from tests.operations.promserver import (
    PrometheusServer,
    dashboard_queries,
    prometheus_binary,
    queries_without_data,
)

pytestmark = pytest.mark.prometheus

STANDIN = Path(__file__).with_name("standin_exporter.py")


@pytest.fixture(scope="module")
def standin_target() -> Iterator[str]:
    """host:port of a stand-in worker /metrics endpoint whose metrics keep changing."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(STANDIN), str(port)], cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:
                    if b"modstream_decisions_total{" in response.read():
                        break
            except OSError:
                pass
            assert proc.poll() is None, "stand-in exporter exited"
            assert time.monotonic() < deadline, "stand-in exporter never served metrics"
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def prometheus(standin_target: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusServer]:
    binary = prometheus_binary()
    with PrometheusServer(binary, [standin_target], tmp_path_factory.mktemp("prometheus")) as prom:
        yield prom


def test_prometheus_scrapes_the_target(prometheus: PrometheusServer) -> None:
    up = prometheus.wait_for('up{job="modstream"} == 1')
    assert up, f"target never up:\n{prometheus.log()}"
    targets = prometheus.api("targets")["activeTargets"]
    assert [t["health"] for t in targets] == ["up"], targets


def test_every_dashboard_query_returns_data(prometheus: PrometheusServer) -> None:
    prometheus.wait_for('up{job="modstream"} == 1')
    queries = dashboard_queries()
    started = time.monotonic()
    missing = queries_without_data(prometheus, queries, timeout=30)
    assert missing == [], "queries without data:\n" + "\n".join(missing)
    print(f"{len(queries)} dashboard queries answered after {time.monotonic() - started:.1f}s")


def test_a_query_for_a_missing_metric_has_no_data(prometheus: PrometheusServer) -> None:
    """The check above can fail: a misspelt metric returns nothing."""
    prometheus.wait_for('up{job="modstream"} == 1')
    assert prometheus.query("sum(rate(modstream_events_consumd_total[30s]))") == []


def test_alert_rules_load_and_evaluate_cleanly(prometheus: PrometheusServer) -> None:
    """Prometheus itself loads alerts.yml and evaluates every rule without error on real series."""
    prometheus.wait_for('up{job="modstream"} == 1')
    expected = {rule["alert"] for rule in load_alert_rules()}
    deadline = time.monotonic() + 20
    while True:
        rules = [r for g in prometheus.api("rules")["groups"] for r in g["rules"]]
        evaluated = [r for r in rules if r.get("lastEvaluation", "").startswith("0001") is False]
        if len(evaluated) == len(expected) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert {r["name"] for r in rules} == expected
    assert [(r["name"], r.get("lastError")) for r in rules if r["health"] != "ok"] == []
