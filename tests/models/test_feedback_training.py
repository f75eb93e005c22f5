"""Moderator feedback as training data: the export loader, the merge into the training frame, and
what the model card says about it (``models.train --feedback``; no training run here)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from models.card import feedback_note
from models.train import dataset_counts, with_feedback
from streams.corpora.datasets import FEEDBACK_DATASET, LABELS, load_feedback_export, to_frame
from streams.corpora.splits import dedup_key
from streams.feedback.export import target_labels

KNOWN_TEXT = "The council meeting is moved to Thursday evening."


def export_row(cid: str, verdict: str, text: str | None, labels: dict[str, int | None]) -> dict[str, Any]:
    return {"comment_id": cid, "tenant": "default", "verdict": verdict, "verdict_labels": [], "text": text,
            "labels": labels, "decision": None}


def write_export(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def feedback_file(tmp_path: Path) -> Path:
    every_zero = dict.fromkeys(LABELS, 0)
    return write_export(tmp_path / "feedback.jsonl", [
        export_row("ok-1", "approve", "Lovely photos of the harbour, thank you.", every_zero),
        export_row("bad-1", "relabel", "You are a worthless idiot.", {"insult": 1, "toxicity": 1, "threat": None}),
        export_row("no-text", "reject", None, {"toxicity": 1}),  # the platform sent no text: unusable
        export_row("unknown-labels", "reject", "spam spam spam", {"not_a_label": 1}),  # nothing the model has
        export_row("dup", "approve", KNOWN_TEXT, every_zero),  # already in the data sets
    ])


def test_the_loader_keeps_rows_with_text_and_a_known_label(tmp_path: Path) -> None:
    examples = list(load_feedback_export(feedback_file(tmp_path)))
    assert [ex.group for ex in examples] == ["feedback:ok-1", "feedback:bad-1", "feedback:dup"]
    approve, relabel, _ = examples
    assert all(approve.labels[lb] == 0 for lb in LABELS)
    assert (relabel.labels["insult"], relabel.labels["toxicity"], relabel.labels["threat"]) == (1, 1, None)
    assert relabel.labels["spam"] is None  # unknown, never a made-up negative
    assert {ex.meta["dataset"] for ex in examples} == {FEEDBACK_DATASET}


def test_the_loader_reads_what_the_export_writes(tmp_path: Path) -> None:
    from streams.contracts import FeedbackEvent

    verdict = FeedbackEvent.model_validate(
        {"comment_id": "r-1", "verdict": "reject", "labels": ["insult"], "decided_at": "2026-12-04T10:00:00Z",
         "tenant": "default"}
    )
    labels = target_labels(verdict, None, LABELS)
    path = write_export(tmp_path / "export.jsonl", [export_row("r-1", "reject", "Go away, moron.", labels)])
    (example,) = load_feedback_export(path)
    assert example.labels["insult"] == 1 and example.labels["toxicity"] is None


def test_feedback_rows_join_the_training_split_only_and_the_card_counts_them(tmp_path: Path) -> None:
    from streams.corpora.datasets import Example, make_labels

    base = to_frame([Example(KNOWN_TEXT, make_labels(toxicity=0), "news", "g-1", {"dataset": "news"})])
    base["key"] = [dedup_key(t) for t in base["text"]]
    base["split"] = "test"
    base["test_kind"] = "in-source"
    frame = with_feedback(base, [feedback_file(tmp_path)])
    added = frame[frame["dataset"] == FEEDBACK_DATASET]
    assert sorted(added["group"]) == ["feedback:bad-1", "feedback:ok-1"]  # the known text is not added again
    assert set(added["split"]) == {"train"}
    assert math.isnan(float(added.loc[added["group"] == "feedback:bad-1", "spam"].iloc[0]))
    assert len(with_feedback(base, [])) == len(base)

    counts = dataset_counts(frame)
    assert counts[FEEDBACK_DATASET]["train"] == 2
    note = feedback_note({"datasets": counts, "feedback": {"files": ["feedback.jsonl"]}})
    assert note.startswith("**Moderator feedback:** 2 training rows from `feedback.jsonl`")
    assert "not used" in feedback_note({"datasets": dataset_counts(base), "feedback": {"files": []}})
    assert "not used" in feedback_note({"datasets": {}})  # a card of a model trained before the flag existed


def test_an_export_without_usable_rows_says_so(tmp_path: Path) -> None:
    path = write_export(tmp_path / "empty.jsonl", [export_row("x", "reject", None, {"toxicity": 1})])
    assert list(load_feedback_export(path)) == []
    note = feedback_note({"datasets": {}, "feedback": {"files": [path.name]}})
    assert "0 training rows" in note and "no usable rows" in note
