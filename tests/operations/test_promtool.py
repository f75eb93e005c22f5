"""promtool: the Prometheus config and alert rules are valid, and the rules' unit tests pass.

promtool comes from Debian's `prometheus` package (`scripts/install-prometheus.sh`, which `make test`
runs first). Outside CI a machine without it skips these tests; with CI set they fail instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.operations.promql import ALERT_TESTS, ALERTS, PROMETHEUS_CONFIG, REPO, load_alert_rules
from tests.operations.promserver import debian_prometheus_tool


@pytest.fixture(scope="module")
def promtool() -> str:
    return debian_prometheus_tool("promtool")


def run(promtool: str, *args: str | Path) -> str:
    result = subprocess.run(
        [promtool, *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def test_promtool_version(promtool: str) -> None:
    assert "promtool, version" in run(promtool, "--version")


def test_check_config(promtool: str) -> None:
    output = run(promtool, "check", "config", PROMETHEUS_CONFIG)
    assert "is valid prometheus config file syntax" in output
    assert "SUCCESS: 1 rule files found" in output  # rule_files resolved relative to the config


def test_check_rules(promtool: str) -> None:
    output = run(promtool, "check", "rules", ALERTS)
    assert f"SUCCESS: {len(load_alert_rules())} rules found" in output


def test_rule_unit_tests(promtool: str) -> None:
    output = run(promtool, "test", "rules", ALERT_TESTS)
    assert "SUCCESS" in output


def test_rule_unit_tests_catch_a_broken_rule(promtool: str, tmp_path: Path) -> None:
    """The unit tests have teeth: the dead-letter alert at 5% instead of 1% fails them."""
    (tmp_path / "tests").mkdir()
    broken = ALERTS.read_text().replace("> 0.01", "> 0.05")
    assert broken != ALERTS.read_text()
    (tmp_path / "alerts.yml").write_text(broken)
    shutil.copy(ALERT_TESTS, tmp_path / "tests" / ALERT_TESTS.name)
    result = subprocess.run(
        [promtool, "test", "rules", str(tmp_path / "tests" / ALERT_TESTS.name)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode != 0
    assert "ModstreamDeadLetterRateHigh" in result.stdout + result.stderr


def test_every_alert_has_a_firing_unit_test_and_annotations() -> None:
    suite = yaml.safe_load(ALERT_TESTS.read_text())
    fired = {
        case["alertname"]
        for test in suite["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    for rule in load_alert_rules():
        name = rule["alert"]
        assert name in fired, f"{name}: no promtool test expects it to fire"
        assert {"summary", "description", "runbook_url"} <= set(rule["annotations"]), name
        assert rule["labels"]["severity"] in {"critical", "warning"}, name
        assert rule["annotations"]["runbook_url"].endswith(f"docs/operations.md#{name.lower()}"), name
