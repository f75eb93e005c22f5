"""The moderation path as it was before the speed work (main at 8e62590), kept as a reference.

``tests/pipeline/test_equivalence.py`` runs it beside :meth:`Moderator.moderate` on the same model,
policy and events: every fast path must leave texts, scores and decisions exactly as they were.
Only the shortcuts are left out here; the steps themselves are the project's own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from streams.contracts import ACTION_RANK, Action, CommentEvent, Decision, utc_now
from streams.lang import DEFAULT_LANG
from streams.normalize import NormalizedText
from streams.pipeline import CLASSIFICATION_OFF, EMPTY_TEXT, Moderated, Moderator
from streams.scoring import OnnxScorer


def reference_verdict(
    moderator: Moderator, event: CommentEvent, norm: NormalizedText, row: np.ndarray
) -> tuple[Action, list[str]]:
    """One row's action and reasons: the policy's own loop for every row."""
    if moderator.scorer is None:
        return "allow", [CLASSIFICATION_OFF]
    if not norm.text.strip():
        return "allow", [EMPTY_TEXT]
    if not moderator.languages.covers(norm.lang):
        return moderator.policy.unsupported_language(norm.lang, event.tenant)
    return moderator.policy.decide(row, event.tenant)


def reference_moderate(
    moderator: Moderator,
    events: Sequence[CommentEvent],
    normalized: Sequence[NormalizedText],
    scores: np.ndarray,
) -> list[Moderated]:
    """Decisions from given normalised texts and scores, built with validation-free ``model_construct``;
    explanations computed text by text (the scorer's primed batch is dropped first)."""
    verdicts = [reference_verdict(moderator, e, n, row) for e, n, row in zip(events, normalized, scores, strict=True)]
    _add_normalisation_reasons(moderator, events, normalized, verdicts)
    decided_at = utc_now()
    if isinstance(moderator.scorer, OnnxScorer):  # explain each text alone, not from the batch just primed
        moderator.scorer._explained = {}
    out: list[Moderated] = []
    rounded = np.round(scores.astype(np.float64), 4).tolist()
    for i, (event, norm, (action, reasons)) in enumerate(zip(events, normalized, verdicts, strict=True)):
        explanations = moderator._explain(event, norm, reasons) if action != "allow" else []
        row = rounded[i]
        if norm.lang == DEFAULT_LANG:
            published = dict(zip(moderator.labels, row, strict=True))
        else:
            published = {label: v for label, v in zip(moderator.labels, row, strict=True) if v == v}
        decision = Decision.model_construct(
            comment_id=event.comment_id,
            thread_id=event.thread_id,
            author_id=event.author_id,
            tenant=event.tenant,
            action=action,
            scores=published,
            reasons=reasons,
            explanations=explanations,
            model_version=moderator.model_version,
            policy_version=moderator.policy.version,
            decided_at=decided_at,
            processing_ms=0.0,
            revision=0,
            schema_version=1,
            lang=norm.lang,
            lang_source=norm.lang_source,
        )
        out.append(Moderated(event=event, normalized=norm, decision=decision))
    return out


def _add_normalisation_reasons(
    moderator: Moderator,
    events: Sequence[CommentEvent],
    normalized: Sequence[NormalizedText],
    verdicts: list[tuple[Action, list[str]]],
) -> None:
    if moderator.scorer is None:
        return
    changed = [i for i, (norm, (action, _)) in enumerate(zip(normalized, verdicts, strict=True))
               if action != "allow" and norm.changes and norm.lang == DEFAULT_LANG]
    if not changed:
        return
    raw_scores = moderator.scorer.score([normalized[i].original.lower() for i in changed])
    for i, raw in zip(changed, raw_scores, strict=True):
        action, reasons = verdicts[i]
        raw_action, _ = moderator.policy.decide(raw, events[i].tenant)
        if ACTION_RANK[raw_action] < ACTION_RANK[action]:
            reasons.append("normalised:" + "+".join(sorted(normalized[i].changes)))

