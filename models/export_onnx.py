"""Hand-built ONNX graph: bag of hashed features -> linear logits -> Platt -> sigmoid.

    .venv/bin/python -m models.export_onnx [models/modstream.onnx]

rebuilds the graph of an existing model file in this layout, keeping its table and offset (and
updates ``onnx_sha256`` in the metadata beside it); training is not repeated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from streams.features import HashedBatch
from streams.scoring.onnx_scorer import (  # the graph's names: one definition, the runtime's
    INPUT_INDICES,
    INPUT_SCALES,
    INPUT_SLOTS,
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

    ``coef`` is ``[buckets, labels]``; ``a`` is folded into the table and the offset.
    """
    a = platt_a.astype(np.float64)
    table = coef.astype(np.float64) * a[None, :]
    offset = a * intercept.astype(np.float64) + platt_b.astype(np.float64)
    return graph_of(table, offset, float16=float16, doc_string=doc_string)


def graph_of(
    table: np.ndarray, offset: np.ndarray, *, float16: bool = True, doc_string: str = ""
) -> onnx.ModelProto:
    """The graph over a ``[buckets, labels]`` log-odds table and a ``[labels]`` offset.

    Inputs are a :class:`~streams.features.HashedBatch`: ``indices`` (bucket) and ``slots`` ``[T]``,
    ``scales`` ``[N, 4]``. Gather the table rows -> ScatterND(add) into ``[4N, labels]`` slot sums
    -> times ``scales`` -> sum the four slots of each text -> + offset -> sigmoid. No per-feature
    multiply: the weights are applied once per slot. ``logits`` are the calibrated log-odds.
    """
    n_labels = table.shape[1]
    stored = table.astype(np.float16 if float16 else np.float32)
    inits = [
        numpy_helper.from_array(stored, "table"),
        numpy_helper.from_array(np.asarray(offset, dtype=np.float32), "offset"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), "axis0"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
        numpy_helper.from_array(np.array([4], dtype=np.int64), "four"),
        numpy_helper.from_array(np.array([n_labels], dtype=np.int64), "width"),
        numpy_helper.from_array(np.array([-1, 4, n_labels], dtype=np.int64), "per_text"),
    ]
    nodes = [helper.make_node("Gather", ["table", INPUT_INDICES], ["gathered"], axis=0)]
    gathered = "gathered"
    if float16:
        nodes.append(helper.make_node("Cast", ["gathered"], ["gathered32"], to=TensorProto.FLOAT))
        gathered = "gathered32"
    nodes += [
        helper.make_node("Unsqueeze", [INPUT_SLOTS, "axis1"], ["slots2"]),
        helper.make_node("Shape", [INPUT_SCALES], ["scales_shape"]),
        helper.make_node("Gather", ["scales_shape", "axis0"], ["n_rows"], axis=0),
        helper.make_node("Mul", ["n_rows", "four"], ["n_slots"]),
        helper.make_node("Concat", ["n_slots", "width"], ["sums_shape"], axis=0),
        helper.make_node(
            "ConstantOfShape", ["sums_shape"], ["zeros"],
            value=numpy_helper.from_array(np.zeros(1, dtype=np.float32)),
        ),
        helper.make_node("ScatterND", ["zeros", "slots2", gathered], ["slot_sums"], reduction="add"),
        helper.make_node("Reshape", ["slot_sums", "per_text"], ["slot_sums3"]),
        helper.make_node("Unsqueeze", [INPUT_SCALES, "axis2"], ["scales3"]),
        helper.make_node("Mul", ["slot_sums3", "scales3"], ["scaled"]),
        helper.make_node("ReduceSum", ["scaled", "axis1"], ["z"], keepdims=0),
        helper.make_node("Add", ["z", "offset"], [OUTPUT_LOGITS]),
        helper.make_node("Sigmoid", [OUTPUT_LOGITS], [OUTPUT_PROBS]),
    ]
    graph = helper.make_graph(
        nodes,
        "modstream",
        [
            helper.make_tensor_value_info(INPUT_INDICES, TensorProto.INT64, ["T"]),
            helper.make_tensor_value_info(INPUT_SLOTS, TensorProto.INT64, ["T"]),
            helper.make_tensor_value_info(INPUT_SCALES, TensorProto.FLOAT, ["N", 4]),
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


def table_and_offset(model: onnx.ModelProto) -> tuple[np.ndarray, np.ndarray]:
    """The stored log-odds table (as float32, whatever its storage) and offset of a model."""
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    return init["table"].astype(np.float32), init["offset"].astype(np.float32)


def reference_logits(batch: HashedBatch, model: onnx.ModelProto) -> np.ndarray:
    """Numpy evaluation of the exported graph (for equality tests)."""
    table, offset = table_and_offset(model)
    z = np.zeros((batch.n_docs * 4, table.shape[1]), dtype=np.float64)
    np.add.at(z, batch.slot, table[batch.bucket].astype(np.float64))
    z = (z.reshape(batch.n_docs, 4, -1) * batch.scale[:, :, None]).sum(axis=1)
    return z + offset


def rebuild(path: Path) -> str:
    """Rewrite the model at ``path`` in this module's graph layout (same table, same offset).

    Updates ``onnx_sha256`` in the metadata beside it and returns the new digest.
    """
    old = onnx.load(str(path))
    table, offset = table_and_offset(old)
    stored_f16 = any(t.name == "table" and t.data_type == TensorProto.FLOAT16 for t in old.graph.initializer)
    model = graph_of(table, offset, float16=stored_f16, doc_string=old.doc_string)
    save_model(model, path)
    digest = hashlib.sha256(model.SerializeToString()).hexdigest()
    meta_path = path.with_suffix(".json")
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["onnx_sha256"] = digest
        meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return digest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild a model's ONNX graph in the current layout.")
    parser.add_argument("model", type=Path, nargs="?", default=Path(__file__).resolve().parent / "modstream.onnx")
    args = parser.parse_args(argv)
    print(f"{args.model}: sha256 {rebuild(args.model)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
