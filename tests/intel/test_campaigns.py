"""Cross-account campaigns over a dict store (the offline path)."""

from __future__ import annotations

import random

from streams.intel import IntelSettings, Published, is_candidate
from streams.pipeline import Moderated
from tests.intel.helpers import CAMPAIGN, FRIENDLY, IntelPolicy, Run, moderated, ordinary_text


def replay(engine: Run, items: list[Moderated]) -> tuple[dict[str, Published], list[Published]]:
    """Every item through ``engine``; the final decision per comment and every revision of an earlier one."""
    revisions: list[Published] = []
    for item in items:
        revisions += engine.process(item).revisions
    return engine.final(), revisions


def _mixed(seed: int = 7) -> tuple[list, list[str]]:
    rng = random.Random(seed)
    items = [
        moderated(ordinary_text(rng, i), thread=f"t-{i % 25}", at=i * 3.0, author=f"reader-{i}")
        for i in range(1000)
    ]
    slots = sorted(rng.sample(range(50, 950), len(CAMPAIGN)))
    spam_ids = []
    for n, (slot, template) in enumerate(zip(slots, CAMPAIGN, strict=True)):
        url = f"https://cash-{n}.example.com/r?ref={rng.randint(1000, 9999)}"
        spam = moderated(
            template.format(url=url),
            author=f"bot-{n}",
            thread=f"t-{n}",
            at=slot * 3.0 + 1.0,
            spam=0.3,
            comment_id=f"spam-{n}",
        )
        items.insert(slot + n, spam)
        spam_ids.append(spam.event.comment_id)
    return items, spam_ids


def test_campaign_of_ten_variants_among_a_thousand_is_hidden_entirely() -> None:
    items, spam_ids = _mixed()
    final, revisions = replay(Run(), items)

    for cid in spam_ids:
        assert final[cid].action == "hide", cid
        assert final[cid].revision >= 1
    campaign_reasons = {final[cid].reasons[0] for cid in spam_ids}
    assert len(campaign_reasons) == 1 and campaign_reasons.pop().startswith("campaign:")
    min_size = IntelSettings().campaign_min_size
    revised_earlier = {d.comment_id for d in revisions}
    assert set(spam_ids[: min_size - 1]) <= revised_earlier
    assert all(d.revision > 0 and d.action == "hide" for d in revisions)
    ordinary = [cid for cid in final if cid not in spam_ids]
    assert len(ordinary) == 1000
    assert all(final[cid].action == "allow" for cid in ordinary)


def test_campaign_hides_copies_the_model_allowed_and_earlier_copies_by_revision() -> None:
    engine = Run()
    copies = [
        moderated(CAMPAIGN[i].format(url=f"https://x{i}.example.com/a"), at=float(i), author=f"b{i}")
        for i in range(5)
    ]
    results = [engine.process(c) for c in copies]
    assert [r.decision.action for r in results[:4]] == ["allow"] * 4
    assert results[4].decision.action == "hide"
    revised = {d.comment_id: d for d in results[4].revisions}
    assert set(revised) == {c.event.comment_id for c in copies[:4]}
    assert all(d.revision == 1 and d.action == "hide" for d in revised.values())
    assert len(results[4].revisions) == 4  # once each, whatever number of bands saw it


def test_two_hundred_distinct_short_friendly_repeats_are_never_hidden() -> None:
    engine = Run()
    items = [
        moderated(FRIENDLY[i % len(FRIENDLY)], author=f"fan-{i}", thread=f"t-{i % 40}", at=i * 2.0)
        for i in range(200)
    ]
    final, revisions = replay(engine, items)
    assert revisions == []
    assert all(d.action == "allow" for d in final.values())
    assert not engine.store("bands")


def test_copies_by_one_author_are_not_a_campaign() -> None:
    engine = Run(IntelPolicy({"floods_enabled": False}))
    items = [
        moderated(CAMPAIGN[i].format(url="https://x.example.com"), author="same", at=i * 30.0)
        for i in range(8)
    ]
    final, _ = replay(engine, items)
    assert all(d.action == "allow" for d in final.values())


