"""The one moderation path, shared by the worker and ``modstream classify``.

event -> normalise (and identify the language) -> score -> decide. English comments go to the
main model; comments in another covered language to that language's model (toxicity only);
comments in any other language are routed by the tenant's policy without a score. Stateful rules
(``streams.intel``) run after this.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from streams.contracts import ACTION_RANK, Action, CommentEvent, Contribution, Decision, trusted_decision, utc_now
from streams.lang import DEFAULT_LANG
from streams.lang.models import LanguageModels, lang_dir
from streams.normalize import NormalizedText, normalize
from streams.normalize.script import language_text
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

    def __init__(
        self,
        scorer: Scorer | None,
        policy: Policy,
        *,
        explain: bool = True,
        languages: LanguageModels | None = None,
    ) -> None:
        self.scorer = scorer
        self.policy = policy
        self.explain = explain
        self.labels = policy.labels
        self.model_version = scorer.version if scorer is not None else "none"
        self.languages = languages if languages is not None else LanguageModels.none()
        self._toxicity = self.labels.index("toxicity") if "toxicity" in self.labels else None

    @classmethod
    def from_paths(
        cls, model_path: Path, policy_path: Path, *, classify: bool = True, policy_config: PolicyConfig | None = None
    ) -> Moderator:
        """Load the ONNX model, the per-language models beside it and the policy file (or use
        ``policy_config``, already read)."""
        from streams.scoring import OnnxScorer

        scorer = OnnxScorer.load(model_path)
        if policy_config is not None:
            policy = Policy(policy_config, scorer.labels)
        else:
            policy = Policy.load(policy_path, scorer.labels)
        return cls(scorer if classify else None, policy, languages=LanguageModels.load(lang_dir(model_path)))

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
        normalized, scores = self.score_events(events)
        verdicts = self._verdicts(events, normalized, scores)
        self._add_normalisation_reasons(events, normalized, verdicts)
        if self.explain and self.scorer is not None:
            flagged = [
                norm.text for norm, (action, _) in zip(normalized, verdicts, strict=True)
                if action != "allow" and norm.lang == DEFAULT_LANG
            ]
            if flagged:
                self.scorer.prime_explanations(flagged)
        decided_at = utc_now()
        labels = self.labels
        model_version, policy_version = self.model_version, self.policy.version
        out: list[Moderated] = []
        rounded = np.round(scores.astype(np.float64), 4).tolist()
        for i, (event, norm, (action, reasons)) in enumerate(zip(events, normalized, verdicts, strict=True)):
            begun = received_at[i] if received_at is not None else start
            explanations = self._explain(event, norm, reasons) if action != "allow" else []
            row = rounded[i]
            if norm.lang == DEFAULT_LANG:
                published = dict(zip(labels, row, strict=True))
            else:  # only the labels the language's model learned (none when routed)
                published = {label: v for label, v in zip(labels, row, strict=True) if v == v}
            # Built from already-validated parts: skip re-validation on the hot path.
            decision = trusted_decision(
                comment_id=event.comment_id,
                thread_id=event.thread_id,
                author_id=event.author_id,
                tenant=event.tenant,
                action=action,
                scores=published,
                reasons=reasons,
                explanations=explanations,
                model_version=model_version,
                policy_version=policy_version,
                decided_at=decided_at,
                processing_ms=round((time.perf_counter() - begun) * 1000.0, 3),
                lang=norm.lang,
                lang_source=norm.lang_source,
            )
            out.append(Moderated(event=event, normalized=norm, decision=decision))
        return out

    def score_events(self, events: Sequence[CommentEvent]) -> tuple[list[NormalizedText], np.ndarray]:
        """The first two steps of :meth:`moderate`: normalise and score, no decision (``modstream serve``)."""
        normalized = [normalize(event.text, event.lang) for event in events]
        if all(n.lang == DEFAULT_LANG for n in normalized):
            return normalized, self._score([n.text for n in normalized])
        return normalized, self._score_languages(events, normalized)

    def _verdicts(
        self, events: Sequence[CommentEvent], normalized: Sequence[NormalizedText], scores: np.ndarray
    ) -> list[tuple[Action, list[str]]]:
        """Action and reasons per row; rows no label's threshold reaches skip the policy's loop."""
        if self.scorer is None:
            return [("allow", [CLASSIFICATION_OFF]) for _ in events]
        quiet = self.policy.earns_nothing(scores, [event.tenant for event in events]).tolist()
        rows = scores.tolist()  # Python floats: the same values float() reads from float32
        return [
            self._verdict(event, norm, row, calm)
            for event, norm, row, calm in zip(events, normalized, rows, quiet, strict=True)
        ]

    def _verdict(
        self, event: CommentEvent, norm: NormalizedText, row: list[float], quiet: bool
    ) -> tuple[Action, list[str]]:
        if not norm.text.strip():
            return "allow", [EMPTY_TEXT]
        if not self.languages.covers(norm.lang):
            return self.policy.unsupported_language(norm.lang, event.tenant)
        if quiet:
            return "allow", []
        return self.policy.decide(row, event.tenant)

    def decide_batch(self, events: Sequence[CommentEvent]) -> list[Decision]:
        """Just the decisions of :meth:`moderate`."""
        return [m.decision for m in self.moderate(events)]

    def _score(self, texts: list[str]) -> np.ndarray:
        if self.scorer is None:
            return np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        return self.scorer.score(texts)

    def _score_languages(self, events: Sequence[CommentEvent], normalized: Sequence[NormalizedText]) -> np.ndarray:
        """Scores of a batch holding other languages: English rows from the main model, a covered
        language's rows from its model (labels it lacks stay NaN), routed rows all NaN."""
        scores = np.full((len(normalized), len(self.labels)), np.nan, dtype=np.float32)
        groups: dict[str, list[int]] = {}
        for i, norm in enumerate(normalized):
            groups.setdefault(norm.lang, []).append(i)
        english = groups.pop(DEFAULT_LANG, [])
        if english:
            scores[english] = self._score([normalized[i].text for i in english])
        if self.scorer is None or self._toxicity is None:
            return scores
        for lang, rows in groups.items():
            model = self.languages.scorers.get(lang)
            if model is None:
                continue
            out = model.score([language_text(events[i].text, lang) for i in rows])
            scores[rows, self._toxicity] = out[:, model.labels.index("toxicity")]
        return scores

    def _explain(self, event: CommentEvent, norm: NormalizedText, reasons: list[str]) -> list[Contribution]:
        if not self.explain or self.scorer is None:
            return []
        scorer: Scorer = self.scorer
        text = norm.text
        if norm.lang != DEFAULT_LANG:
            found = self.languages.scorers.get(norm.lang)
            if found is None:
                return []
            scorer, text = found, language_text(event.text, norm.lang)
        top_k = self.policy.config.explain_top_k
        out: list[Contribution] = []
        for label in dict.fromkeys(r.split(":", 1)[0] for r in reasons):
            if label not in scorer.labels:
                continue
            for span, weight in scorer.explain(text, label, top_k):
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
                   if action != "allow" and norm.changes and norm.lang == DEFAULT_LANG]
        if not changed:
            return
        raw_scores = self.scorer.score([normalized[i].original.lower() for i in changed])
        for i, raw in zip(changed, raw_scores, strict=True):
            action, reasons = verdicts[i]
            raw_action, _ = self.policy.decide(raw, events[i].tenant)
            if ACTION_RANK[raw_action] < ACTION_RANK[action]:
                reasons.append("normalised:" + "+".join(sorted(normalized[i].changes)))
