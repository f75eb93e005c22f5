"""Splits: dedup, no leakage, whole held-out sources, determinism."""

from __future__ import annotations

import pandas as pd

from streams.corpora.datasets import LABELS
from streams.corpora.splits import HELDOUT_SOURCES, assign_splits, dedup_key


def _frame() -> pd.DataFrame:
    rows = []
    for i in range(400):
        rows.append({"text": f"comment number {i}", "source": "jigsaw", "group": f"g{i // 3}"})
    rows.append({"text": "Shared TEXT!!", "source": "jigsaw", "group": "g-shared"})
    rows.append({"text": "shared text", "source": "davidson", "group": "d1"})
    held = next(iter(sorted(HELDOUT_SOURCES)))
    rows.append({"text": "held text", "source": held, "group": "h1"})
    rows.append({"text": "HELD text.", "source": "jigsaw", "group": "g-leak"})
    rows.append({"text": "nc text", "source": "c3", "group": "c1"})
    frame = pd.DataFrame(rows)
    for label in LABELS:
        frame[label] = float("nan")
    frame["dataset"] = frame["source"]
    frame.loc[frame["text"] == "Shared TEXT!!", "toxicity"] = 1.0
    frame.loc[frame["text"] == "shared text", "insult"] = 0.0
    return frame


def test_no_key_in_two_splits_and_duplicates_merged() -> None:
    out = assign_splits(_frame())
    assert out["key"].is_unique
    shared = out[out["key"] == dedup_key("shared text")].iloc[0]
    assert shared["toxicity"] == 1.0 and shared["insult"] == 0.0


def test_heldout_and_eval_only_sources_are_test_only_and_not_leaked() -> None:
    out = assign_splits(_frame())
    outside = out[out["source"].isin(HELDOUT_SOURCES | {"c3"})]
    assert set(outside["split"]) == {"test"}
    assert set(outside["test_kind"]) == {"heldout-source", "eval-only"}
    # the jigsaw copy of a held-out text is gone from training
    held_key = dedup_key("held text")
    assert set(out.loc[out["key"] == held_key, "split"]) == {"test"}


def test_groups_stay_together_and_split_is_deterministic() -> None:
    a, b = assign_splits(_frame()), assign_splits(_frame())
    assert a["split"].tolist() == b["split"].tolist()
    inside = a[a["source"] == "jigsaw"]
    assert (inside.groupby("group")["split"].nunique() == 1).all()
    shares = inside["split"].value_counts(normalize=True)
    assert 0.5 < shares["train"] < 0.95 and shares.get("test", 0) > 0.03
