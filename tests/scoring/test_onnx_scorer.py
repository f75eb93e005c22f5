"""OnnxScorer on a small hand-made model, plus sanity checks of the committed model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper

from models.export_onnx import build_model, save_model
from streams.features import FeaturizerConfig, HashingFeaturizer
from streams.scoring import ModelLoadError, OnnxScorer, UnknownLabelError, default_model_path

LABELS = ("toxicity", "spam")
CFG = FeaturizerConfig(n_buckets_log2=12)


def _write_model(tmp_path: Path, *, float16: bool = False) -> tuple[Path, np.ndarray, np.ndarray]:
    """A model where the word "idiot" drives toxicity and "xxurl" drives spam."""
    f = HashingFeaturizer(CFG)
    coef = np.zeros((CFG.n_buckets, 2))
    for j, word in enumerate(("idiot", "xxurl")):
        hb = f.transform([word])
        coef[hb.bucket, j] += 3.0 * np.sign(hb.value)
    intercept, a, b = np.array([-2.0, -1.0]), np.array([1.5, 0.8]), np.array([-0.3, 0.1])
    path = tmp_path / "m.onnx"
    save_model(build_model(coef, intercept, a, b, float16=float16), path)
    meta = {"version": "modstream-test", "labels": list(LABELS), "featurizer": CFG.to_dict()}
    path.with_suffix(".json").write_text(json.dumps(meta))
    return path, coef, np.stack([a, a * intercept + b])


def _reference(texts: list[str], coef: np.ndarray, ab: np.ndarray) -> np.ndarray:
    hb = HashingFeaturizer(CFG).transform(texts)
    z = np.zeros((len(texts), coef.shape[1]))
    np.add.at(z, hb.doc, hb.value[:, None] * coef[hb.bucket])
    return 1.0 / (1.0 + np.exp(-(ab[0] * z + ab[1])))


@pytest.mark.parametrize("float16", [False, True])
def test_scores_match_numpy_reference(tmp_path: Path, float16: bool) -> None:
    path, coef, ab = _write_model(tmp_path, float16=float16)
    scorer = OnnxScorer.load(path)
    texts = ["you idiot", "see xxurl for deals", "have a nice day", "", "idiot " * 200]
    got = scorer.score(texts)
    assert got.dtype == np.float32 and got.shape == (5, 2)
    assert np.allclose(got, _reference(texts, coef, ab), atol=2e-3 if float16 else 1e-5)
    assert got[0, 0] > got[2, 0] and got[1, 1] > got[2, 1]
    assert scorer.labels == LABELS and scorer.version == "modstream-test"


def test_score_keeps_input_order_across_chunks(tmp_path: Path) -> None:
    scorer = OnnxScorer.load(_write_model(tmp_path)[0])
    texts = [("idiot " * (i % 7)) + "word " * (i % 13) for i in range(600)]
    batch = scorer.score(texts)
    single = np.vstack([scorer.score([t]) for t in texts[:40]])
    assert np.allclose(batch[:40], single, atol=1e-6)
    assert scorer.score([]).shape == (0, 2)


def test_explain_names_the_driving_word(tmp_path: Path) -> None:
    scorer = OnnxScorer.load(_write_model(tmp_path)[0])
    top = scorer.explain("well you are an IDIOT, friend", "toxicity", top_k=3)
    assert top[0][0] == "IDIOT" and top[0][1] > 0
    assert all(top[i][1] >= top[i + 1][1] for i in range(len(top) - 1))
    assert scorer.explain("", "toxicity") == []
    fresh = OnnxScorer.load(_write_model(tmp_path)[0])
    fresh.prepare_explanations()  # the table built up front gives the same answer
    assert fresh.explain("well you are an IDIOT, friend", "toxicity", top_k=3) == top
    with pytest.raises(UnknownLabelError):
        scorer.explain("x", "nope")


def test_explanations_primed_as_a_batch_are_the_ones_of_each_text(tmp_path: Path) -> None:
    texts = ["well you are an IDIOT, friend", "idiot idiot word", "", "word word"]
    alone = OnnxScorer.load(_write_model(tmp_path)[0])
    expected = [alone.explain(t, "toxicity", top_k=3) for t in texts]
    primed = OnnxScorer.load(_write_model(tmp_path)[0])
    primed.prime_explanations([*texts, texts[0]])
    assert [primed.explain(t, "toxicity", top_k=3) for t in texts] == expected
    assert primed.explain("an idiot not primed", "toxicity", top_k=3)[0][0] == "idiot"


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError):
        OnnxScorer.load(tmp_path / "missing.onnx")
    path = _write_model(tmp_path)[0]
    meta = path.with_suffix(".json")
    meta.write_text("{not json")
    with pytest.raises(ModelLoadError):
        OnnxScorer.load(path)
    meta.write_text(json.dumps({"version": "v", "labels": ["a", "b", "c"], "featurizer": {}}))
    with pytest.raises(ModelLoadError):
        OnnxScorer.load(path)
    meta.write_text(json.dumps({"version": "v", "labels": ["a", "b"], "featurizer": {"x": 1}}))
    with pytest.raises(ModelLoadError):
        OnnxScorer.load(path)
    meta.unlink()
    with pytest.raises(ModelLoadError):
        OnnxScorer.load(path)
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not onnx")
    bad.with_suffix(".json").write_text(json.dumps({"version": "v", "labels": [], "featurizer": {}}))
    with pytest.raises(ModelLoadError):
        OnnxScorer.load(bad)


def test_a_graph_with_other_inputs_is_refused(tmp_path: Path) -> None:
    """An ONNX file of another layout (here: the earlier padded one) fails at load, not mid-stream."""
    x = helper.make_tensor_value_info("indices", TensorProto.INT64, ["N", "K"])
    y = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", "K"])
    cast = helper.make_node("Cast", ["indices"], ["probabilities"], to=TensorProto.FLOAT)
    graph = helper.make_graph([cast], "g", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    path = tmp_path / "old.onnx"
    save_model(model, path)
    path.with_suffix(".json").write_text(json.dumps({"version": "v", "labels": list(LABELS), "featurizer": {}}))
    with pytest.raises(ModelLoadError, match="inputs"):
        OnnxScorer.load(path)


def test_default_model_path_points_into_the_repo() -> None:
    path = default_model_path()
    assert path.name == "modstream.onnx" and path.parent.name == "models"


@pytest.mark.skipif(not default_model_path().exists(), reason="no committed model")
def test_committed_model_behaves() -> None:
    from streams.normalize import normalize

    scorer = OnnxScorer.load(default_model_path())
    assert scorer.labels[0] == "toxicity" and len(scorer.labels) == 8
    assert scorer.version.startswith("modstream-")
    texts = ["you are a stupid worthless idiot", "thanks, great article", "WIN CASH call 0906 now"]
    s = scorer.score([normalize(t).text for t in texts])
    tox, spam = scorer.labels.index("toxicity"), scorer.labels.index("spam")
    assert s[0, tox] > 0.7 > s[1, tox]
    assert s[2, spam] > s[1, spam]
    words = [w for w, _ in scorer.explain(normalize(texts[0]).text, "toxicity")]
    assert "idiot" in words or "stupid" in words
