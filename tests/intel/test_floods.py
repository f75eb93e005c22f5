"""Author and thread rate limits, identical repeats."""

from __future__ import annotations

from streams.intel import REASON_FLOOD, REASON_REPEAT
from streams.intel.records import AuthorState, ThreadBucket, decoder
from tests.intel.helpers import IntelPolicy, Run, moderated

_POLICY = IntelPolicy(
    {
        "flood_author_max": 3,
        "flood_author_window_s": 60,
        "flood_thread_max": 5,
        "flood_thread_window_s": 10,
        "repeat_window_s": 300,
        "offenders_enabled": False,
    }
)


def test_author_over_k_in_m_seconds_is_flagged_as_flood() -> None:
    engine = Run(_POLICY)
    actions = []
    for i, at in enumerate([0, 10, 20, 30, 40, 200]):
        item = moderated(f"my comment number {'abcdef'[i]} on this", author="fast", thread=f"t{i}", at=at)
        decision = engine.process(item).decision
        actions.append((decision.action, REASON_FLOOD in decision.reasons))
    assert actions == [
        ("allow", False),
        ("allow", False),
        ("allow", False),
        ("flag", True),
        ("flag", True),
        ("allow", False),  # the window has passed
    ]


def test_thread_over_k_in_m_seconds_flags_by_revision_one() -> None:
    engine = Run(_POLICY)
    results = [
        engine.process(moderated(f"comment {i} here", author=f"u{i}", thread="hot", at=i * 1.0))
        for i in range(7)
    ]
    assert [r.decision.action for r in results] == ["allow"] * 5 + ["flag"] * 2
    flagged = results[5].decision
    assert flagged.revision == 1 and flagged.reasons[0] == REASON_FLOOD  # the thread stage runs after the first
    calm = engine.process(moderated("later comment", author="u9", thread="hot", at=100.0))
    assert calm.decision.action == "allow"


def test_identical_repeats_by_one_author_are_hidden_but_not_short_ones() -> None:
    engine = Run(_POLICY)
    text = "Read my blog about the election results please"
    first = engine.process(moderated(text, author="r", thread="t1", at=0.0)).decision
    again = engine.process(moderated(f"  {text.upper()} ", author="r", thread="t2", at=120.0)).decision
    other = engine.process(moderated(text, author="someone", thread="t3", at=130.0)).decision
    later = engine.process(moderated(text, author="r", thread="t4", at=1000.0)).decision
    assert first.action == "allow"
    assert (again.action, again.reasons[0], again.revision) == ("hide", REASON_REPEAT, 0)
    assert other.action == "allow"
    assert later.action == "allow"  # outside repeat_window_s
    short = [
        engine.process(moderated("thanks!", author="r", thread=f"s{i}", at=2000.0 + 100 * i))
        for i in range(3)
    ]
    assert all(r.decision.action == "allow" for r in short)


def test_a_redelivered_comment_is_not_counted_again() -> None:
    engine = Run(_POLICY)
    item = moderated("Read my blog about the election results please", author="r", at=0.0)
    first = engine.process(item).decision
    again = engine.process(item).decision
    assert first.action == again.action == "allow"
    state = decoder(AuthorState).decode(engine.store("authors")["a|default|r"])
    assert [e.comment_id for e in state.entries] == [item.event.comment_id]


def test_state_is_bounded() -> None:
    engine = Run(_POLICY)
    for i in range(500):
        engine.process(moderated(f"post {i} about the news today", author="busy", thread="t", at=i * 0.1))
    state = decoder(AuthorState).decode(engine.store("authors")["a|default|busy"])
    assert len(state.entries) <= 32  # repeat_max_tracked
    buckets = [k for k in engine.store("threads") if k.startswith("t|default|t|")]
    assert len(buckets) <= 7  # 50 s of comments in 10 s slices
    sizes = [len(decoder(ThreadBucket).decode(engine.store("threads")[k]).entries) for k in buckets]
    assert max(sizes) <= 100
