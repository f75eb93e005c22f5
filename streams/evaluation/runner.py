"""``modstream eval`` end to end: load, moderate every row through the production path, measure."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from streams.evaluation import heldout, whatif
from streams.evaluation.baseline import BASELINE_NAME, baseline_available, baseline_scores
from streams.evaluation.data import EvalData, load_eval_data, synthetic_train_keys, text_key
from streams.evaluation.exceptions import UnknownSuiteError
from streams.evaluation.languages import LANGUAGES, language_section
from streams.evaluation.metrics import at_threshold
from streams.evaluation.moderate import Outcome, load_moderator, moderate_texts
from streams.evaluation.peer import PEER_NAME, PEER_THRESHOLD, peer_available, peer_scores
from streams.evaluation.suite_checks import evaluate_suite
from streams.evaluation.suites import SUITES, SuiteRow
from streams.pipeline import Moderator

HELDOUT = "heldout"


@dataclass(frozen=True, slots=True)
class EvalOptions:
    """What to evaluate. ``suites`` None = everything; ``heldout`` selects the labelled data."""

    model: Path
    policy: Path
    suites: tuple[str, ...] | None = None
    limit: int | None = None
    data_root: Path | None = None
    baseline: bool = True
    baseline_train_limit: int | None = None


def selected(names: Sequence[str] | None) -> tuple[bool, list[str]]:
    """(run held-out data?, suite names) for a ``--suite`` filter; raise on unknown names."""
    if not names:
        return True, list(SUITES)
    unknown = [n for n in names if n not in (HELDOUT, LANGUAGES) and n not in SUITES]
    if unknown:
        raise UnknownSuiteError(f"unknown suite(s) {unknown}; choose from {[HELDOUT, LANGUAGES, *SUITES]}")
    return HELDOUT in names, [n for n in SUITES if n in names]


def _heldout(moderator: Moderator, data: EvalData, options: EvalOptions) -> tuple[dict[str, Any], Outcome]:
    labels = tuple(lb for lb in data.labels if lb in moderator.labels)
    test_texts = data.test["text"].tolist()
    out = moderate_texts(moderator, test_texts)
    peer = peer_scores(test_texts)
    fitted = (
        baseline_scores(data.train, test_texts, limit=options.baseline_train_limit) if options.baseline else None
    )
    base = fitted.scores if fitted is not None else None
    by_source = {
        label: heldout.by_source(data.test, out, peer, moderator.policy, label, base) for label in labels
    }
    valid_out = moderate_texts(moderator, data.valid["text"].tolist())
    section = {
        "test": {
            "n": len(data.test),
            "by_kind": {k: int((data.test["test_kind"] == k).sum()) for k in heldout.TEST_KINDS},
            "labels": heldout.label_metrics(data.test, out, peer, moderator.policy, labels, base),
            "clean": heldout.clean_metrics(data.test, out, peer, labels),
            "toxicity_by_source": by_source.get("toxicity", {}),
            "by_source": by_source,
            "baseline": fitted.info if fitted is not None else None,
        },
        "threshold_guidance": {
            "n": len(data.valid),
            "flag_precision": heldout.FLAG_PRECISION,
            "flag_marginal": heldout.FLAG_MARGINAL_PRECISION,
            "hide_precision": heldout.HIDE_PRECISION,
            "labels": heldout.threshold_guidance(data.valid, valid_out, moderator.policy, labels),
        },
    }
    return section, out


def _whatif(
    moderator: Moderator, guidance: dict[str, Any], data: EvalData, test_out: Outcome,
    suites: dict[str, tuple[list[SuiteRow], Outcome]],
) -> dict[str, Any]:
    guard_scores: dict[str, list[np.ndarray]] = {}
    for suite, kind in whatif.BENIGN_GUARD:
        if suite in suites:
            rows, out = suites[suite]
            mask = np.array([kind is None or r.kind == kind for r in rows], dtype=bool)
            for label in out.labels:
                guard_scores.setdefault(label, []).append(out.column(label)[mask])
    guard = whatif.benign_guard(guard_scores)
    unguarded = whatif.recommended_thresholds(guidance, moderator.policy)
    thresholds = whatif.recommended_thresholds(guidance, moderator.policy, guard)
    policy = whatif.policy_with(moderator.policy, thresholds)
    labels = tuple(lb for lb in data.labels if lb in moderator.labels)
    recall: dict[str, Any] = {}
    for label in labels:
        mask = data.test[label].notna().to_numpy()
        y = data.test.loc[mask, label].to_numpy(dtype=float)
        s = test_out.column(label)[mask]
        recall[label] = {
            key: at_threshold(y, s, thresholds[label][key]).as_dict() for key in ("flag", "hide")
        } if label in thresholds else {}
    test_actions = whatif.redecide(test_out, policy)
    clean = heldout.clean_mask(data.test, labels)
    return {
        "precision_only": unguarded,
        "benign_guard": guard,
        "thresholds": thresholds,
        "test_labels": recall,
        "test_clean": {"current": whatif.clean_rates(test_out.actions, clean),
                       "recommended": whatif.clean_rates(test_actions, clean)},
        "suites": {
            name: {"current": whatif.action_rates(out.actions, [r.kind for r in rows]),
                   "recommended": whatif.action_rates(whatif.redecide(out, policy), [r.kind for r in rows])}
            for name, (rows, out) in suites.items()
        },
    }


def _fit_rows(model: Path) -> str | None:
    """The rows the model was fitted on, as its metadata says (None when it does not say)."""
    from streams.scoring.onnx_scorer import metadata_path

    try:
        meta = json.loads(metadata_path(model).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = meta.get("training", {}).get("fit_rows")
    return str(rows) if rows else None


Step = Callable[[str, int, int], None]
"""Called before each step of :func:`run_eval` with (its name, steps done, steps in all)."""


def steps_of(options: EvalOptions) -> list[str]:
    """The steps :func:`run_eval` takes for ``options``, in order."""
    run_heldout, suite_names = selected(options.suites)
    languages = not options.suites or LANGUAGES in options.suites
    return [
        *(["held-out data"] if run_heldout else []),
        *suite_names,
        *([LANGUAGES] if languages else []),
        *(["what-if"] if run_heldout else []),
    ]


def run_eval(options: EvalOptions, on_step: Step | None = None) -> dict[str, Any]:
    """Evaluate the model + policy; returns the JSON-ready report. ``on_step`` hears of each step."""
    started = time.perf_counter()
    run_heldout, suite_names = selected(options.suites)
    planned = steps_of(options)
    done = 0

    def step(name: str) -> None:
        nonlocal done
        if on_step is not None:
            on_step(name, done, len(planned))
        done += 1
    moderator = load_moderator(options.model, options.policy)
    report: dict[str, Any] = {
        "model": str(options.model),
        "model_version": moderator.model_version,
        "policy": str(options.policy),
        "policy_version": moderator.policy.version,
        "labels": list(moderator.labels),
        "policy_thresholds": {k: v.model_dump() for k, v in moderator.policy.config.thresholds.items()},
        "limit": options.limit,
        "peer": {"name": PEER_NAME, "available": peer_available(), "threshold": PEER_THRESHOLD},
        "baseline": {"name": BASELINE_NAME, "available": options.baseline and baseline_available()},
        "model_fit_rows": _fit_rows(options.model),
    }
    data: EvalData | None = None
    test_out: Outcome | None = None
    if run_heldout:
        step("held-out data")
        data = load_eval_data(options.data_root, options.limit)
        report["heldout"], test_out = _heldout(moderator, data, options)
    train_keys = data.train_keys if data is not None else synthetic_train_keys()
    report["suites"] = {}
    outcomes: dict[str, tuple[list[SuiteRow], Outcome]] = {}
    for name in suite_names:
        step(name)
        rows = SUITES[name](options.limit)
        texts = [r.text for r in rows]
        out = moderate_texts(moderator, texts)
        outcomes[name] = (rows, out)
        report["suites"][name] = evaluate_suite(
            name, rows, out, peer_scores(texts), train_keys, [text_key(t) for t in texts]
        )
    if not options.suites or LANGUAGES in options.suites:
        step(LANGUAGES)
        report[LANGUAGES] = language_section(moderator, options.data_root, options.limit)
    if data is not None and test_out is not None:
        step("what-if")
        guidance = report["heldout"]["threshold_guidance"]["labels"]
        report["whatif"] = _whatif(moderator, guidance, data, test_out, outcomes)
    if on_step is not None:
        on_step("done", len(planned), len(planned))
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report
