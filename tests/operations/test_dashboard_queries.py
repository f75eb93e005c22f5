"""Every metric the dashboard and the alert rules query is one the worker really exports."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest

import streams.metrics
from tests.operations.promql import (
    DASHBOARD,
    REPO,
    Query,
    alert_queries,
    dashboard_panel_queries,
    dashboard_variable_queries,
    exported_names,
    load_dashboard,
    metric_names,
    substitute_grafana_variables,
    template_query_names,
    unknown_metrics,
)

MODSTREAM_FAMILIES = sorted(
    {f.name for f in REGISTRY.collect() if f.name.startswith("modstream_")}
)


@pytest.fixture(scope="module")
def exported() -> dict[str, str]:
    assert streams.metrics.EVENTS_CONSUMED is not None  # the import registered the worker's metrics
    return exported_names(REGISTRY)


# --- the extractor ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("expr", "names"),
    [
        ("up", {"up"}),
        ('up{job="modstream"} == 0 or absent(up{job="modstream"})', {"up"}),
        ("sum by (tenant, action) (rate(modstream_decisions_total{action=~\"hide|flag\"}[$__rate_interval]))",
         {"modstream_decisions_total"}),
        ("sum(rate(x_total[5m])) by (le) / on (instance) group_left (version) y_info",
         {"x_total", "y_info"}),
        ("histogram_quantile(0.99, sum by (le) (rate(modstream_processing_seconds_bucket[5m]))) > 0.5",
         {"modstream_processing_seconds_bucket"}),
        ("rate(a_total[1h] offset 1d) * 2 + 1e3 - 0x1F > bool 1.5", {"a_total"}),
        ("max_over_time(lag[10m:1m]) unless ignoring (partition) other", {"lag", "other"}),
        ('label_replace(m, "dst", "$1", "src", "(by|rate)")', {"m"}),
        ("sum without (instance) (ns:recorded:rate5m)", {"ns:recorded:rate5m"}),
        ("vector(0) or time() - process_start_time_seconds", {"process_start_time_seconds"}),
        ("sum(rate(m{tenant=~\"$tenant\"}[$__rate_interval])) / sum (rate(n [$__interval]))", {"m", "n"}),
    ],
)
def test_metric_names_extracts_only_metric_names(expr: str, names: set[str]) -> None:
    assert metric_names(expr) == names


def test_template_queries() -> None:
    assert template_query_names('label_values(up{job="modstream"}, instance)') == {"up"}
    assert template_query_names("label_values(tenant)") == set()
    assert template_query_names("query_result(topk(5, m_total))") == {"m_total"}


def test_substitute_grafana_variables() -> None:
    expr = 'rate(m{instance=~"$instance", t=~"${tenant}"}[$__rate_interval]) + n[$__interval]'
    assert substitute_grafana_variables(expr) == 'rate(m{instance=~".*", t=~".*"}[30s]) + n[30s]'
    assert substitute_grafana_variables('m{t="$tenant"}', {"tenant": "t1"}) == 'm{t="t1"}'


def test_exported_names_follow_prometheus_client_types() -> None:
    registry = CollectorRegistry()
    Counter("c", "c", ["l"], registry=registry)
    Gauge("g_count", "a gauge whose name ends like a histogram sample", registry=registry)
    Histogram("h_seconds", "h", registry=registry)
    Info("i", "i", registry=registry)
    names = exported_names(registry)
    assert {"c_total", "g_count", "h_seconds_bucket", "h_seconds_sum", "h_seconds_count", "i_info"} <= set(names)
    assert "c" not in names and "h_seconds" not in names and "i" not in names
    assert names["g_count"] == "g_count" and names["h_seconds_count"] == "h_seconds"


def test_exported_names_match_the_text_exposition() -> None:
    """What the helper derives from family types is what /metrics really shows once every metric is used."""
    registry = CollectorRegistry()
    for family in REGISTRY.collect():
        if family.name.startswith("modstream_"):
            assert family.type in {"counter", "gauge", "histogram", "info"}, family.name
    counter = Counter("modstream_t_events", "t", ["topic"], registry=registry)
    hist = Histogram("modstream_t_seconds", "t", ["source"], registry=registry)
    info = Info("modstream_t_model", "t", registry=registry)
    before = exported_names(registry)
    counter.labels("x").inc()
    hist.labels("kafka").observe(0.1)
    info.info({"version": "1"})
    text = generate_latest(registry).decode()
    shown = {line.split("{")[0].split(" ")[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert shown <= set(before)


def test_a_typo_is_caught(exported: dict[str, str]) -> None:
    good = Query("good", "sum(rate(modstream_events_consumed_total[5m]))")
    assert unknown_metrics([good], exported) == []
    for wrong in (
        "sum(rate(modstream_events_consumd_total[5m]))",  # typo
        "sum(rate(modstream_events_consumed[5m]))",  # counter without _total
        "histogram_quantile(0.9, rate(modstream_processing_seconds[5m]))",  # histogram without _bucket
        "modstream_model",  # info without _info
        "modstream_consumer_lag_messages_total",  # gauge with a counter suffix
    ):
        problems = unknown_metrics([Query("bad", wrong)], exported)
        assert len(problems) == 1, (wrong, problems)
    assert "modstream_events_consumed_total" in unknown_metrics(
        [Query("bad", "modstream_events_consumed")], exported
    )[0]


def test_a_typo_in_the_dashboard_is_caught(exported: dict[str, str]) -> None:
    dashboard = copy.deepcopy(load_dashboard())
    target = next(t for p in dashboard["panels"] for t in p.get("targets", []) if "_consumed_total" in t["expr"])
    target["expr"] = target["expr"].replace("modstream_events_consumed_total", "modstream_events_consumd_total")
    problems = unknown_metrics(dashboard_panel_queries(dashboard), exported)
    assert len(problems) == 1 and "modstream_events_consumd_total" in problems[0]


# --- the real files --------------------------------------------------------------------------------

def test_every_dashboard_query_uses_exported_metrics(exported: dict[str, str]) -> None:
    dashboard = load_dashboard()
    queries = dashboard_panel_queries(dashboard)
    assert len(queries) >= 30
    assert unknown_metrics(queries, exported) == []
    for query in dashboard_variable_queries(dashboard):
        for name in template_query_names(query.expr):
            assert name in exported or name == "up", f"{query.origin}: {name}"


def test_every_alert_uses_exported_metrics(exported: dict[str, str]) -> None:
    queries = alert_queries()
    assert len(queries) >= 8
    assert unknown_metrics(queries, exported) == []


def test_dashboard_shows_every_worker_metric() -> None:
    dashboard = load_dashboard()
    used = set().union(*(metric_names(q.expr) for q in dashboard_panel_queries(dashboard)))
    exported = exported_names(REGISTRY)
    shown_families = {exported[name] for name in used if name in exported}
    assert set(MODSTREAM_FAMILIES) - shown_families == set()


def test_dashboard_is_provisionable() -> None:
    """Fixed datasource uid, unique ids, no import-time placeholders, panels laid out without overlap."""
    raw = DASHBOARD.read_text()
    assert "${DS_" not in raw and "__inputs" not in json.loads(raw)
    dashboard = load_dashboard()
    assert dashboard["uid"] == "modstream"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"] == {"type": "prometheus", "uid": "prometheus"}, panel["title"]
            for target in panel["targets"]:
                assert target["datasource"]["uid"] == "prometheus"
                assert "[5m]" not in target["expr"], "use $__rate_interval, not fixed windows"
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24
        mine = {(x, y) for x in range(pos["x"], pos["x"] + pos["w"]) for y in range(pos["y"], pos["y"] + pos["h"])}
        assert not cells & mine, f"panel {panel['title']!r} overlaps another"
        cells |= mine
    for var in dashboard["templating"]["list"]:
        assert var["datasource"]["uid"] == "prometheus"


def test_datasource_is_provisioned_with_the_uid_the_dashboard_uses() -> None:
    provisioning = REPO / "config" / "grafana" / "provisioning"
    datasources = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())["datasources"]
    assert [(d["uid"], d["type"], d["url"]) for d in datasources] == [
        ("prometheus", "prometheus", "http://prometheus:9090")
    ]
    providers = yaml.safe_load((provisioning / "dashboards" / "modstream.yml").read_text())["providers"]
    assert providers[0]["options"]["path"] == "/var/lib/grafana/dashboards"
