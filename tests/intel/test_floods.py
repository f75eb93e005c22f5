"""Author and thread rate limits, identical repeats."""

from __future__ import annotations

from streams.intel import (
    REASON_FLOOD,
    REASON_REPEAT,
    REVISION_BASE,
    REVISION_THREAD_FLOOD,
    IntelEngine,
)
from streams.intel.floods import pack_author_state, unpack_author_state
from tests.intel.helpers import IntelPolicy, moderated

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
    engine = IntelEngine(_POLICY)
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
    engine = IntelEngine(_POLICY)
    results = [
        engine.process(moderated(f"comment {i} here", author=f"u{i}", thread="hot", at=i * 1.0))
        for i in range(7)
    ]
    assert [r.decision.action for r in results] == ["allow"] * 5 + ["flag"] * 2
    flagged = results[5].decision
    assert flagged.revision == REVISION_THREAD_FLOOD and flagged.reasons[0] == REASON_FLOOD
    calm = engine.process(moderated("later comment", author="u9", thread="hot", at=100.0))
    assert calm.decision.action == "allow"


def test_identical_repeats_by_one_author_are_hidden_but_not_short_ones() -> None:
    engine = IntelEngine(_POLICY)
    text = "Read my blog about the election results please"
    first = engine.process(moderated(text, author="r", thread="t1", at=0.0)).decision
    again = engine.process(moderated(f"  {text.upper()} ", author="r", thread="t2", at=120.0)).decision
    other = engine.process(moderated(text, author="someone", thread="t3", at=130.0)).decision
    later = engine.process(moderated(text, author="r", thread="t4", at=1000.0)).decision
    assert first.action == "allow"
    assert (again.action, again.reasons[0], again.revision) == ("hide", REASON_REPEAT, REVISION_BASE)
    assert other.action == "allow"
    assert later.action == "allow"  # outside repeat_window_s
    short = [
        engine.process(moderated("thanks!", author="r", thread=f"s{i}", at=2000.0 + 100 * i))
        for i in range(3)
    ]
    assert all(r.decision.action == "allow" for r in short)


def test_a_redelivered_comment_is_not_counted_again() -> None:
    engine = IntelEngine(_POLICY)
    item = moderated("Read my blog about the election results please", author="r", at=0.0)
    first = engine.process(item).decision
    again = engine.process(item).decision
    assert first.action == again.action == "allow"
    events, texts = unpack_author_state(engine.author_store["a|default|r"])
    assert len(events) == 1 and len(texts) == 1


def test_state_is_bounded() -> None:
    engine = IntelEngine(_POLICY)
    for i in range(500):
        engine.process(moderated(f"post {i} about the news today", author="busy", thread="t", at=i * 0.1))
    events, texts = unpack_author_state(engine.author_store["a|default|busy"])
    assert len(events) <= 3 and len(texts) <= 16
    thread = engine.thread_store["t|default|t"]
    assert len(thread["b"]) <= 11 and len(thread["c"]) <= 32


def test_author_state_packs_into_a_string_and_older_dicts_are_read() -> None:
    events = [[1764000000.123, "a1b2c3d4e5f6"], [1764000001.5, "0f0f0f0f0f0f"]]
    texts = [[1764000000.123, "00112233aabbccdd", "a1b2c3d4e5f6"]]
    packed = pack_author_state(events, texts)
    assert isinstance(packed, str) and unpack_author_state(packed) == (events, texts)
    assert unpack_author_state(pack_author_state([], [])) == ([], [])
    assert unpack_author_state({"e": events, "r": texts}) == (events, texts)  # an older worker's state
    assert unpack_author_state(None) == ([], [])


def test_an_author_state_from_an_older_worker_keeps_counting() -> None:
    engine = IntelEngine(_POLICY)
    text = "Visit my page for the best deals on phones today"
    engine.process(moderated(text, author="old", thread="t1", at=0.0))
    events, texts = unpack_author_state(engine.author_store["a|default|old"])
    engine.author_store["a|default|old"] = {"e": events, "r": texts}  # as an older worker left it
    again = engine.process(moderated(text, author="old", thread="t2", at=30.0)).decision
    assert again.action == "hide" and REASON_REPEAT in again.reasons
