"""Run texts through the production ``Moderator`` (normalise -> score -> decide) in batches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from streams.contracts import CommentEvent
from streams.pipeline import Moderator
from streams.policy import Policy

BATCH = 512
_CREATED = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Per text: published scores ``[N, L]`` (rounded as in a Decision), action and reasons."""

    labels: tuple[str, ...]
    scores: np.ndarray
    actions: np.ndarray
    reasons: list[list[str]]

    def actioned(self) -> np.ndarray:
        """True where the action is flag or hide."""
        return np.asarray(self.actions != "allow")

    def hidden(self) -> np.ndarray:
        """True where the action is hide."""
        return np.asarray(self.actions == "hide")

    def flagged_only(self) -> np.ndarray:
        """True where the action is flag (not hide)."""
        return np.asarray(self.actions == "flag")

    def column(self, label: str) -> np.ndarray:
        """Scores of one label."""
        return self.scores[:, self.labels.index(label)]


def load_moderator(model: Path, policy: Path) -> Moderator:
    """The production moderator (with the language models beside ``model``) without explanations
    (decisions are identical, just faster)."""
    from streams.lang.models import LanguageModels, lang_dir
    from streams.scoring import OnnxScorer

    scorer = OnnxScorer.load(model)
    languages = LanguageModels.load(lang_dir(model))
    return Moderator(scorer, Policy.load(policy, scorer.labels), explain=False, languages=languages)


def moderate_texts(
    moderator: Moderator,
    texts: Sequence[str],
    tenant: str = "default",
    batch: int = BATCH,
    lang: str | None = "en",
) -> Outcome:
    """Decide every text as a comment event of ``tenant`` whose ``lang`` is given.

    The English sets and suites are scored as English (``lang="en"``): their tables measure the
    English model, not language identification. ``lang=None`` lets the moderator detect it; labels
    a decision has no score for (another language, or routed) read as NaN.
    """
    labels = tuple(moderator.labels)
    scores = np.zeros((len(texts), len(labels)), dtype=np.float64)
    actions: list[str] = []
    reasons: list[list[str]] = []
    for start in range(0, len(texts), batch):
        events = [
            CommentEvent.model_validate(
                {
                    "comment_id": f"eval-{start + i}",
                    "thread_id": "eval",
                    "author_id": "eval",
                    "text": text,
                    "created_at": _CREATED,
                    "tenant": tenant,
                    "lang": lang,
                }
            )
            for i, text in enumerate(texts[start : start + batch])
        ]
        for i, decision in enumerate(moderator.decide_batch(events)):
            scores[start + i] = [decision.scores.get(label, np.nan) for label in labels]
            actions.append(decision.action)
            reasons.append(list(decision.reasons))
    return Outcome(labels, scores, np.asarray(actions, dtype=object), reasons)
