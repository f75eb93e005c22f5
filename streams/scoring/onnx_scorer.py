"""Runtime scorer: hashed features -> ONNX graph -> calibrated multi-label probabilities."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from streams.features import FeaturizerConfig, FeaturizerConfigError, HashedBatch, HashingFeaturizer
from streams.scoring.exceptions import ModelLoadError, UnknownLabelError
from streams.scoring.explain import (
    all_token_contributions,
    bucket_contributions,
    token_contributions_many,
    top_contributions,
)

# the graph's inputs: HashedBatch.bucket, .slot and .scale
INPUT_INDICES = "indices"
INPUT_SLOTS = "slots"
INPUT_SCALES = "scales"
INPUTS = frozenset({INPUT_INDICES, INPUT_SLOTS, INPUT_SCALES})
OUTPUT_PROBS = "probabilities"
OUTPUT_LOGITS = "logits"
CHUNK = 256  # texts per ONNX call (bounds the [features, labels] intermediate)
_EXPLAIN_CACHE = 1024  # texts whose token contributions are kept when not primed per batch


def default_model_path() -> Path:
    """``<repo>/models/modstream.onnx``."""
    return Path(__file__).resolve().parents[2] / "models" / "modstream.onnx"


def metadata_path(model_path: Path) -> Path:
    """The metadata JSON that sits beside a model file."""
    return model_path.with_suffix(".json")


def _session(model_path: Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises several unrelated types
        raise ModelLoadError(f"cannot load ONNX model {model_path}: {exc}") from exc


def _read_metadata(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelLoadError(f"model metadata not found: {path}") from exc
    except (OSError, ValueError) as exc:
        raise ModelLoadError(f"unreadable model metadata {path}: {exc}") from exc
    for key in ("version", "labels", "featurizer"):
        if key not in data:
            raise ModelLoadError(f"model metadata {path} lacks {key!r}")
    return dict(data)


class OnnxScorer:
    """Calibrated multi-label scores for already-normalised texts."""

    labels: tuple[str, ...]
    version: str

    def __init__(
        self,
        session: ort.InferenceSession,
        featurizer: HashingFeaturizer,
        labels: Sequence[str],
        version: str,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._session = session
        self.featurizer = featurizer
        self.labels = tuple(labels)
        self.version = version
        self.metadata = metadata or {}
        self._label_index = {label: i for i, label in enumerate(self.labels)}
        self._bucket_table: np.ndarray | None = None  # built on the first explanation
        self._explained: dict[str, tuple[list[str], np.ndarray]] = {}

    @classmethod
    def load(cls, path: Path) -> OnnxScorer:
        """Load ``path`` (the ``.onnx`` file) and its sibling ``.json`` metadata."""
        path = Path(path)
        if not path.is_file():
            raise ModelLoadError(f"model file not found: {path}")
        meta = _read_metadata(metadata_path(path))
        try:
            featurizer = HashingFeaturizer(FeaturizerConfig.from_dict(meta["featurizer"]))
        except FeaturizerConfigError as exc:
            raise ModelLoadError(f"bad featurizer config in {path}: {exc}") from exc
        session = _session(path)
        inputs = {i.name for i in session.get_inputs()}
        if inputs != INPUTS:
            raise ModelLoadError(
                f"{path} takes inputs {sorted(inputs)}, expected {sorted(INPUTS)}"
                " (rebuild it with `python -m models.export_onnx PATH`)"
            )
        outputs = {o.name: o for o in session.get_outputs()}
        if OUTPUT_PROBS not in outputs or OUTPUT_LOGITS not in outputs:
            raise ModelLoadError(f"{path} lacks the {OUTPUT_PROBS!r}/{OUTPUT_LOGITS!r} outputs")
        width = outputs[OUTPUT_PROBS].shape[-1]
        labels = tuple(str(x) for x in meta["labels"])
        if isinstance(width, int) and width != len(labels):
            raise ModelLoadError(f"{path} outputs {width} labels, metadata lists {len(labels)}")
        return cls(session, featurizer, labels, str(meta["version"]), meta)

    def _run(self, output: str, batch: HashedBatch) -> np.ndarray:
        feeds = {INPUT_INDICES: batch.bucket, INPUT_SLOTS: batch.slot, INPUT_SCALES: batch.scale}
        result = self._session.run([output], feeds)[0]
        return np.asarray(result, dtype=np.float32)

    def logits(self, batch: HashedBatch) -> np.ndarray:
        """Calibrated log-odds ``[N, L]`` of a batch of hashed features."""
        return self._run(OUTPUT_LOGITS, batch)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """float32 ``[len(texts), len(labels)]`` calibrated probabilities."""
        n = len(texts)
        if n <= CHUNK:
            return self._run(OUTPUT_PROBS, self.featurizer.transform(texts))
        return np.concatenate(
            [self._run(OUTPUT_PROBS, self.featurizer.transform(texts[i : i + CHUNK])) for i in range(0, n, CHUNK)]
        )

    def explain(self, text: str, label: str, top_k: int = 5) -> list[tuple[str, float]]:
        """Tokens of ``text`` that pushed ``label`` up, with their log-odds contribution."""
        try:
            j = self._label_index[label]
        except KeyError as exc:
            raise UnknownLabelError(label) from exc
        tokens, matrix = self._contributions(text)
        return top_contributions(dict(zip(tokens, matrix[:, j].tolist(), strict=True)), top_k)

    def prepare_explanations(self) -> None:
        """Build the per-bucket contribution table now (~0.1 s) rather than on the first explanation."""
        self._contribution_table()

    def _contribution_table(self) -> np.ndarray:
        if self._bucket_table is None:
            self._bucket_table = bucket_contributions(self.logits, self.featurizer.config.n_features)
        return self._bucket_table

    def prime_explanations(self, texts: Sequence[str]) -> None:
        """Compute the token contributions of ``texts`` as one batch; :meth:`explain` then reads them.

        Replaces what an earlier batch left (the cache holds one batch).
        """
        todo = list(dict.fromkeys(texts))
        table = self._contribution_table()
        found = token_contributions_many(self.featurizer.token_features_many(todo), table)
        self._explained = dict(zip(todo, found, strict=True))

    def _contributions(self, text: str) -> tuple[list[str], np.ndarray]:
        """Per-token contributions to every label (cached: several labels ask for the same text)."""
        found = self._explained.get(text)
        if found is None:
            if len(self._explained) >= _EXPLAIN_CACHE:
                self._explained = {}
            found = all_token_contributions(self.featurizer, self._contribution_table(), text)
            self._explained[text] = found
        return found
