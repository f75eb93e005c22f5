"""The composed engine: deterministic replay, restart from serialised state, stream-order convergence."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from typing import Any

from streams.contracts import Decision
from streams.intel import AuthorInput, IntelEngine
from streams.pipeline import Moderated
from tests.intel.helpers import CAMPAIGN, FRIENDLY, IntelPolicy, moderated, replay

_POLICY = IntelPolicy({"flood_author_max": 4, "flood_thread_max": 6, "offender_flag_at": 2.0})


def _workload(seed: int = 3) -> list[Moderated]:
    rng = random.Random(seed)
    items: list[Moderated] = []
    spam = iter(range(len(CAMPAIGN)))
    for i in range(400):
        at = i * 2.0
        roll = rng.random()
        if roll < 0.03:
            n = next(spam, None)
            if n is not None:
                text = CAMPAIGN[n].format(url=f"https://c{n}.example.com/{rng.randint(1, 99)}")
                items.append(moderated(text, author=f"bot-{n}", thread=f"t{i % 7}", at=at))
                continue
        if roll < 0.15:
            items.append(moderated("you are all idiots here", author=f"troll-{i % 3}", at=at, action="hide"))
        elif roll < 0.3:
            items.append(moderated("meh, whatever you say", author=f"troll-{i % 3}", at=at, toxicity=0.5))
        elif roll < 0.4:
            items.append(moderated("Same text again and again from me", author="parrot", at=at))
        else:
            text = rng.choice(FRIENDLY) + f" number {i} about the budget"
            items.append(moderated(text, author=f"u{rng.randint(0, 60)}", thread=f"t{i % 5}", at=at))
    return items


def _summary(final: dict[str, Decision]) -> dict[str, tuple[str, tuple[str, ...], int]]:
    return {cid: (d.action, tuple(d.reasons), d.revision) for cid, d in final.items()}


def test_the_workload_exercises_every_rule() -> None:
    final, revisions = replay(IntelEngine(_POLICY), _workload())
    reasons = {r.split(":")[0] for d in final.values() for r in d.reasons}
    assert {"campaign", "author-escalation", "flood", "identical-repeat"} <= reasons
    assert revisions


def test_replay_is_deterministic() -> None:
    items = _workload()
    first, _ = replay(IntelEngine(_POLICY), items)
    second, _ = replay(IntelEngine(_POLICY), items)
    assert _summary(first) == _summary(second)


def test_restart_from_serialised_state_gives_the_same_decisions() -> None:
    items = _workload()
    whole, _ = replay(IntelEngine(_POLICY), items)

    engine = IntelEngine(_POLICY)
    before, _ = replay(engine, items[:200])
    stores = {
        name: json.loads(json.dumps(dict(getattr(engine, name))))
        for name in ("author_store", "thread_store", "campaign_store")
    }
    restarted = IntelEngine(_POLICY, **stores)
    after, _ = replay(restarted, items[180:])  # the last 20 are redelivered
    merged = {**before}
    for cid, d in after.items():
        if cid not in merged or d.revision >= merged[cid].revision:
            merged[cid] = d
    assert _summary(merged) == _summary(whole)


def test_staged_like_the_stream_converges_to_the_offline_decisions() -> None:
    """Author, thread and band stages run as separate partitions: only per-key order is kept."""
    items = _workload()
    offline, _ = replay(IntelEngine(_POLICY), items)

    engine = IntelEngine(_POLICY, author_store={}, thread_store={}, campaign_store={})
    published: list[Decision] = []
    threads: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    bands: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        outcome = engine.author_stage(AuthorInput.of(item, engine.tenant_settings(item.event.tenant)))
        decision = outcome.revised or item.decision
        published.append(decision)
        base = decision if decision.action == "allow" else None
        event = item.event
        threads[event.thread_id].append((event.tenant, event.thread_id, event.comment_id, outcome.ts, base))
        if outcome.candidate is not None:
            for key in outcome.candidate.band_keys:
                bands[key].append(outcome.candidate)
    for records in reversed(list(threads.values())):  # another thread interleaving
        for record in records:
            revised = engine.thread_stage(*record)
            if revised is not None:
                published.append(revised)
    for key in sorted(bands, reverse=True):  # another band interleaving
        for candidate in bands[key]:
            published.extend(engine.campaign_stage(candidate, key))

    stream: dict[str, Decision] = {}
    for d in published:  # a consumer keeping the highest revision per comment id
        if d.comment_id not in stream or d.revision >= stream[d.comment_id].revision:
            stream[d.comment_id] = d
    assert _summary(stream) == _summary(offline)


def test_run_yields_each_decision_then_the_revisions_it_caused() -> None:
    engine = IntelEngine()
    copies = [
        moderated(CAMPAIGN[i].format(url=f"https://x{i}.example.com"), author=f"b{i}", at=float(i))
        for i in range(5)
    ]
    out = list(engine.run(copies))
    assert [d.comment_id for d in out[:5]] == [c.event.comment_id for c in copies]
    assert [d.revision for d in out] == [0, 0, 0, 0, 2, 2, 2, 2, 2]


def test_sweeping_stale_state_bounds_memory_without_changing_decisions() -> None:
    items = _workload()
    unswept = [(d.comment_id, d.action, tuple(d.reasons), d.revision) for d in IntelEngine(_POLICY).run(items, 10**9)]
    engine = IntelEngine(_POLICY)
    swept = [(d.comment_id, d.action, tuple(d.reasons), d.revision) for d in engine.run(items, sweep_every=25)]
    assert swept == unswept

    later = items[-1].event.created_at.timestamp() + 10 * 86400
    for store in (engine.author_store, engine.thread_store, engine.campaign_store):
        assert store
        engine.sweep(store, later)
        assert not store
