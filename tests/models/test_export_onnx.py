"""The hand-built ONNX graph equals its numpy reference and the per-feature sum it stands for."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import numpy_helper

from models.export_onnx import build_model, rebuild, reference_logits, save_model
from streams.features import HashedBatch, HashingFeaturizer


def _run(model: onnx.ModelProto, batch: HashedBatch) -> tuple[np.ndarray, np.ndarray]:
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    feeds = {"indices": batch.bucket, "slots": batch.slot, "scales": batch.scale}
    probs, logits = sess.run(["probabilities", "logits"], feeds)
    return probs, logits


def _random_batch(rng: np.random.Generator, n_docs: int, n_features: int, n_buckets: int) -> HashedBatch:
    docs = np.sort(rng.integers(0, n_docs - 1, size=n_features))  # the last text gets no feature
    slots = docs * 4 + rng.integers(0, 4, size=n_features)
    w = rng.uniform(0.1, 1.0, size=(n_docs, 2)).astype(np.float32)
    scale = np.stack([w[:, 0], -w[:, 0], w[:, 1], -w[:, 1]], axis=1)
    return HashedBatch(rng.integers(0, n_buckets, size=n_features).astype(np.int64), slots.astype(np.int64), scale)


@pytest.mark.parametrize("float16", [False, True])
def test_graph_matches_reference(float16: bool) -> None:
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(1024, 3))
    model = build_model(coef, rng.normal(size=3), np.array([1.0, 0.5, 2.0]), rng.normal(size=3), float16=float16)
    batch = _random_batch(rng, 8, 60, 1024)
    probs, logits = _run(model, batch)
    ref = reference_logits(batch, model)
    assert logits.shape == (8, 3)
    assert np.allclose(logits, ref, atol=1e-4)
    assert np.allclose(logits[7], ref[7]) and np.allclose(ref[7], numpy_offset(model))
    assert np.allclose(probs, 1 / (1 + np.exp(-ref)), atol=1e-5)
    # float16 storage stays close to the float32 model
    exact = reference_logits(batch, build_model(coef, np.zeros(3), np.ones(3), np.zeros(3), float16=False))
    rounded = reference_logits(batch, build_model(coef, np.zeros(3), np.ones(3), np.zeros(3), float16=True))
    assert np.abs(exact - rounded).max() < 0.05


def test_each_feature_adds_its_signed_weight_times_its_table_row() -> None:
    rng = np.random.default_rng(1)
    model = build_model(rng.normal(size=(64, 2)), np.zeros(2), np.ones(2), np.zeros(2), float16=False)
    scale = np.array([[0.5, -0.5, 2.0, -2.0], [1.0, -1.0, 0.25, -0.25]], dtype=np.float32)
    # text 1 first, text 0 second; bucket 5 twice in one text; one negative char and one negative word feature
    batch = HashedBatch(
        np.array([5, 9, 5, 3, 7], dtype=np.int64), np.array([4, 1, 4, 2, 6], dtype=np.int64), scale
    )
    _, logits = _run(model, batch)
    table = onnx_table(model)
    assert batch.doc.tolist() == [1, 0, 1, 0, 1]
    assert batch.value.tolist() == [1.0, -0.5, 1.0, 2.0, 0.25]
    assert np.allclose(logits[0], -0.5 * table[9] + 2.0 * table[3], atol=1e-6)
    assert np.allclose(logits[1], 2.0 * table[5] + 0.25 * table[7], atol=1e-6)


def test_featurizer_batches_score_as_the_sum_over_their_features() -> None:
    rng = np.random.default_rng(2)
    featurizer = HashingFeaturizer()
    n_buckets = featurizer.config.n_buckets
    model = build_model(rng.normal(size=(n_buckets, 2)), rng.normal(size=2), np.ones(2), np.zeros(2), float16=False)
    texts = ["you are a total idiot", "", "Nice point, well argued!!", "soooo good " * 40]
    batch = featurizer.transform(texts)
    _, logits = _run(model, batch)
    table = onnx_table(model)
    expected = np.tile(numpy_offset(model).astype(np.float64), (len(texts), 1))
    np.add.at(expected, batch.doc, batch.value[:, None].astype(np.float64) * table[batch.bucket])
    assert np.allclose(logits, expected, atol=1e-4)


def test_rebuild_keeps_the_table_and_updates_the_metadata_digest(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    path = tmp_path / "m.onnx"
    model = build_model(rng.normal(size=(256, 2)), rng.normal(size=2), np.ones(2), np.zeros(2))
    save_model(model, path)
    path.with_suffix(".json").write_text(json.dumps({"version": "v1", "onnx_sha256": "stale"}), encoding="utf-8")

    digest = rebuild(path)

    rebuilt = onnx.load(str(path))
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert json.loads(path.with_suffix(".json").read_text(encoding="utf-8")) == {"version": "v1", "onnx_sha256": digest}
    assert np.array_equal(onnx_table(rebuilt), onnx_table(model))
    batch = _random_batch(rng, 4, 30, 256)
    assert np.allclose(_run(rebuilt, batch)[1], _run(model, batch)[1], atol=1e-6)


def onnx_table(model: onnx.ModelProto) -> np.ndarray:
    return next(numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "table").astype(np.float64)


def numpy_offset(model: onnx.ModelProto) -> np.ndarray:
    return next(numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "offset")
