"""State expiry is judged per key, against its partition's clock: the bound, shown without a broker.

A stage partition has one rule-time clock, moved by every key's records; each key expires at its own
newest event time plus its rules' window plus ``late_window_s``. So another key's newer events leave a
key's state alone up to that bound, and expire it beyond.
"""

from __future__ import annotations

from streams.intel import Published, TenantSettings, Topology, comment_record, final
from streams.intel.authors import author_key, comment_key
from streams.intel.records import CommentRecord
from streams.pipeline import Moderated
from tests.intel.helpers import IntelPolicy, moderated

_SETTINGS = TenantSettings(IntelPolicy())
NOW = 2_000_000_000.0  # the scoring clock of these records (far after their times: nothing is clamped)
PARROT = "Same text again and again from me"
MINUTE = 60.0  # the expiry index works in minutes of rule time: a key goes once its minute has passed


def _bound() -> float:
    """How far past an author's newest comment its state is kept: its rules' window + ``late_window_s``."""
    s = _SETTINGS("default")
    return max(s.repeat_window_s, s.flood_author_window_s) + s.late_window_s


def _record(item: Moderated) -> CommentRecord:
    return comment_record(item, item.decision.model_dump_json().encode(), _SETTINGS(item.event.tenant), NOW)


def _late_repeat(others_until: float) -> tuple[bool, str, tuple[str, ...]]:
    """Author ``p`` comments at 0 s; other authors (same partition) comment every half hour up to
    ``others_until``; then ``p``'s same text, dated 1 s after its first, arrives. Whether ``p``'s state
    was still held when it arrived, and that comment's final action and reasons."""
    first = moderated(PARROT, author="p", at=0.0)
    times = [*range(1800, int(others_until), 1800), others_until]
    others = [
        moderated(f"an ordinary comment, number {i}", author=f"other-{i}", thread=f"t-{i}", at=float(t))
        for i, t in enumerate(times)
    ]
    second = moderated(PARROT, author="p", at=1.0)
    topology = Topology(_SETTINGS)  # one partition: every author shares its clock
    published: list[Published] = []
    for item in [first, *others]:
        published += topology.run([_record(item)])
    start = _record(first).ts
    assert topology.retention["authors"].clock(0) == start + others_until  # the other authors moved the clock
    store = topology.stores["authors"].raw
    held = author_key("default", "p") in store
    assert (comment_key(first.event.comment_id) in store) == held  # its comment's state goes with it
    published += topology.run([_record(second)])
    decision = final(published)[second.event.comment_id]
    return held, decision.action, decision.reasons


def test_another_authors_newer_comments_keep_a_key_up_to_its_window_plus_late_window() -> None:
    held, action, reasons = _late_repeat(others_until=_bound())
    assert held
    assert (action, reasons[0]) == ("hide", "identical-repeat")  # decided with p's first comment


def test_beyond_the_bound_another_authors_comments_expire_the_key() -> None:
    held, action, reasons = _late_repeat(others_until=_bound() + MINUTE)
    assert not held  # written moments ago (processing time): no grace for a key written before its expiry
    assert action == "allow" and "identical-repeat" not in reasons  # decided without p's history
