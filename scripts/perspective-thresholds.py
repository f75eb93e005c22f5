"""Precision and recall of the toxicity score at Perspective-style thresholds (0.5 / 0.7 / 0.8 / 0.9).

Same data and path as `modstream eval` (its test split, ../shared/data, normalise -> score ->
decide); prints a markdown table for docs/perspective.md, or writes it there with --write.
Precision is given on the test mix and re-weighted to the assumed live prevalence of toxic
comments that `modstream eval` uses for its threshold guidance.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

from streams.evaluation.data import load_eval_data
from streams.evaluation.heldout import DEPLOYMENT_PREVALENCE, TEST_KINDS
from streams.evaluation.metrics import at_threshold
from streams.evaluation.moderate import load_moderator, moderate_texts
from streams.settings import REPO_ROOT, Settings

THRESHOLDS = (0.5, 0.7, 0.8, 0.9)
DOC = REPO_ROOT / "docs" / "perspective.md"
BEGIN = "<!-- BEGIN generated:toxicity-thresholds (scripts/perspective-thresholds.py; do not edit by hand) -->"
END = "<!-- END generated:toxicity-thresholds -->"


def _at_prevalence(y: np.ndarray, s: np.ndarray, threshold: float, prevalence: float) -> float | None:
    pred = s >= threshold
    pos, neg = y == 1, y == 0
    if not pos.any() or not neg.any():
        return None
    tpr, fpr = (pred & pos).sum() / pos.sum(), (pred & neg).sum() / neg.sum()
    denominator = prevalence * tpr + (1 - prevalence) * fpr
    return float(prevalence * tpr / denominator) if denominator else None


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def table() -> str:
    settings = Settings()
    moderator = load_moderator(settings.model_path, settings.policy_path)
    data = load_eval_data()
    known = data.test["toxicity"].notna().to_numpy()
    rows = data.test[known]
    scores = moderate_texts(moderator, rows["text"].tolist()).column("toxicity")
    y = rows["toxicity"].to_numpy(dtype=float)
    prevalence = DEPLOYMENT_PREVALENCE["toxicity"]
    lines = [
        f"Test rows with a toxicity label: {len(y):,} ({int(y.sum()):,} toxic; "
        + ", ".join(f"{k} {int((rows['test_kind'] == k).sum()):,}" for k in TEST_KINDS)
        + f"), model `{moderator.model_version}`. Precision at live prevalence re-weights the test mix to "
        f"{prevalence:.1%} toxic comments (the assumption `modstream eval` uses).",
        "",
        "| threshold | flagged | precision (test mix) | precision at live prevalence | recall |",
        "|---|---|---|---|---|",
    ]
    for t in THRESHOLDS:
        at = at_threshold(y, scores, t)
        lines.append(
            f"| {t:.1f} | {at.predicted:,} | {_fmt(at.precision)} | "
            f"{_fmt(_at_prevalence(y, scores, t, prevalence))} | {_fmt(at.recall)} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"replace the generated block in {DOC}")
    args = parser.parse_args()
    block = table()
    if not args.write:
        print(block)
        return 0
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        print(f"no generated block in {DOC}", file=sys.stderr)
        return 1
    DOC.write_text(pattern.sub(lambda _: f"{BEGIN}\n{block}\n{END}", text), encoding="utf-8")
    print(f"updated {Path(DOC).relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
