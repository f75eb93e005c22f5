"""Hand-built ONNX graph: embedding-bag of hashed features -> linear logits -> Platt -> sigmoid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
INPUT_INDICES = "indices"
INPUT_WEIGHTS = "weights"
OUTPUT_PROBS = "probabilities"
OUTPUT_LOGITS = "logits"


def build_model(
    coef: np.ndarray,
    intercept: np.ndarray,
    platt_a: np.ndarray,
    platt_b: np.ndarray,
    *,
    float16: bool = True,
    doc_string: str = "",
) -> onnx.ModelProto:
    """ONNX model computing ``sigmoid(a * (sum_k w_k * coef[idx_k] + intercept) + b)`` per label.

    ``coef`` is ``[buckets, labels]``. ``a`` is folded into the table and the offset, so the
    graph is Gather -> MatMul -> Add -> Sigmoid; ``logits`` are the calibrated log-odds.
    """
    n_labels = coef.shape[1]
    a = platt_a.astype(np.float64)
    table = (coef.astype(np.float64) * a[None, :]).astype(np.float16 if float16 else np.float32)
    offset = (a * intercept.astype(np.float64) + platt_b.astype(np.float64)).astype(np.float32)
    inits = [
        numpy_helper.from_array(table, "table"),
        numpy_helper.from_array(offset, "offset"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
    ]
    nodes = [helper.make_node("Gather", ["table", INPUT_INDICES], ["rows"], axis=0)]
    rows = "rows"
    if float16:
        nodes.append(helper.make_node("Cast", ["rows"], ["rows32"], to=TensorProto.FLOAT))
        rows = "rows32"
    nodes += [
        helper.make_node("Unsqueeze", [INPUT_WEIGHTS, "axis1"], ["w3"]),
        helper.make_node("MatMul", ["w3", rows], ["z3"]),
        helper.make_node("Squeeze", ["z3", "axis1"], ["z"]),
        helper.make_node("Add", ["z", "offset"], [OUTPUT_LOGITS]),
        helper.make_node("Sigmoid", [OUTPUT_LOGITS], [OUTPUT_PROBS]),
    ]
    graph = helper.make_graph(
        nodes,
        "modstream",
        [
            helper.make_tensor_value_info(INPUT_INDICES, TensorProto.INT64, ["N", "K"]),
            helper.make_tensor_value_info(INPUT_WEIGHTS, TensorProto.FLOAT, ["N", "K"]),
        ],
        [
            helper.make_tensor_value_info(OUTPUT_PROBS, TensorProto.FLOAT, ["N", n_labels]),
            helper.make_tensor_value_info(OUTPUT_LOGITS, TensorProto.FLOAT, ["N", n_labels]),
        ],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="modstream",
        doc_string=doc_string,
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def save_model(model: onnx.ModelProto, path: Path) -> None:
    """Write the model to ``path`` (parent directories must exist)."""
    onnx.save_model(model, str(path))


def reference_logits(
    indices: np.ndarray, weights: np.ndarray, model: onnx.ModelProto
) -> np.ndarray:
    """Numpy evaluation of the exported graph (for equality tests)."""
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    table = init["table"].astype(np.float32)
    return np.einsum("nk,nkl->nl", weights, table[indices]) + init["offset"]
