"""Repeat offenders: escalation and decay with a controlled clock."""

from __future__ import annotations

from streams.contracts import Action
from streams.intel import REASON_ESCALATION, IntelEngine, IntelSettings, Offenders
from tests.intel.helpers import IntelPolicy, moderated

_POLICY = IntelPolicy(
    {
        "offender_half_life_s": 3600,
        "offender_flag_weight": 1.0,
        "offender_hide_weight": 3.0,
        "offender_flag_at": 3.0,
        "offender_hide_at": 6.0,
        "offender_borderline": 0.4,
        "floods_enabled": False,
    }
)


def _settings(tenant: str) -> IntelSettings:
    return IntelSettings.model_validate(_POLICY.intel_settings(tenant))


def test_score_adds_weights_and_halves_every_half_life() -> None:
    offenders = Offenders({}, _settings)
    offenders.record("default", "a", "c1", "hide", now=0.0)
    offenders.record("default", "a", "c2", "flag", now=0.0)
    assert offenders.score("default", "a", 0.0) == 4.0
    assert offenders.score("default", "a", 3600.0) == 2.0
    assert offenders.score("default", "a", 7200.0) == 1.0
    offenders.record("default", "a", "c2", "flag", now=7200.0)  # redelivered: counted once
    assert offenders.score("default", "a", 7200.0) == 1.0
    offenders.record("default", "a", "c3", "allow", now=7200.0)
    assert offenders.score("default", "a", 7200.0) == 1.0
    assert offenders.score("default", "someone-else", 0.0) == 0.0


def test_borderline_comments_escalate_above_the_levels_and_stop_after_decay() -> None:
    policy = IntelPolicy({**_POLICY.defaults, "offender_flag_at": 2.5, "offender_hide_at": 5.5})
    engine = IntelEngine(policy)
    troll = "troll"

    def post(at: float, action: Action = "allow", toxicity: float = 0.5) -> str:
        item = moderated(
            "you people never learn", author=troll, at=at, action=action, toxicity=toxicity
        )
        return engine.process(item).decision.action

    assert post(0.0) == "allow"  # clean record: borderline stays allowed
    post(10.0, "hide", 0.97)  # score 3, decaying
    escalated = moderated("you people never learn", author=troll, at=20.0, toxicity=0.5)
    result = engine.process(escalated).decision
    assert (result.action, result.reasons[0]) == ("flag", REASON_ESCALATION)
    assert post(30.0, toxicity=0.1) == "allow"  # not borderline: never escalated
    assert post(40.0, "flag", 0.8) == "flag"  # score ~3: below the hide level (then ~4)
    post(50.0, "hide", 0.97)  # score ~7
    assert post(60.0, "flag", 0.8) == "hide"  # (then ~8)
    # one half-life later ~4: flag stays flag (then ~5), borderline allow is still flagged
    assert post(3660.0, "flag", 0.8) == "flag"
    assert post(3670.0) == "flag"
    # after many half-lives the author is back to normal
    assert post(10 * 3600.0) == "allow"


def test_escalation_is_per_tenant_and_can_be_switched_off() -> None:
    policy = IntelPolicy(
        {**_POLICY.defaults, "offender_flag_at": 2.5}, {"lenient": {"offenders_enabled": False}}
    )
    engine = IntelEngine(policy)
    for tenant in ("default", "lenient"):
        engine.process(moderated("bad words here", author="x", at=0.0, action="hide", tenant=tenant))
    default = engine.process(moderated("meh you lot", author="x", at=1.0, toxicity=0.5))
    lenient = engine.process(
        moderated("meh you lot", author="x", at=1.0, toxicity=0.5, tenant="lenient")
    )
    assert default.decision.action == "flag"
    assert lenient.decision.action == "allow"
