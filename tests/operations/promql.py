"""Helpers shared by the operations tests: PromQL metric-name extraction, the dashboard's and the
alert rules' queries, and the names the worker's registry really exports."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = REPO / "config" / "grafana" / "dashboards" / "modstream.json"
ALERTS = REPO / "config" / "prometheus" / "alerts.yml"
PROMETHEUS_CONFIG = REPO / "config" / "prometheus" / "prometheus.yml"
ALERT_TESTS = REPO / "config" / "prometheus" / "tests" / "alerts_test.yml"
OPERATIONS_DOC = REPO / "docs" / "operations.md"

# Series Prometheus itself attaches to every scrape target; the worker does not export them.
PROMETHEUS_SYNTHETIC = frozenset(
    {"up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
     "scrape_series_added"}
)

# Words that look like identifiers in PromQL but are not metric names (functions and aggregations are
# recognised by the "(" that follows them, so they need not be listed).
_KEYWORDS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
     "inf", "nan", "atan2"}
)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_BRACES = re.compile(r"\{[^{}]*\}")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
# An identifier not glued to a preceding word, digit, dot or "$" (durations like 5m, 1e3, $vars).
_IDENT = re.compile(r"(?<![\w.:$])([A-Za-z_:][\w:]*)")
_LABEL_VALUES = re.compile(r"^\s*label_values\s*\((?P<args>.*)\)\s*$", re.S)

# Grafana's variables and how the tests fill them in to evaluate a panel's query against Prometheus.
GRAFANA_SUBSTITUTIONS = {
    "$__rate_interval": "30s",
    "$__interval": "30s",
    "$__range": "5m",
}


def metric_names(expr: str) -> set[str]:
    """Every metric name selected by a PromQL expression.

    Label matchers, strings, range/subquery brackets, durations, numbers, grouping label lists
    (``by (...)``, ``on (...)``...), function and aggregation names and keywords are not metric names.
    A selector written only as ``{__name__="x"}`` is not supported (and not used in this repo).
    """
    text = _STRING.sub('""', expr)
    text = _BRACES.sub("{}", text)
    text = _BRACKETS.sub("[]", text)
    text = _GROUPING.sub(" ", text)
    names: set[str] = set()
    for match in _IDENT.finditer(text):
        word = match.group(1)
        rest = text[match.end():].lstrip()
        if rest.startswith("(") or word.lower() in _KEYWORDS:
            continue
        names.add(word)
    return names


def template_query_names(query: str) -> set[str]:
    """Metric names in a Grafana template-variable query (``label_values(selector, label)`` or PromQL)."""
    found = _LABEL_VALUES.match(query)
    if not found:
        return metric_names(query)
    args = found.group("args")
    if "," not in args:  # label_values(label): every series, no metric
        return set()
    selector = args.rsplit(",", 1)[0]
    return metric_names(selector)


@dataclass(frozen=True)
class Query:
    """One PromQL expression and where it comes from (for messages)."""

    origin: str
    expr: str


def load_dashboard(path: Path = DASHBOARD) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))


def _walk_panels(panels: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _walk_panels(panel.get("panels", []))  # collapsed rows keep their panels inside


def dashboard_panel_queries(dashboard: dict[str, Any]) -> list[Query]:
    """The PromQL of every panel target (rows included, however nested)."""
    out = []
    for panel in _walk_panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            if target.get("expr"):
                out.append(Query(f"panel {panel.get('title')!r} target {target.get('refId')}", target["expr"]))
    return out


def dashboard_variable_queries(dashboard: dict[str, Any]) -> list[Query]:
    """The queries behind the dashboard's template variables."""
    out = []
    for var in dashboard.get("templating", {}).get("list", []):
        query = var.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        if var.get("type") == "query" and query:
            out.append(Query(f"variable ${var['name']}", str(query)))
    return out


def load_alert_rules(path: Path = ALERTS) -> list[dict[str, Any]]:
    doc = yaml.safe_load(path.read_text())
    return [rule for group in doc["groups"] for rule in group["rules"]]


def alert_queries(path: Path = ALERTS) -> list[Query]:
    return [Query(f"rule {r.get('alert') or r.get('record')}", str(r["expr"])) for r in load_alert_rules(path)]


def substitute_grafana_variables(expr: str, values: dict[str, str] | None = None) -> str:
    """``expr`` with Grafana's built-in intervals filled in and every template variable (``$tenant``,
    ``${tenant}``) replaced by ``.*`` (or by ``values[name]``): what Grafana would send with "All"."""
    values = values or {}
    for name, value in GRAFANA_SUBSTITUTIONS.items():
        expr = expr.replace(name, value)
    return re.sub(r"\$\{?(\w+)\}?", lambda m: values.get(m.group(1), ".*"), expr)


_SUFFIXES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "counter": ("_total", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "info": ("_info",),
    "stateset": ("",),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
    "unknown": ("",),
}


def exported_names(registry: Any) -> dict[str, str]:
    """Sample name -> metric family, for everything ``registry`` exports in the Prometheus text format.

    prometheus-client names families without their suffix (Counter ``x`` exports ``x_total``,
    Histogram ``x`` exports ``x_bucket``/``x_sum``/``x_count``, Info ``x`` exports ``x_info``). A
    labelled metric that was never used has no samples yet, so the names come from the family type;
    the samples present are added as they are. Matching queries against these exact names is the
    careful form of "strip the suffix": ``x_count`` of a gauge literally named ``x_count`` and the
    ``_count`` of a histogram ``x`` are both right, ``x`` for a counter is not.
    """
    names: dict[str, str] = {}
    for family in registry.collect():
        for suffix in _SUFFIXES_BY_TYPE.get(family.type, ("",)):
            names[family.name + suffix] = family.name
        for sample in family.samples:
            names[sample.name] = family.name
    return names


def base_name(name: str) -> str:
    """A sample name without the suffix prometheus-client adds (for hints only; may over-strip)."""
    for suffix in ("_bucket", "_sum", "_count", "_total", "_info", "_created"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def unknown_metrics(queries: Iterable[Query], exported: dict[str, str]) -> list[str]:
    """One message per metric name that a query uses and the registry does not export."""
    problems = []
    families = set(exported.values())
    for query in queries:
        for name in sorted(metric_names(query.expr)):
            if name in exported or name in PROMETHEUS_SYNTHETIC:
                continue
            hint = ""
            base = base_name(name)
            if base in families:
                hint = f" (family {base} exports {sorted(n for n, f in exported.items() if f == base)})"
            problems.append(f"{query.origin}: {name!r} is not exported by the worker{hint}")
    return problems


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def markdown_anchors(markdown: str) -> set[str]:
    """Heading anchors plus explicit ``<a id="...">`` / ``<a name="...">`` anchors."""
    anchors = {github_anchor(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, re.M)}
    anchors |= set(re.findall(r'<a\s+(?:id|name)="([^"]+)"', markdown))
    return anchors
