"""``modstream eval`` end to end on a small ``--limit`` with the committed model and real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from streams.cli.eval import eval_command
from streams.evaluation import BLOCK_BEGIN, BLOCK_END, SUITES, EvalOptions, run_eval
from streams.evaluation.runner import steps_of
from streams.settings import REPO_ROOT

MODEL = REPO_ROOT / "models" / "modstream.onnx"
POLICY = REPO_ROOT / "config" / "policy.json"
DATA = REPO_ROOT.parent / "shared" / "data"

needs_model = pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL} (run `make model`)")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(eval_command)
    return app


@needs_model
@pytest.mark.skipif(not DATA.is_dir(), reason=f"labelled data not found at {DATA}")
@pytest.mark.timeout(900)  # loads every labelled set (minutes on a loaded machine)
def test_eval_cli_writes_markdown_and_json(tmp_path: Path) -> None:
    out_json, out_md = tmp_path / "eval.json", tmp_path / "eval.md"
    result = CliRunner().invoke(
        _app(),
        ["--model", str(MODEL), "--policy", str(POLICY), "--limit", "150", "--baseline-train-limit", "1000",
         "--out-json", str(out_json), "--out-md", str(out_md)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out_json.read_text(encoding="utf-8"))
    test = report["heldout"]["test"]
    assert test["n"] == 150 and sum(test["by_kind"].values()) == 150
    assert set(test["labels"]) == set(report["labels"])
    tox = test["labels"]["toxicity"]
    assert 0 < tox["pos"] < tox["n"] <= 150
    assert tox["auc"] is None or 0.0 <= tox["auc"] <= 1.0
    assert report["baseline"]["available"] and test["baseline"]["n_train"]["toxicity"] <= 1000
    assert tox["baseline_auc"] is not None and 0.5 < tox["baseline_auc"] <= 1.0
    assert set(test["by_source"]) == set(report["labels"])
    assert sum(b["n"] for b in tox["reliability"]) == tox["n"]
    assert report["heldout"]["threshold_guidance"]["n"] == 150
    assert set(report["suites"]) == set(SUITES)
    for name, suite in report["suites"].items():
        assert 1 <= suite["n"] <= 150, name
        assert sum(k["n"] for k in suite["kinds"].values()) == suite["n"], name
        assert suite["checks"], name
    md = out_md.read_text(encoding="utf-8")
    assert "| toxicity |" in md and "## Suites" in md and "## Threshold guidance" in md
    assert "baseline AUC" in md and "Plain baseline (`streams/evaluation/plain_baseline.py`" in md
    assert md in result.output + "\n"


@needs_model
def test_eval_cli_suite_filter_runs_only_that_suite(tmp_path: Path) -> None:
    out_json = tmp_path / "eval.json"
    result = CliRunner().invoke(
        _app(), ["--model", str(MODEL), "--policy", str(POLICY), "--suite", "identity", "--limit", "40",
                 "--out-json", str(out_json)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert "heldout" not in report
    assert list(report["suites"]) == ["identity"]
    assert report["suites"]["identity"]["n"] == 40


def test_eval_cli_rejects_unknown_suite() -> None:
    result = CliRunner().invoke(
        _app(), ["--model", str(MODEL), "--policy", str(POLICY), "--suite", "no-such-suite"]
    )
    assert result.exit_code == 2


@needs_model
def test_eval_cli_updates_a_documents_report_block(tmp_path: Path) -> None:
    doc = tmp_path / "card.md"
    doc.write_text(f"# Card\n\n{BLOCK_BEGIN}\nstale\n{BLOCK_END}\n\n## History\n", encoding="utf-8")
    result = CliRunner().invoke(
        _app(), ["--model", str(MODEL), "--policy", str(POLICY), "--suite", "identity", "--limit", "20",
                 "--update-doc", str(doc)],
    )
    assert result.exit_code == 0, result.output
    text = doc.read_text(encoding="utf-8")
    assert "stale" not in text and "### modstream eval: model `" in text and "| identity |" in text
    assert text.endswith(f"{BLOCK_END}\n\n## History\n")


def test_eval_cli_refuses_a_document_without_a_block_before_evaluating(tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["--model", str(tmp_path / "absent.onnx"), "--update-doc", str(doc)])
    assert result.exit_code == 2
    assert "notes.md" in result.output and "absent.onnx" not in result.output


@needs_model
def test_run_eval_reports_each_step_for_the_progress_bar() -> None:
    options = EvalOptions(model=MODEL, policy=POLICY, suites=("identity", "threats"), limit=5, baseline=False)
    seen: list[tuple[str, int, int]] = []
    run_eval(options, on_step=lambda name, done, total: seen.append((name, done, total)))
    assert steps_of(options) == ["identity", "threats"]
    assert seen == [("identity", 0, 2), ("threats", 1, 2), ("done", 2, 2)]
    everything = steps_of(EvalOptions(model=MODEL, policy=POLICY))
    assert everything[0] == "held-out data" and everything[-2:] == ["languages", "what-if"]
