"""Stream intelligence against a real broker: campaigns, friendly repeats, escalation, restart."""

from __future__ import annotations

import json
import random
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from kafka import KafkaProducer

from streams.intel import IntelSettings
from streams.intel.records import Bucket, decoder, encode_batch
from streams.pipeline import Moderator
from streams.settings import Settings
from streams.worker.batch_moderator import BatchModerator
from tests.integration.conftest import Stack
from tests.intel.helpers import CAMPAIGN, FRIENDLY, ordinary_text

pytestmark = pytest.mark.kafka

_ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
def _event(cid: str, text: str, author: str, at: float, thread: str = "t-0", tenant: str = "default") -> dict[str, Any]:
    return {
        "comment_id": cid,
        "thread_id": thread,
        "author_id": author,
        "text": text,
        "created_at": (T0 + timedelta(seconds=at)).isoformat(),
        "tenant": tenant,
    }


def _ordinary(rng: random.Random, i: int) -> dict[str, Any]:
    return _event(f"o-{i}", ordinary_text(rng, i), f"reader-{i}", i * 3.0, thread=f"t-{i % 40}")


def _copy(n: int, at: float) -> dict[str, Any]:
    url = f"https://cash-{n}.example.com/r?ref={1000 + 37 * n}"
    return _event(f"spam-{n}", CAMPAIGN[n].format(url=url), f"bot-{n}", at, thread=f"t-{n % 40}")


