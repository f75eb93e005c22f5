"""Hand-built ONNX graph: bag of hashed features -> linear logits -> Platt -> sigmoid."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from streams.scoring.onnx_scorer import (  # the graph's names: one definition, the runtime's
    INPUT_INDICES,
    INPUT_N_ROWS,
    INPUT_ROWS,
    INPUT_WEIGHTS,
    OUTPUT_LOGITS,
    OUTPUT_PROBS,
)

OPSET = 17


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

    ``coef`` is ``[buckets, labels]``. ``a`` is folded into the table and the offset. Inputs are
    flat (no padding): the hashed features of a whole batch, ``indices``/``weights`` ``[T]``, the
    row (comment) each belongs to, ``rows`` ``[T]``, and the number of rows, ``n_rows`` ``[1]``.
    The graph is Gather -> Mul -> ScatterND(add) into ``[n_rows, labels]`` -> Add -> Sigmoid;
    ``logits`` are the calibrated log-odds.
    """
    n_labels = coef.shape[1]
    a = platt_a.astype(np.float64)
    table = (coef.astype(np.float64) * a[None, :]).astype(np.float16 if float16 else np.float32)
    offset = (a * intercept.astype(np.float64) + platt_b.astype(np.float64)).astype(np.float32)
    inits = [
        numpy_helper.from_array(table, "table"),
        numpy_helper.from_array(offset, "offset"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array([n_labels], dtype=np.int64), "width"),
    ]
    nodes = [helper.make_node("Gather", ["table", INPUT_INDICES], ["gathered"], axis=0)]
    gathered = "gathered"
    if float16:
        nodes.append(helper.make_node("Cast", ["gathered"], ["gathered32"], to=TensorProto.FLOAT))
        gathered = "gathered32"
    nodes += [
        helper.make_node("Unsqueeze", [INPUT_WEIGHTS, "axis1"], ["w2"]),
        helper.make_node("Mul", ["w2", gathered], ["terms"]),
        helper.make_node("Unsqueeze", [INPUT_ROWS, "axis1"], ["rows2"]),
        helper.make_node("Concat", [INPUT_N_ROWS, "width"], ["out_shape"], axis=0),
        helper.make_node(
            "ConstantOfShape", ["out_shape"], ["zeros"],
            value=numpy_helper.from_array(np.zeros(1, dtype=np.float32)),
        ),
        helper.make_node("ScatterND", ["zeros", "rows2", "terms"], ["z"], reduction="add"),
        helper.make_node("Add", ["z", "offset"], [OUTPUT_LOGITS]),
        helper.make_node("Sigmoid", [OUTPUT_LOGITS], [OUTPUT_PROBS]),
    ]
    graph = helper.make_graph(
        nodes,
        "modstream",
        [
            helper.make_tensor_value_info(INPUT_INDICES, TensorProto.INT64, ["T"]),
            helper.make_tensor_value_info(INPUT_WEIGHTS, TensorProto.FLOAT, ["T"]),
            helper.make_tensor_value_info(INPUT_ROWS, TensorProto.INT64, ["T"]),
            helper.make_tensor_value_info(INPUT_N_ROWS, TensorProto.INT64, [1]),
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
    indices: np.ndarray, weights: np.ndarray, rows: np.ndarray, n_rows: int, model: onnx.ModelProto
) -> np.ndarray:
    """Numpy evaluation of the exported graph (for equality tests)."""
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    table = init["table"].astype(np.float32)
    z = np.zeros((n_rows, table.shape[1]), dtype=np.float64)
    np.add.at(z, rows, weights[:, None].astype(np.float64) * table[indices])
    return z + init["offset"]
