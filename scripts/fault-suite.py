#!/usr/bin/env python3
"""Fault suite (issue #17): the poison mix, a broker kill -9 and restart, a two-worker rebalance.

Each scenario runs on a private broker (the project's own, free ports, a temporary data dir) and
prints a table. Slow (minutes), so not in the default test run; worker kill -9 rounds are
scripts/restart-stress.py.

    .venv/bin/python scripts/fault-suite.py all
    .venv/bin/python scripts/fault-suite.py poison | broker-kill | rebalance
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kafka import KafkaProducer

from streams.bench.poison import poison_events
from streams.broker import KafkaConfig, LocalKafka, ensure_topics, free_port_pair
from streams.worker.dead_letters import HEADER_ORIGINAL_BYTES, HEADER_REASON
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack


def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(x)) for x in [h, *[r[i] for r in rows]]) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))
    sys.stdout.flush()


def new_stack(bootstrap: str, workdir: Path, **settings: Any) -> Stack:
    tag = f"fault{uuid.uuid4().hex[:8]}"
    stack = Stack(bootstrap=bootstrap, tag=tag, workdir=workdir / tag, settings=settings)
    ensure_topics(bootstrap, {t: PARTITIONS for t in (stack.comments_topic, stack.decisions_topic, stack.dlq_topic)})
    return stack


def comments(prefix: str, n: int) -> list[dict[str, Any]]:
    return [event_dict(comment_id=f"{prefix}-{i}", author_id=f"a{i % 89}", thread_id=f"t{i % 11}",
                       text=f"Comment {i} about the library opening hours.") for i in range(n)]


def error_lines(path: Path) -> int:
    try:
        return sum(1 for line in path.read_text(errors="replace").splitlines() if "[ERROR]" in line)
    except OSError:
        return 0


def poison(bootstrap: str, workdir: Path) -> None:
    stack = new_stack(bootstrap, workdir)
    try:
        worker = stack.worker()
        poisons = poison_events(stack.tag)
        valid = [(e["comment_id"], json.dumps(e).encode()) for e in comments(f"{stack.tag}-v", 1000)]
        records = list(valid)
        rng = random.Random(5)
        for p in poisons:
            records.insert(rng.randrange(len(records)), (p.comment_id, p.raw))
        producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=2 << 20)
        started = time.monotonic()
        for key, raw in records:
            producer.send(stack.comments_topic, key=key.encode(), value=raw)
        producer.flush()
        producer.close()
        ids = {k for k, _ in valid}
        decided = stack.wait_decided(ids, timeout=240)
        took = time.monotonic() - started
        letters = {r.key.decode(): r for r in stack.read(stack.dlq_topic, len(poisons), timeout=60)}
        rows = []
        for p in poisons:
            r = letters.get(p.comment_id)
            headers = dict(r.headers) if r is not None else {}
            got = headers.get(HEADER_REASON, b"-").decode()
            original = headers.get(HEADER_ORIGINAL_BYTES, str(len(r.value)).encode()).decode() if r else "-"
            kept = f"{len(r.value)} of {original}" if r is not None else "-"
            rows.append([p.name, len(p.raw), p.reason, got, kept, "yes" if p.comment_id in decided else "no"])
        table("poison mix inside 1,000 valid events", ["poison", "bytes", "expected", "dead-lettered as",
              "DLQ value bytes", "decided?"], rows)
        ready = worker.readiness() or {}
        stack.send(comments(f"{stack.tag}-after", 50))
        after = stack.wait_decided({f"{stack.tag}-after-{i}" for i in range(50)}, timeout=60)
        table("outcome", ["valid decided", "poisons dead-lettered", "other dead letters", "seconds",
                          "readyz after", "decided after (of 50)"],
              [[f"{len(ids & decided)}/{len(ids)}", f"{sum(p.comment_id in letters for p in poisons)}/{len(poisons)}",
                len(letters) - sum(p.comment_id in letters for p in poisons), f"{took:.1f}", ready.get("ready"),
                len({f"{stack.tag}-after-{i}" for i in range(50)} & after)]])
    finally:
        stack.close()


def broker_kill(kafka: LocalKafka, workdir: Path) -> None:
    bootstrap = kafka.bootstrap
    stack = new_stack(bootstrap, workdir)
    try:
        worker = stack.worker()
        before = comments(f"{stack.tag}-b", 300)
        stack.send(before)
        stack.wait_decided({e["comment_id"] for e in before}, timeout=120)
        pid = kafka.running_pid()
        assert pid is not None
        errors0 = error_lines(worker.log_path)
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        not_ready_after = None
        while time.monotonic() - killed < 40:
            state = worker.readiness() or {}
            if state.get("ready") is False and not_ready_after is None:
                not_ready_after = time.monotonic() - killed
            time.sleep(1)
        outage_s = time.monotonic() - killed
        errors = error_lines(worker.log_path) - errors0
        kafka._proc = None
        kafka.up()
        back = time.monotonic()
        ready_after = None
        while time.monotonic() - back < 90:
            if (worker.readiness() or {}).get("ready"):
                ready_after = time.monotonic() - back
                break
            time.sleep(1)
        stack._producer = None  # a fresh producer after the outage
        after = comments(f"{stack.tag}-a", 300)
        stack.send(after)
        ids = {e["comment_id"] for e in before + after}
        decided = stack.wait_decided(ids, timeout=180)
        table("broker kill -9 (40 s outage) and restart", ["phase", "value"], [
            ["readyz false after kill (s)", f"{not_ready_after:.1f}" if not_ready_after is not None else "never"],
            ["ERROR log lines during outage", f"{errors} ({errors / outage_s:.1f}/s)"],
            ["readyz true again after restart (s)", f"{ready_after:.1f}" if ready_after is not None else "never"],
            ["comments decided (300 before + 300 after)", f"{len(ids & decided)}/{len(ids)}"],
            ["worker still running", worker.proc is not None and worker.proc.poll() is None],
        ])
    finally:
        stack.close()


def rebalance(bootstrap: str, workdir: Path) -> None:
    stack = new_stack(bootstrap, workdir)
    try:
        first = stack.worker()
        events = comments(f"{stack.tag}-r", 1500)
        stack.send(events[:500])
        second = stack.worker()  # joins the group mid-stream: partitions move
        stack.send(events[500:1000])
        first.stop()  # leaves: its partitions move to the second
        stack.send(events[1000:])
        ids = {e["comment_id"] for e in events}
        decided = stack.wait_decided(ids, timeout=240)
        records = stack.decisions(len(ids), timeout=60)
        first_decisions: dict[str, int] = {}
        for d in records:
            if d.get("revision", 0) == 0:
                first_decisions[d["comment_id"]] = first_decisions.get(d["comment_id"], 0) + 1
        dupes = sum(n - 1 for n in first_decisions.values())
        differing: dict[str, set[str]] = {}
        for d in records:
            if d.get("revision", 0) == 0:
                differing.setdefault(d["comment_id"], set()).add(d["action"])
        table("two-worker rebalance (join mid-stream, then the first leaves)", ["measure", "value"], [
            ["comments decided", f"{len(ids & decided)}/{len(ids)}"],
            ["decision records read", len(records)],
            ["duplicate revision-0 records (redeliveries)", dupes],
            ["comments whose duplicate differs in action", sum(len(a) > 1 for a in differing.values())],
            ["second worker ready at the end", (second.readiness() or {}).get("ready")],
        ])
    finally:
        stack.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=["all", "poison", "broker-kill", "rebalance"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="modstream-fault-") as tmp:
        workdir = Path(tmp)
        port, controller = free_port_pair()
        kafka = LocalKafka(KafkaConfig.from_env(port=port, controller_port=controller, data_dir=workdir / "kafka"))
        kafka.up()
        try:
            if args.scenario in ("all", "poison"):
                poison(kafka.bootstrap, workdir)
            if args.scenario in ("all", "rebalance"):
                rebalance(kafka.bootstrap, workdir)
            if args.scenario in ("all", "broker-kill"):
                broker_kill(kafka, workdir)
        finally:
            kafka.down()


if __name__ == "__main__":
    main()
