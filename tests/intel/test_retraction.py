"""Reversible escalation: a moderator's overturn takes back the offence weight the hide added."""

from __future__ import annotations

from streams.contracts import Action
from streams.intel import REASON_ESCALATION, partition_for
from streams.intel.authors import decayed
from streams.intel.records import AuthorState, Overturned, decoder
from streams.intel.topology import author_route
from tests.intel.helpers import T0, IntelPolicy, Run, moderated

_POLICY = IntelPolicy(
    {
        "offender_half_life_s": 3600,
        "offender_flag_weight": 1.0,
        "offender_hide_weight": 3.0,
        "offender_flag_at": 2.5,
        "offender_hide_at": 6.0,
        "offender_borderline": 0.4,
        "floods_enabled": False,
    }
)


def overturn(run: Run, comment_id: str, author: str, at: float, counted: str = "hide") -> list[object]:
    """Deliver an ``Overturned`` record to the author stage; what it published."""
    record = Overturned(comment_id, "default", author, T0.timestamp() + at, counted)
    partition = partition_for(author_route("default", author), run.topology.partitions)
    run.topology.queues[("authors", partition)].append(record)
    published = list(run.topology.drain())
    run.published += published
    return published


def test_an_overturned_hide_stops_the_escalation_it_started() -> None:
    run = Run(_POLICY)

    def post(cid: str, at: float, action: Action = "allow", toxicity: float = 0.5) -> str:
        item = moderated(f"comment {cid} you people", author="x", at=at, action=action, toxicity=toxicity,
                         comment_id=cid)
        return run.process(item).decision.action

    post("offence", 10.0, "hide", 0.97)
    assert post("borderline", 20.0) == "flag"  # escalated by the hide's weight
    assert run.final()["borderline"].reasons[0] == REASON_ESCALATION
    revised = overturn(run, "offence", "x", 10.0)
    assert [(p.comment_id, p.action) for p in revised] == [("borderline", "allow")]  # de-escalated
    assert run.topology.counts[("retraction", "recent")] == 1
    assert post("after", 30.0) == "allow"  # no escalation any more
    assert overturn(run, "offence", "x", 10.0) == []  # once only
    assert run.topology.counts[("retraction", "recent")] == 1


def test_a_folded_hide_leaves_the_folded_score_with_its_decayed_weight() -> None:
    policy = IntelPolicy({**_POLICY.defaults, "repeat_max_tracked": 2})
    run = Run(policy)
    for i in range(4):  # the first two are folded into the score
        run.process(moderated(f"awful comment {i}", author="y", at=float(i), action="hide", toxicity=0.97,
                              comment_id=f"h{i}"))
    key = "a|default|y"
    before = decoder(AuthorState).decode(run.store("authors")[key])
    assert [e.comment_id for e in before.entries] == ["h2", "h3"]
    overturn(run, "h0", "y", 0.0)
    after = decoder(AuthorState).decode(run.store("authors")[key])
    taken = decayed(before.folded_score, before.folded_at, after.folded_at, 3600) - after.folded_score
    assert abs(taken - decayed(3.0, T0.timestamp(), after.folded_at, 3600)) < 1e-6
    assert run.topology.counts[("retraction", "folded")] == 1
    overturn(run, "h0", "y", 0.0)  # once only
    assert decoder(AuthorState).decode(run.store("authors")[key]).folded_score == after.folded_score


def test_an_author_without_state_is_counted_and_left_alone() -> None:
    run = Run(_POLICY)
    assert overturn(run, "gone", "nobody", 0.0) == []
    assert run.topology.counts[("retraction", "expired")] == 1
