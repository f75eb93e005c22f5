"""``modstream eval --suite languages``: toxicity per language on held-out rows, beside the peer and
the plain baseline, and how the production path treats each language (scored or routed).

Covered languages are scored through the production ``Moderator`` with the event's ``lang`` set;
a routed language has no score in production, so its row shows the figure its (unshipped) model
reached in training (``models/lang/languages.json``), on the held-out rows and, where the language
has one, on its second held-out source (the claim must hold on both: ``models/train_lang.py``). The
baseline is refitted here on the same rows the language's model was fitted on; the peer reads the
raw text. Language identification is checked on the same held-out texts (share identified as the
language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from streams.corpora.datasets import DEFAULT_DATA_ROOT
from streams.corpora.lang_data import AUC_FLOOR, LOADERS, load_language, load_other_source, validation_mask
from streams.evaluation.baseline import BASELINE_NAME
from streams.evaluation.metrics import roc_auc
from streams.evaluation.moderate import moderate_texts
from streams.evaluation.peer import PEER_NAME, peer_scores
from streams.lang import identify
from streams.pipeline import Moderator

LANGUAGES = "languages"
SAMPLE_SEED = 1204


def _cap(n: int, limit: int | None) -> np.ndarray:
    if limit is None or limit >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(SAMPLE_SEED).choice(n, size=limit, replace=False))


def _auc(y: np.ndarray, s: np.ndarray | None) -> float | None:
    if s is None or len(np.unique(y)) < 2:
        return None
    value = roc_auc(y, s)
    return None if value is None else round(float(value), 4)


def language_section(moderator: Moderator, data_root: Path | None, limit: int | None) -> dict[str, Any]:
    """One entry per language of ``streams.corpora.lang_data``: held-out AUCs, claim, routing, detection."""
    from streams.evaluation.plain_baseline import toxicity_baseline_scores  # scikit-learn

    root = data_root or DEFAULT_DATA_ROOT
    manifest = moderator.languages.manifest.get("languages", {})
    out: dict[str, Any] = {}
    for lang in LOADERS:
        data = load_language(lang, root)
        held = data.heldout.iloc[_cap(len(data.heldout), limit)].reset_index(drop=True)
        fit_rows = data.train[~validation_mask(len(data.train))]
        fit_rows = fit_rows.iloc[_cap(len(fit_rows), limit)]
        texts = held["text"].tolist()
        y = held["toxic"].to_numpy(dtype=int)
        covered = moderator.languages.covers(lang)
        outcome = moderate_texts(moderator, texts, lang=lang)
        other = load_other_source(lang, root)
        other_rows = None if other is None else other[1].iloc[_cap(len(other[1]), limit)].reset_index(drop=True)
        other_texts = [] if other_rows is None else other_rows["text"].tolist()
        # one baseline fit per language scores both the held-out rows and the other source's
        baseline = toxicity_baseline_scores(
            fit_rows["text"].tolist(), fit_rows["toxic"].to_numpy(dtype=int), texts + other_texts
        )
        entry: dict[str, Any] = {
            "heldout_source": data.heldout_source,
            "heldout_kind": data.kind,
            "train_source": data.train_source,
            "n": len(held),
            "positive_rate": round(float(y.mean()), 3) if len(y) else None,
            "status": "covered" if covered else "routed",
            "routed_share": round(float(np.mean([any(r.startswith("unsupported-language:") for r in rs)
                                                 for rs in outcome.reasons])), 4),
            "identified_share": round(float(np.mean([identify(t).lang == lang for t in texts])), 4),
            "auc": {
                "ours": _auc(y, outcome.column("toxicity")) if covered else None,
                "ours_in_training": manifest.get(lang, {}).get("heldout_auc", {}).get("ours"),
                PEER_NAME: _auc(y, peer_scores(texts)),
                BASELINE_NAME: _auc(y, baseline[: len(texts)]),
            },
            "auc_floor": AUC_FLOOR,
        }
        if other is not None and other_rows is not None:
            name, rows = other[0], other_rows
            other_y = rows["toxic"].to_numpy(dtype=int)
            other_outcome = moderate_texts(moderator, other_texts, lang=lang) if covered else None
            trained_other = manifest.get(lang, {}).get("other_source") or {}
            entry["other_source"] = {
                "source": name,
                "n": len(rows),
                "positive_rate": round(float(other_y.mean()), 3) if len(other_y) else None,
                "auc": {
                    "ours": _auc(other_y, other_outcome.column("toxicity")) if other_outcome else None,
                    "ours_in_training": trained_other.get("heldout_auc", {}).get("ours"),
                    PEER_NAME: _auc(other_y, peer_scores(other_texts)),
                    BASELINE_NAME: _auc(other_y, baseline[len(texts):]),
                },
            }
        out[lang] = entry
    return out
