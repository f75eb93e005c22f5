"""The Moderator's own logic, with a scripted scorer standing in for the model.

The real model is exercised in tests/scoring and tests/evaluation; here the point is what the
Moderator does with scores: policy, empty text, explanations, normalisation reasons.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from streams.pipeline import CLASSIFICATION_OFF, EMPTY_TEXT, Moderator
from streams.policy import Policy, PolicyConfig
from tests.factories import event_model

LABELS = ("toxicity", "spam")


class ScriptedScorer:
    """Scores 0.95 toxicity for texts containing a trigger word, else 0.05."""

    labels = LABELS
    version = "scripted-1"

    def __init__(self, trigger: str) -> None:
        self.trigger = trigger
        self.seen: list[str] = []
        self.prepared = 0

    def score(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[0.95 if self.trigger in t else 0.05, 0.01] for t in texts], dtype=np.float32)

    def explain(self, text: str, label: str, top_k: int = 5) -> list[tuple[str, float]]:
        return [(self.trigger, 1.5)] if self.trigger in text else []

    def prepare_explanations(self) -> None:
        self.prepared += 1

    def prime_explanations(self, texts: Sequence[str]) -> None:
        return None


def make_moderator(scorer: ScriptedScorer | None) -> Moderator:
    config = PolicyConfig.model_validate(
        {"version": "p-1", "thresholds": {"toxicity": {"flag": 0.6, "hide": 0.9}, "spam": {"flag": 0.7, "hide": 0.95}}}
    )
    return Moderator(scorer, Policy(config, LABELS))


def test_scores_policy_and_versions_end_up_in_the_decision() -> None:
    moderator = make_moderator(ScriptedScorer("idiot"))
    calm, rude = moderator.decide_batch([event_model(text="Fair point."), event_model(text="You idiot")])
    assert calm.action == "allow" and calm.reasons == []
    assert rude.action == "hide" and rude.reasons == ["toxicity:hide"]
    assert rude.scores == {"toxicity": 0.95, "spam": 0.01}
    assert (rude.model_version, rude.policy_version, rude.revision) == ("scripted-1", "p-1", 0)
    assert [(c.label, c.span) for c in rude.explanations] == [("toxicity", "idiot")]
    assert calm.explanations == []


def test_model_sees_normalised_text_and_reasons_say_normalisation_mattered() -> None:
    scorer = ScriptedScorer("idiot")
    moderator = make_moderator(scorer)
    (decision,) = moderator.decide_batch([event_model(text="You i\u200bd\u200bi\u200bo\u200bt")])
    assert decision.action == "hide"
    assert any(r.startswith("normalised:") and "invisible" in r for r in decision.reasons)


def test_empty_text_is_allowed_with_a_reason() -> None:
    (decision,) = make_moderator(ScriptedScorer("x")).decide_batch([event_model(text="   ")])
    assert (decision.action, decision.reasons) == ("allow", [EMPTY_TEXT])


def test_classification_off_allows_everything_and_says_so() -> None:
    (decision,) = make_moderator(None).decide_batch([event_model(text="You idiot")])
    assert (decision.action, decision.reasons, decision.model_version) == ("allow", [CLASSIFICATION_OFF], "none")


def test_processing_time_is_measured_from_receipt() -> None:
    moderator = make_moderator(ScriptedScorer("x"))
    (item,) = moderator.moderate([event_model()], received_at=[0.0])
    assert item.decision.processing_ms > 0


def test_warm_up_prepares_explanations_only_when_they_are_on() -> None:
    scorer = ScriptedScorer("idiot")
    make_moderator(scorer).warm_up()
    assert scorer.prepared == 1
    quiet = Moderator(scorer, make_moderator(None).policy, explain=False)
    quiet.warm_up()
    assert scorer.prepared == 1
    make_moderator(None).warm_up()  # classification off: nothing to prepare, no error
