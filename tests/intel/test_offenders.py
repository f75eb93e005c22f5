"""Repeat offenders: escalation and decay with a controlled clock."""

from __future__ import annotations

from streams.contracts import Action
from streams.intel import REASON_ESCALATION
from streams.intel.authors import decayed
from streams.intel.records import AuthorState, decoder
from tests.intel.helpers import IntelPolicy, Run, moderated

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


def test_decay_halves_every_half_life_and_never_runs_backwards() -> None:
    assert decayed(4.0, 0.0, 3600.0, 3600.0) == 2.0
    assert decayed(4.0, 0.0, 7200.0, 3600.0) == 1.0
    assert decayed(4.0, 100.0, 0.0, 3600.0) == 4.0


def test_borderline_comments_escalate_above_the_levels_and_stop_after_decay() -> None:
    policy = IntelPolicy({**_POLICY.defaults, "offender_flag_at": 2.5, "offender_hide_at": 5.5})
    engine = Run(policy)
    troll = "troll"

    def post(at: float, action: Action = "allow", toxicity: float = 0.5) -> str:
        item = moderated("you people never learn " + str(at), author=troll, at=at, action=action, toxicity=toxicity)
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
    policy = IntelPolicy({**_POLICY.defaults, "offender_flag_at": 2.5}, {"lenient": {"offenders_enabled": False}})
    engine = Run(policy)
    for tenant in ("default", "lenient"):
        engine.process(moderated("bad words here", author="x", at=0.0, action="hide", tenant=tenant))
    default = engine.process(moderated("meh you lot", author="x", at=1.0, toxicity=0.5))
    lenient = engine.process(moderated("meh you lot", author="x", at=1.0, toxicity=0.5, tenant="lenient"))
    assert default.decision.action == "flag"
    assert lenient.decision.action == "allow"


def test_a_late_offence_escalates_the_later_comment_it_precedes() -> None:
    policy = IntelPolicy({**_POLICY.defaults, "offender_flag_at": 2.5})
    engine = Run(policy)
    later = engine.process(moderated("meh you lot", author="x", at=100.0, toxicity=0.5))
    assert later.decision.action == "allow"
    offence = engine.process(moderated("bad words here", author="x", at=50.0, action="hide"))
    assert offence.decision.action == "hide"
    [revised] = offence.revisions
    assert (revised.comment_id, revised.action, revised.revision) == (later.decision.comment_id, "flag", 1)
    assert revised.reasons[0] == REASON_ESCALATION


def test_an_author_with_many_old_offences_keeps_their_weight_once_folded() -> None:
    policy = IntelPolicy({**_POLICY.defaults, "repeat_max_tracked": 4, "offender_flag_at": 2.5})
    engine = Run(policy)
    for i in range(10):  # more than the author's remembered comments: the oldest are folded into a score
        engine.process(moderated(f"flagged comment {i}", author="y", at=float(i), action="flag", toxicity=0.8))
    late = engine.process(moderated("meh you lot", author="y", at=20.0, toxicity=0.5)).decision
    assert (late.action, late.reasons[0]) == ("flag", REASON_ESCALATION)
    state = decoder(AuthorState).decode(engine.store("authors")["a|default|y"])
    assert len(state.entries) == 4 and state.folded_score > 6.0
