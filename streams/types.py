"""Interfaces the pipeline codes against; implementations live in their own packages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Scorer(Protocol):
    """A multi-label classifier over normalised text."""

    labels: tuple[str, ...]
    version: str

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, float32 ``[len(texts), len(labels)]``."""
        ...

    def explain(self, text: str, label: str, top_k: int = 5) -> list[tuple[str, float]]:
        """Words or spans of ``text`` that drove ``label``, biggest contribution first."""
        ...

    def prepare_explanations(self) -> None:
        """One-time preparation for :meth:`explain` (may do nothing)."""
        ...

    def prime_explanations(self, texts: Sequence[str]) -> None:
        """Prepare, as one batch, what explaining each of ``texts`` needs (a speed-up; may do nothing)."""
        ...
