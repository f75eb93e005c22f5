"""Train and evaluate the per-language toxicity models; ship the languages that earn a claim.

    .venv/bin/python -m models.train_lang [--lang de --lang pt ...]

For each language of :mod:`streams.corpora.lang_data`: hashed word 1-2 + char 2-5 features of
:func:`streams.normalize.script.language_text` (the text the runtime scores), scaled by NB-SVM
log-count ratios (:func:`models.fit.log_count_ratio`, computed on the fitted rows and folded into
the exported table), one logistic regression (C and class weighting chosen on a seeded 15%
validation part of the training rows, Platt-calibrated on it), then toxicity ROC-AUC on the
held-out rows beside alt-profanity-check and the plain TF-IDF baseline trained on the same rows.
A language is claimed, and its model written to ``models/lang/<lang>.onnx``, only when its
held-out AUC is at least :data:`AUC_FLOOR` and above both, and, where the language has a second
held-out source (:data:`streams.corpora.lang_data.OTHER_SOURCES`, a data set never trained on), the same
holds there too (:func:`claim_failures`). ``models/lang/languages.json`` records every language's
figures, claimed or not (the second source's under ``other_source``), and is what the runtime reads.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score

from models.export_onnx import build_model, save_model
from models.fit import fit_label, hashed_matrix, log_count_ratio
from streams.corpora.datasets import DEFAULT_DATA_ROOT
from streams.corpora.lang_data import (
    AUC_FLOOR,
    LANG_SEED,
    LOADERS,
    load_language,
    load_other_source,
    validation_mask,
)
from streams.evaluation.baseline import BASELINE_NAME
from streams.evaluation.peer import PEER_NAME, peer_scores
from streams.evaluation.plain_baseline import toxicity_baseline_scores
from streams.features import FeaturizerConfig, HashingFeaturizer
from streams.normalize.script import language_text

LOG = logging.getLogger("models.train_lang")
LANG_DIR = Path(__file__).resolve().parent / "lang"
SEED = LANG_SEED
C_GRID = (0.25, 1.0, 4.0, 16.0, 64.0)
BUCKETS_LOG2 = 18


def _auc(y: np.ndarray, s: np.ndarray | None) -> float | None:
    return None if s is None else round(float(roc_auc_score(y, s)), 4)


def _shortfalls(where: str, aucs: dict[str, float | None], floor: float) -> list[str]:
    ours = aucs.get("ours")
    if ours is None:
        return [f"{where}: no AUC of ours"]
    out = [f"{where}: ours {ours} < floor {floor}"] if ours < floor else []
    out += [f"{where}: ours {ours} <= {name} {v}" for name, v in aucs.items() if name != "ours" and v is not None
            and ours <= v]
    return out


def claim_failures(entry: dict[str, Any], floor: float = AUC_FLOOR) -> list[str]:
    """Why a language's manifest entry may not be claimed (empty: it may).

    The claim: toxicity AUC at least ``floor`` and above every reference measured (the peer, the
    plain baseline) on the held-out rows (``heldout_auc``) and, where the language has a second
    held-out source (``other_source``), on that source as well.
    """
    out = _shortfalls(str(entry.get("heldout_source", "held-out rows")), entry["heldout_auc"], floor)
    other = entry.get("other_source")
    if other is not None:
        out += _shortfalls(str(other["source"]), other["heldout_auc"], floor)
    return out


def train_language(lang: str, root: Path, out_dir: Path) -> dict[str, Any]:
    """Fit, evaluate and (when claimed) export one language; returns its manifest entry."""
    data = load_language(lang, root)
    is_valid = validation_mask(len(data.train))
    texts = [language_text(t, lang) for t in data.train["text"]]
    y = data.train["toxic"].to_numpy(dtype=int)
    config = FeaturizerConfig(n_buckets_log2=BUCKETS_LOG2, lexicon=0)
    featurizer = HashingFeaturizer(config)
    x = hashed_matrix(featurizer, texts)
    w = np.ones(len(texts))
    ratio = log_count_ratio(x[~is_valid], y[~is_valid])
    scaled = (x @ sp.diags(ratio)).tocsr()
    best = None
    for balanced in (False, True):
        fit = fit_label(scaled[~is_valid], y[~is_valid], w[~is_valid], scaled[is_valid], y[is_valid], C_GRID,
                        SEED, balanced=balanced)
        if best is None or fit.valid_auc > best[0].valid_auc:
            best = (fit, balanced)
    assert best is not None
    fit, balanced = best
    coef = fit.coef * ratio  # the table the runtime multiplies unscaled features by
    model = build_model(coef[:, None], np.array([fit.intercept]), np.array([fit.platt_a]),
                        np.array([fit.platt_b]), float16=True, doc_string=f"modstream-{lang}")
    onnx_bytes = model.SerializeToString()
    digest = hashlib.sha256(onnx_bytes).hexdigest()

    def ours_scores(texts: list[str]) -> np.ndarray:
        x_ = hashed_matrix(featurizer, [language_text(t, lang) for t in texts])
        return np.asarray(1.0 / (1.0 + np.exp(-(fit.platt_a * (x_ @ coef + fit.intercept) + fit.platt_b))))

    held = data.heldout
    held_texts = held["text"].tolist()
    held_y = held["toxic"].to_numpy(dtype=int)
    other = load_other_source(lang, root)
    other_texts = [] if other is None else other[1]["text"].tolist()
    fit_rows = data.train[~is_valid]
    # one baseline fit scores the held-out rows and the second source's (as `modstream eval` does)
    base = toxicity_baseline_scores(
        fit_rows["text"].tolist(), fit_rows["toxic"].to_numpy(dtype=int), held_texts + other_texts
    )
    aucs = {
        "ours": _auc(held_y, ours_scores(held_texts)),
        BASELINE_NAME: _auc(held_y, base[: len(held_texts)]),
        PEER_NAME: _auc(held_y, peer_scores(held_texts)),
    }
    version = f"modstream-{lang}-{digest[:8]}"
    entry: dict[str, Any] = {
        "claimed": False,
        "model": None,
        "version": version,
        "train_source": data.train_source,
        "heldout_source": data.heldout_source,
        "heldout_kind": data.kind,
        "n_train": int((~is_valid).sum()),
        "n_valid": int(is_valid.sum()),
        "n_heldout": len(held),
        "heldout_positive_rate": round(float(held_y.mean()), 3),
        "C": fit.c,
        "balanced": balanced,
        "valid_auc": round(fit.valid_auc, 4),
        "heldout_auc": aucs,
    }
    if other is not None:
        name, rows = other
        other_y = rows["toxic"].to_numpy(dtype=int)
        entry["other_source"] = {
            "source": name,
            "n": len(rows),
            "positive_rate": round(float(other_y.mean()), 3),
            "heldout_auc": {
                "ours": _auc(other_y, ours_scores(other_texts)),
                BASELINE_NAME: _auc(other_y, base[len(held_texts):]),
                PEER_NAME: _auc(other_y, peer_scores(other_texts)),
            },
        }
    failures = claim_failures(entry)
    claimed = not failures
    entry["claimed"], entry["model"] = claimed, f"{lang}.onnx" if claimed else None
    LOG.info("%s: %s%s", lang, json.dumps(entry), f" (not claimed: {'; '.join(failures)})" if failures else "")
    if claimed:
        save_model(model, out_dir / f"{lang}.onnx")
        meta = {
            "version": version,
            "labels": ["toxicity"],
            "featurizer": config.to_dict(),
            "normalizer": "streams.normalize.script.language_text",
            "language": lang,
            "calibration": {"toxicity": {"method": "platt", "a": fit.platt_a, "b": fit.platt_b}},
            "training": {k: entry[k] for k in ("train_source", "n_train", "n_valid", "C", "balanced", "valid_auc")}
            | {"features": "NB log-count ratio scaled (alpha 1), folded into the table"},
            "onnx_sha256": digest,
        }
        (out_dir / f"{lang}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    else:
        for suffix in (".onnx", ".json"):
            (out_dir / f"{lang}{suffix}").unlink(missing_ok=True)
    return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=DEFAULT_DATA_ROOT)
    parser.add_argument("--out-dir", type=Path, default=LANG_DIR)
    parser.add_argument("--lang", action="append", choices=sorted(LOADERS), help="only these (repeatable)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    random.seed(SEED)
    np.random.seed(SEED)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out_dir / "languages.json"
    manifest: dict[str, Any] = {"auc_floor": AUC_FLOOR, "languages": {}}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for lang in args.lang or list(LOADERS):
        manifest["languages"][lang] = train_language(lang, args.data_root, args.out_dir)
    manifest["languages"] = dict(sorted(manifest["languages"].items()))
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
