"""The labelled export: rows per verdict, conservative labels, and the training loader reads it back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from streams.corpora.datasets import FEEDBACK_DATASET, load_feedback_export
from streams.feedback.export import export_rows, write_jsonl

LABELS = ("toxicity", "insult", "spam")


def decision(cid: str, action: str, reasons: list[str]) -> bytes:
    return json.dumps({
        "comment_id": cid, "action": action, "reasons": reasons, "tenant": "t", "author_id": "a",
        "model_version": "m1", "policy_version": "p1", "revision": 0,
    }).encode()


def verdict(cid: str, v: str, labels: list[str] | None = None, text: str | None = None) -> bytes:
    doc = {"comment_id": cid, "verdict": v, "labels": labels or [], "decided_at": datetime.now(UTC).isoformat()}
    if text is not None:
        doc["text"] = text
    return json.dumps(doc).encode()


def test_rows_labels_and_round_trip(tmp_path: Path) -> None:
    decisions = [decision("a", "hide", ["toxicity:hide", "insult:flag"]), decision("b", "flag", ["spam:flag"]),
                 decision("c", "allow", []), b"{broken"]
    verdicts = [
        verdict("a", "reject", text="you absolute clown"),  # no labels named: the decision's labels
        verdict("b", "approve", text="Buy my book, it is about birds"),
        verdict("c", "relabel", ["insult", "not-a-model-label"], text="what a moron"),  # a miss
        verdict("d", "reject"),  # no decision known, no text
        b'{"comment_id": "x"}',
        verdict("b", "approve", text="Buy my book, it is about birds"),  # redelivered
    ]
    stats: dict[str, int] = {}
    rows = {r["comment_id"]: r for r in export_rows(decisions, verdicts, LABELS, stats)}
    assert set(rows) == {"a", "b", "c", "d"} and stats["invalid"] == 1 and stats["verdicts"] == 6
    assert rows["a"]["labels"] == {"toxicity": 1, "insult": 1, "spam": None}
    assert rows["a"]["decision"] == {"action": "hide", "labels": ["toxicity", "insult"],
                                     "model_version": "m1", "policy_version": "p1"}
    assert rows["b"]["labels"] == {"toxicity": 0, "insult": 0, "spam": 0}
    assert rows["b"]["decision"] is not None and rows["b"]["decision"]["action"] == "flag"
    assert rows["c"]["labels"] == {"toxicity": None, "insult": 1, "spam": None} and rows["c"]["decision"] is None
    assert rows["d"]["labels"] == dict.fromkeys(LABELS) and rows["d"]["text"] is None

    path = tmp_path / "feedback.jsonl"
    with path.open("w") as out:
        assert write_jsonl(rows.values(), out) == (4, 3)
    examples = {ex.group: ex for ex in load_feedback_export(path)}
    assert set(examples) == {"feedback:a", "feedback:b", "feedback:c"}  # d: no text
    assert examples["feedback:a"].labels["toxicity"] == 1 and examples["feedback:a"].labels["spam"] is None
    assert examples["feedback:b"].labels["spam"] == 0
    assert examples["feedback:c"].source == FEEDBACK_DATASET
