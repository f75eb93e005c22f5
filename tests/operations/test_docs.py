"""docs/operations.md: generated references up to date, one complete runbook per alert."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from types import ModuleType

import pytest

from streams.settings import Settings
from tests.operations.promql import OPERATIONS_DOC, REPO, load_alert_rules, markdown_anchors

SCRIPT = REPO / "scripts" / "gen-config-reference.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_config_reference", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_references_are_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr + "\n(run: python scripts/gen-config-reference.py --write)"


def test_check_detects_a_stale_table(generator: ModuleType) -> None:
    doc = OPERATIONS_DOC.read_text()
    assert generator.render(doc) == doc
    stale = doc.replace("`MODSTREAM_BATCH_SIZE` | int (≥ 1) | `512`", "`MODSTREAM_BATCH_SIZE` | int (≥ 1) | `64`")
    assert stale != doc
    assert generator.render(stale) == doc


def test_config_reference_lists_every_setting(generator: ModuleType) -> None:
    table = generator.config_table()
    for name, field in Settings.model_fields.items():
        row = next((line for line in table.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, name
        assert f"`MODSTREAM_{name.upper()}`" in row
        assert field.description and field.description.split(",")[0] in row
    assert "| `metrics_port` | `MODSTREAM_METRICS_PORT` | int (≥ 0) | `9108` |" in table
    assert "| `stateful` | `MODSTREAM_STATEFUL` | bool | `true` |" in table
    assert "| `model_path` | `MODSTREAM_MODEL_PATH` | Path | `<repo>/models/modstream.onnx` |" in table


def test_metrics_reference_lists_every_metric_with_help(generator: ModuleType) -> None:
    from prometheus_client import REGISTRY

    table = generator.metrics_table()
    for family in REGISTRY.collect():
        if family.name.startswith("modstream_"):
            assert f"`{family.name}" in table, family.name
            assert family.documentation in table, family.name
    assert "| `modstream_decisions_total` | counter | `action`, `tenant` |" in table
    assert "`modstream_model_info` | info |" in table


def test_every_alert_has_a_complete_runbook() -> None:
    doc = OPERATIONS_DOC.read_text()
    anchors = markdown_anchors(doc)
    sections = re.split(r"^### ", doc, flags=re.M)
    for rule in load_alert_rules():
        name = rule["alert"]
        anchor = rule["annotations"]["runbook_url"].rsplit("#", 1)[1]
        assert anchor in anchors, f"{name}: no section for #{anchor}"
        body = next(s for s in sections if s.startswith(name + "\n"))
        for part in ("**Symptom.**", "**Likely causes.**", "**Check.**", "**Fix.**"):
            assert part in body, f"{name}: runbook lacks {part}"


def test_internal_links_resolve() -> None:
    doc = OPERATIONS_DOC.read_text()
    anchors = markdown_anchors(doc)
    for target in re.findall(r"\]\(#([^)]+)\)", doc):
        assert target in anchors, target
