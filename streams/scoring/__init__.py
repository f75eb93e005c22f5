"""Runtime scoring: the ONNX model plus its metadata, batch scores and explanations."""

from streams.scoring.exceptions import ModelLoadError, ScoringError, UnknownLabelError
from streams.scoring.onnx_scorer import OnnxScorer, default_model_path, metadata_path

__all__ = [
    "ModelLoadError",
    "OnnxScorer",
    "ScoringError",
    "UnknownLabelError",
    "default_model_path",
    "metadata_path",
]