def test_copies_further_apart_than_the_window_are_not_a_campaign() -> None:
    engine = Run(IntelPolicy({"campaign_window_s": 60}))
    items = [
        moderated(CAMPAIGN[i].format(url="https://x.example.com"), author=f"b{i}", at=i * 100.0)
        for i in range(10)
    ]
    final, _ = replay(engine, items)
    assert all(d.action == "allow" for d in final.values())


def test_tenant_override_of_campaign_size_is_honoured() -> None:
    policy = IntelPolicy({"campaign_min_size": 5}, {"strict": {"campaign_min_size": 3}})
    for tenant, hidden_at in (("default", 4), ("strict", 2)):
        engine = Run(policy)
        actions = [
            engine.process(
                moderated(
                    CAMPAIGN[i].format(url=f"https://x{i}.example.com"),
                    author=f"b{i}",
                    at=float(i),
                    tenant=tenant,
                )
            ).decision.action
            for i in range(5)
        ]
        assert actions.index("hide") == hidden_at, tenant


def test_candidate_gate_needs_length_and_a_signal() -> None:
    s = IntelSettings()
    long_plain = moderated("I really enjoyed this long and thoughtful article about the river.")
    linked = moderated("I really enjoyed this long article, more at https://example.org/more")
    spammy = moderated("I really enjoyed this long and thoughtful article about it all.", spam=0.9)
    short = moderated("thanks! https://example.org")
    assert not is_candidate(long_plain.normalized, long_plain.decision, s)
    assert is_candidate(linked.normalized, linked.decision, s)
    assert is_candidate(spammy.normalized, spammy.decision, s)
    assert not is_candidate(short.normalized, short.decision, s)
    relaxed = IntelSettings(campaign_require_signal=False)
    assert is_candidate(long_plain.normalized, long_plain.decision, relaxed)


def test_an_earlier_copy_arriving_late_renames_the_campaign_after_itself() -> None:
    """Buckets see copies in arrival order, which the stream does not fix; the name must not depend on it."""
    copies = [
        moderated(CAMPAIGN[i].format(url=f"https://x{i}.example.com/a"), at=float(i), author=f"b{i}",
                  comment_id=f"copy-{i}")
        for i in range(6)
    ]
    in_order = Run()
    expected = replay(in_order, copies)[0]
    name = {expected[c.event.comment_id].reasons[0] for c in copies}
    assert len(name) == 1

    late = Run()  # copy-0 (the earliest) arrives after the campaign formed without it
    final, revisions = replay(late, [*copies[1:], copies[0]])
    assert {final[c.event.comment_id].reasons[0] for c in copies} == name
    renamed = {d.comment_id for d in revisions if d.reasons[0] in name}
    assert renamed >= {c.event.comment_id for c in copies[1:]}  # the earlier hides are re-sent, renamed


def test_two_spam_copies_from_two_accounts_within_an_hour_both_end_hidden() -> None:
    """A high spam score lowers the campaign bar (5 copies from 3 authors) to 2 copies from 2 authors."""
    scam = "Earn $45/hour from home, paid weekly! I made $9,300 last month: {url}"
    engine = Run()
    first = moderated(scam.format(url="www.paydesk-jobs.example"), author="acct-1", at=0.0, spam=0.93)
    second = moderated(scam.format(url="www.paydesk-work.example"), author="acct-2", at=26 * 60.0, spam=0.91)
    replay(engine, [first, second])
    final = engine.final()
    assert final[first.event.comment_id].action == final[second.event.comment_id].action == "hide"
    assert final[first.event.comment_id].reasons[0].startswith("campaign:")


def test_two_low_spam_copies_are_not_enough() -> None:
    text = "Earn $45/hour from home, paid weekly! I made $9,300 last month: {url}"
    engine = Run()
    copies = [
        moderated(text.format(url=f"www.jobs-{i}.example"), author=f"acct-{i}", at=60.0 * i, spam=0.3)
        for i in range(2)
    ]
    final, _ = replay(engine, copies)
    assert all(d.action == "allow" for d in final.values())
    one_author = Run()
    same = [
        moderated(text.format(url=f"www.jobs-{i}.example"), author="acct", at=60.0 * i, spam=0.95) for i in range(2)
    ]
    final, _ = replay(one_author, same)
    assert not any(r.startswith("campaign:") for d in final.values() for r in d.reasons)