def _final(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What a consumer keeping the highest revision per comment id ends up with."""
    final: dict[str, dict[str, Any]] = {}
    for doc in docs:
        known = final.get(doc["_key"])
        if known is None or doc["revision"] >= known["revision"]:
            final[doc["_key"]] = doc
    return final


def _await_final(stack: Stack, ids: set[str], done: Callable[[dict[str, dict[str, Any]]], bool]) -> tuple[
    dict[str, dict[str, Any]], list[dict[str, Any]]
]:
    """Read decisions until every id has one and ``done(final)`` holds (or a generous deadline)."""
    deadline = time.monotonic() + 120
    docs: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        docs = stack.decisions(len(ids), timeout=20)
        final = _final(docs)
        if ids <= set(final) and done(final):
            return final, docs
    return _final(docs), docs


def _metric(stack: Stack, name: str) -> float | None:
    with urllib.request.urlopen(stack.metrics_url, timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
    return None


def _campaign_hidden(final: dict[str, dict[str, Any]], ids: list[str]) -> bool:
    return all(
        i in final and final[i]["action"] == "hide" and final[i]["reasons"][0].startswith("campaign:") for i in ids
    )


def test_campaign_of_ten_among_a_thousand_ends_all_hidden(stack_factory: Callable[..., Stack]) -> None:
    stack = stack_factory()
    stack.worker()
    rng = random.Random(5)
    events = [_ordinary(rng, i) for i in range(1000)]
    slots = sorted(rng.sample(range(50, 950), len(CAMPAIGN)))
    spam_ids = []
    for n, slot in enumerate(slots):
        copy = _copy(n, slot * 3.0 + 1.0)
        events.insert(slot + n, copy)
        spam_ids.append(copy["comment_id"])
    stack.send(events)

    final, docs = _await_final(stack, {e["comment_id"] for e in events}, lambda f: _campaign_hidden(f, spam_ids))

    assert _campaign_hidden(final, spam_ids)
    assert len({final[i]["reasons"][0] for i in spam_ids}) == 1, "one campaign, one id"
    assert all(final[i]["revision"] >= 1 for i in spam_ids)
    by_id: dict[str, list[int]] = {}
    for doc in docs:
        by_id.setdefault(doc["_key"], []).append(doc["revision"])
    assert all(sorted(set(revs)) == list(range(len(set(revs)))) for revs in by_id.values())
    revised_earlier = [i for i in spam_ids if 0 in by_id[i] and max(by_id[i]) >= 1]
    assert len(revised_earlier) >= IntelSettings().campaign_min_size - 1
    ordinary = [e["comment_id"] for e in events if e["comment_id"] not in spam_ids]
    assert not any(r.startswith("campaign:") for i in ordinary for r in final[i]["reasons"])
    assert (_metric(stack, "modstream_campaigns_detected_total") or 0) >= 1

    # `modstream classify` over the same events, in the same order, ends in the same decisions
    offline = _offline_final([json.dumps(e).encode() for e in events])
    assert {i: _outcome(d) for i, d in offline.items()} == {i: _outcome(d) for i, d in final.items()}


def _outcome(doc: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """Action and reasons (campaign ids included: they do not depend on arrival order)."""
    return doc["action"], tuple(doc["reasons"])


def _offline_final(lines: list[bytes]) -> dict[str, dict[str, Any]]:
    from streams.offline import classify_lines
    from streams.pipeline import Moderator
    from streams.settings import Settings

    settings = Settings()
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path)
    docs = []
    for item in classify_lines(lines, moderator):
        doc = item.model_dump(mode="json")  # type: ignore[union-attr]
        doc["_key"] = doc["comment_id"]
        docs.append(doc)
    return _final(docs)


def test_two_hundred_short_friendly_repeats_are_never_hidden(stack_factory: Callable[..., Stack]) -> None:
    stack = stack_factory()
    stack.worker()
    events = [
        _event(f"f-{i}", FRIENDLY[i % len(FRIENDLY)], f"fan-{i}", i * 2.0, thread=f"t-{i % 20}") for i in range(200)
    ]
    stack.send(events)
    docs = stack.decisions(200, timeout=90)
    final = _final(docs)
    assert set(final) == {e["comment_id"] for e in events}
    assert [i for i, d in final.items() if d["action"] == "hide"] == []
    assert all(d["revision"] == 0 for d in docs)


def _policy_with_strict_tenant(tmp_path: Path) -> Path:
    policy = json.loads((_ROOT / "config" / "policy.json").read_text())
    policy.setdefault("tenants", {})["strict"] = {
        **policy.get("tenants", {}).get("strict", {}),
        "intel": {
            "offender_borderline": 0.0,
            "offender_half_life_s": 3600,
            "offender_flag_at": 5.0,
            "offender_hide_at": 50.0,
        },
    }
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy))
    return path


def test_escalation_and_decay_follow_the_event_clock_per_tenant(
    stack_factory: Callable[..., Stack], tmp_path: Path
) -> None:
    stack = stack_factory(policy_path=_policy_with_strict_tenant(tmp_path))
    stack.worker()
    repeated = "Please read my thoughts on the new tram timetable for the east side"
    events = []
    for tenant in ("strict", "default"):
        author = f"{tenant}-poster"
        for k in range(3):  # the 2nd and 3rd are identical repeats: hidden, score 3 each
            events.append(_event(f"{tenant}-r{k}", repeated, author, 10.0 * k, thread=f"t-{k}", tenant=tenant))
        events.append(_event(f"{tenant}-after", "The bakery on Main Street reopened today", author, 30.0,
                             thread="t-9", tenant=tenant))
        events.append(_event(f"{tenant}-decayed", "The harbour festival starts next Saturday", author,
                             30.0 + 4 * 3600, thread="t-8", tenant=tenant))
    stack.send(events, key=lambda e: e["author_id"].encode())  # one author, one partition: in order
    final = _final(stack.decisions(len(events), timeout=90))

    for tenant in ("strict", "default"):
        assert final[f"{tenant}-r0"]["action"] == "allow"
        assert final[f"{tenant}-r1"]["action"] == final[f"{tenant}-r2"]["action"] == "hide"
        assert "identical-repeat" in final[f"{tenant}-r2"]["reasons"]
    after = final["strict-after"]
    assert (after["action"], after["reasons"][0]) == ("flag", "author-escalation")
    assert final["strict-decayed"]["action"] == "allow"  # 4 half-lives later: 6 -> 0.375
    assert final["default-after"]["action"] == "allow"  # default tenant: not borderline


def _changelog_members(stack: Stack, ids: set[str]) -> set[str]:
    """Comment ids recorded in the campaign table's changelog (what a restart recovers)."""
    seen: set[str] = set()
    for record in stack.read(f"{stack.tag}-intel-bands-changelog", 1, timeout=5):
        if record.value:
            for member in decoder(Bucket).decode(record.value).members:
                if member.comment_id in ids:
                    seen.add(member.comment_id)
    return seen


def test_killed_worker_recovers_campaign_state_from_the_changelog(stack_factory: Callable[..., Stack]) -> None:
    stack = stack_factory()
    first = stack.worker()
    early = [_copy(n, 10.0 * n) for n in range(3)]  # below campaign_min_size: nothing hidden yet
    stack.send(early)
    early_ids = {e["comment_id"] for e in early}
    deadline = time.monotonic() + 60
    while _changelog_members(stack, early_ids) != early_ids and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _changelog_members(stack, early_ids) == early_ids
    first.kill()

    stack.worker()  # a fresh data dir: the state can only come from the changelog
    late = [_copy(n, 10.0 * n) for n in range(3, len(CAMPAIGN))]
    stack.send(late)
    all_ids = [e["comment_id"] for e in early + late]
    final, docs = _await_final(stack, set(all_ids), lambda f: _campaign_hidden(f, all_ids))
    assert _campaign_hidden(final, all_ids)
    assert all(any(d["_key"] == i and d["revision"] >= 1 for d in docs) for i in early_ids)
    recovery = _metric(stack, "modstream_state_recovery_seconds")
    assert recovery is not None and recovery > 0
    assert (_metric(stack, 'modstream_table_keys{table="intel-bands"}') or 0) > 0


def test_a_bad_record_on_the_author_topic_costs_no_other_comment_its_decision(
    stack_factory: Callable[..., Stack],
) -> None:
    stack = stack_factory()
    stack.worker()
    settings = Settings()
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path)
    values = [
        json.dumps(_event(f"ok-{i}", ordinary_text(random.Random(i), i), f"a-{i}", i)).encode() for i in range(3)
    ]
    model_side = BatchModerator(moderator, max_event_bytes=1 << 20, max_text_chars=100_000, stateful=True)
    records = [s.record or b"" for s in model_side.run(values, [0.0] * 3).scored]
    fields = list(msgspec.msgpack.decode(records[1]))
    fields[3] = 42  # the author id: unreadable for the author rules, but its model decision is intact
    broken = msgspec.msgpack.encode(fields)
    batch = [records[0], broken, records[2], msgspec.msgpack.encode({"not": "a record"})]
    producer = KafkaProducer(bootstrap_servers=stack.bootstrap)
    producer.send(f"{stack.tag}-intel-authors", value=encode_batch(batch), partition=0)
    producer.flush()
    producer.close()
    decided = stack.wait_decided({"ok-0", "ok-1", "ok-2"}, timeout=60)
    assert decided >= {"ok-0", "ok-1", "ok-2"}
