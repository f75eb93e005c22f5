"""Deduplicated, leakage-free train / validation / test splits (reused by ``modstream eval``).

* Texts are deduplicated on a normalised key (lower-case, non-alphanumerics collapsed) across all
  sets; duplicates are merged (a label known in any copy is kept; conflicting values -> max).
* Whole sources in :data:`HELDOUT_SOURCES` are test-only ("heldout-source"): no row of theirs, and
  no row sharing a key with them, is ever trained on.
* The rest is split by ``group`` (post, thread, video, row) with a seeded stable hash:
  :data:`TEST_PCT` % test ("in-source"), :data:`VALID_PCT` % validation, the rest training.
* The non-commercial sets (UCC, C3) are never trained on; when loaded they are test-only
  ("eval-only").
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from streams.corpora.datasets import DEFAULT_DATA_ROOT, LABELS, load_examples, to_frame

SPLIT_SEED = "modstream-split-v1"
HELDOUT_SOURCES: frozenset[str] = frozenset(
    {"youtube:Youtube04-Eminem", "reddit-incivility", "fox-news",
     # never trained on (streams.corpora.datasets.HELDOUT_LOADERS)
     "mlma-en", "youtube-2014"}
)
EVAL_ONLY_SOURCES: frozenset[str] = frozenset({"c3", "ucc"})
TEST_PCT = 12
VALID_PCT = 12
_KEY_RE = re.compile(r"[\W_]+", re.UNICODE)


def dedup_key(text: str) -> str:
    """Stable key of a text for deduplication (independent of the runtime normaliser)."""
    norm = _KEY_RE.sub(" ", text.lower()).strip()
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=10).hexdigest()


def _bucket(group: str) -> int:
    digest = hashlib.blake2b(f"{SPLIT_SEED}:{group}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") % 100


def _merge_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per key: first row's text/source/group, per-label max over known values."""
    labels = list(LABELS)
    agg = frame.groupby("key", sort=False)[labels].max()  # max skips NaN
    first = frame.drop_duplicates("key", keep="first").set_index("key")
    first[labels] = agg.loc[first.index, labels]
    return first.reset_index()


def assign_splits(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``key``, ``split`` (train/valid/test) and ``test_kind`` columns; merge duplicates."""
    frame = frame.copy()
    frame["key"] = [dedup_key(t) for t in frame["text"]]
    frame = frame[frame["key"] != dedup_key("")]
    eval_only = frame["source"].isin(EVAL_ONLY_SOURCES)
    heldout = frame["source"].isin(HELDOUT_SOURCES)
    test_keys = set(frame.loc[eval_only | heldout, "key"])

    outside = frame[heldout | eval_only].copy()
    outside["split"] = "test"
    outside["test_kind"] = np.where(outside["source"].isin(EVAL_ONLY_SOURCES), "eval-only", "heldout-source")
    # a text in both a held-out and an eval-only source counts once, as held-out
    outside = outside.sort_values("test_kind", kind="stable", ascending=False)
    outside = _merge_duplicates(outside)

    inside = frame[~(heldout | eval_only) & ~frame["key"].isin(test_keys)]
    inside = _merge_duplicates(inside)
    bucket = np.array([_bucket(g) for g in inside["group"]])
    inside["split"] = np.where(
        bucket < TEST_PCT, "test", np.where(bucket < TEST_PCT + VALID_PCT, "valid", "train")
    )
    inside["test_kind"] = np.where(inside["split"] == "test", "in-source", "")
    return pd.concat([inside, outside], ignore_index=True)


def load_splits(root: Path = DEFAULT_DATA_ROOT, *, include_eval_only: bool = True) -> pd.DataFrame:
    """All rows with their split. Columns: text, source, group, dataset, labels..., key, split,
    test_kind (``in-source`` / ``heldout-source`` / ``eval-only`` for test rows)."""
    return assign_splits(to_frame(load_examples(root, include_eval_only=include_eval_only)))


def heldout_test_rows(
    root: Path = DEFAULT_DATA_ROOT, *, include_eval_only: bool = True
) -> pd.DataFrame:
    """The test rows with labels (NaN = unknown) for evaluation; never trained on."""
    frame = load_splits(root, include_eval_only=include_eval_only)
    return frame[frame["split"] == "test"].reset_index(drop=True)
