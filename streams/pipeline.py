"""The one moderation path, shared by the worker and ``modstream classify``.

event -> normalise -> score -> decide. Stateful rules (``streams.intel``) run after this.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from streams.contracts import ACTION_RANK, Action, CommentEvent, Contribution, Decision, utc_now
from streams.normalize import NormalizedText, normalize
from streams.policy import Policy, PolicyConfig
from streams.types import Scorer

CLASSIFICATION_OFF = "classification-off"
EMPTY_TEXT = "empty-text"


@dataclass(frozen=True, slots=True)
class Moderated:
    """A decision together with what produced it (the stateful rules read these)."""

    event: CommentEvent
    normalized: NormalizedText
    decision: Decision


class Moderator:
    """Scores batches of events and applies the policy; no I/O, no state."""

    def __init__(self, scorer: Scorer | None, policy: Policy, *, explain: bool = True) -> None:
        self.scorer = scorer
        self.policy = policy
        self.explain = explain
        self.labels = policy.labels
        self.model_version = scorer.version if scorer is not None else "none"

    @classmethod
    def from_paths(
        cls, model_path: Path, policy_path: Path, *, classify: bool = True, policy_config: PolicyConfig | None = None
    ) -> Moderator:
        """Load the ONNX model and the policy file (or use ``policy_config``, already read)."""
        from streams.scoring import OnnxScorer

        scorer = OnnxScorer.load(model_path)
        if policy_config is not None:
            policy = Policy(policy_config, scorer.labels)
        else:
            policy = Policy.load(policy_path, scorer.labels)
        return cls(scorer if classify else None, policy)

    def warm_up(self) -> None:
        """Do one-time preparation now, so the first flagged comment does not pay for it."""
        if self.explain and self.scorer is not None:
            self.scorer.prepare_explanations()

    def moderate(
        self, events: Sequence[CommentEvent], received_at: Sequence[float] | None = None
    ) -> list[Moderated]:
        """Decide a batch. ``received_at`` are ``time.perf_counter()`` stamps per event."""
        if not events:
            return []
        start = time.perf_counter()
        normalized = [normalize(event.text) for event in events]
        scores = self._score([n.text for n in normalized])
        verdicts = [
            self._verdict(event, norm, row) for event, norm, row in zip(events, normalized, scores, strict=True)
        ]
        self._add_normalisation_reasons(events, normalized, verdicts)
        if self.explain and self.scorer is not None:
            flagged = [norm.text for norm, (action, _) in zip(normalized, verdicts, strict=True) if action != "allow"]
            if flagged:
                self.scorer.prime_explanations(flagged)
        decided_at = utc_now()
        labels = self.labels
        out: list[Moderated] = []
        rounded = np.round(scores.astype(np.float64), 4).tolist()
        for i, (event, norm, (action, reasons)) in enumerate(zip(events, normalized, verdicts, strict=True)):
            begun = received_at[i] if received_at is not None else start
            explanations = self._explain(norm.text, reasons) if action != "allow" else []
            # Built from already-validated parts: skip re-validation on the hot path.
            decision = Decision.model_construct(
                comment_id=event.comment_id,
                thread_id=event.thread_id,
                author_id=event.author_id,
                tenant=event.tenant,
                action=action,
                scores=dict(zip(labels, rounded[i], strict=True)),
                reasons=reasons,
                explanations=explanations,
                model_version=self.model_version,
                policy_version=self.policy.version,
                decided_at=decided_at,
                processing_ms=round((time.perf_counter() - begun) * 1000.0, 3),
                revision=0,
                schema_version=1,
            )
            out.append(Moderated(event=event, normalized=norm, decision=decision))
        return out

    def _verdict(self, event: CommentEvent, norm: NormalizedText, row: np.ndarray) -> tuple[Action, list[str]]:
        if self.scorer is None:
            return "allow", [CLASSIFICATION_OFF]
        if not norm.text.strip():
            return "allow", [EMPTY_TEXT]
        return self.policy.decide(row, event.tenant)

    def decide_batch(self, events: Sequence[CommentEvent]) -> list[Decision]:
        """Just the decisions of :meth:`moderate`."""
        return [m.decision for m in self.moderate(events)]

    def _score(self, texts: list[str]) -> np.ndarray:
        if self.scorer is None:
            return np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        return self.scorer.score(texts)

    def _explain(self, text: str, reasons: list[str]) -> list[Contribution]:
        if not self.explain or self.scorer is None:
            return []
        top_k = self.policy.config.explain_top_k
        out: list[Contribution] = []
        for label in dict.fromkeys(r.split(":", 1)[0] for r in reasons):
            if label not in self.labels:
                continue
            for span, weight in self.scorer.explain(text, label, top_k):
                out.append(Contribution(label=label, span=span, weight=round(float(weight), 4)))
        return out

    def _add_normalisation_reasons(
        self,
        events: Sequence[CommentEvent],
        normalized: Sequence[NormalizedText],
        verdicts: list[tuple[Action, list[str]]],
    ) -> None:
        """Say so when normalisation changed the outcome: the raw text alone would have earned less."""
        if self.scorer is None:
            return
        changed = [i for i, (norm, (action, _)) in enumerate(zip(normalized, verdicts, strict=True))
                   if action != "allow" and norm.changes]
        if not changed:
            return
        raw_scores = self.scorer.score([normalized[i].original.lower() for i in changed])
        for i, raw in zip(changed, raw_scores, strict=True):
            action, reasons = verdicts[i]
            raw_action, _ = self.policy.decide(raw, events[i].tenant)
            if ACTION_RANK[raw_action] < ACTION_RANK[action]:
                reasons.append("normalised:" + "+".join(sorted(normalized[i].changes)))
