"""Kill -9 / restart stress: does any comment go undecided when a worker crashes mid-stream?

Each round: fresh topics, a worker, 300 comments (with campaign copies and an author repeating
himself), a SIGKILL at a random moment, 300 more, a new worker on the same consumer group; then
every comment must have a decision within 60 s. Prints one line per round: undecided comments, the
partition guard's repairs and, stateful, the decision records, how many repeated an earlier record
exactly (a redelivery), how many (comment, revision) pairs were published with different content
(must be 0), and how many final decisions differ from `modstream classify` on the same events. Run it on
a loaded machine (e.g. beside a CPU hog) to shake out timing bugs. Needs a broker (the address
comes from the settings, like every other client: MODSTREAM_KAFKA_PORT / MODSTREAM_KAFKA_BOOTSTRAP,
or --bootstrap):

    .venv/bin/modstream kafka up
    .venv/bin/python scripts/restart-stress.py --rounds 10            # stateful (default)
    .venv/bin/python scripts/restart-stress.py --rounds 10 --stateless
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.kafka_admin import ensure_topics
from streams.settings import get_settings
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack
from tests.integration.test_worker_truth import classify_final
from tests.intel.helpers import CAMPAIGN


def _events() -> list[dict[str, Any]]:
    """600 ordinary comments, a 10-copy campaign and an author repeating one text, a second apart."""
    events: list[dict[str, Any]] = []
    for i in range(600):
        at = f"2026-11-24T10:{i // 60:02d}:{i % 60:02d}Z"
        half = "Thoughts on item" if i < 300 else "More thoughts on"
        events.append(event_dict(comment_id=f"k-{i}", text=f"{half} k-{i}, mostly positive.", created_at=at))
        if i % 60 == 30:  # a campaign copy every minute, from a new account each time
            n = i // 60
            url = f"https://cash-{n}.example.com/r?ref={1000 + 37 * n}"
            events.append(event_dict(comment_id=f"spam-{n}", author_id=f"bot-{n}", created_at=at,
                                     text=CAMPAIGN[n].format(url=url)))
        if i % 100 == 50:
            events.append(event_dict(comment_id=f"parrot-{i}", author_id="parrot", created_at=at,
                                     text="Same text again and again from me"))
    return events


def one_round(bootstrap: str, stateful: bool, workdir: Path) -> dict[str, Any]:
    """One kill -9 round: undecided comments, guard repairs, and (stateful) revision faults."""
    tag = f"stress{uuid.uuid4().hex[:8]}"
    stack = Stack(bootstrap=bootstrap, tag=tag, workdir=workdir / tag, settings={"stateful": stateful})
    ensure_topics(bootstrap, {t: PARTITIONS for t in (stack.comments_topic, stack.decisions_topic, stack.dlq_topic)})
    events = _events()
    ids = {str(e["comment_id"]) for e in events}
    first_half = [e for e in events if str(e["comment_id"]).split("-")[0] != "k" or int(str(e["comment_id"])[2:]) < 300]
    second_half = [e for e in events if e not in first_half]
    try:
        first = stack.worker()
        stack.send(first_half)
        time.sleep(random.uniform(0.0, 2.5))
        first.kill()
        stack.send(second_half)
        second = stack.worker()
        missing = ids - stack.wait_decided(ids, timeout=60)
        log = second.log_path.read_text(errors="replace")
        out: dict[str, Any] = {
            "tag": tag, "undecided": len(missing), "repairs": log.count("were skipped;") + log.count("no progress;"),
        }
        if stateful:
            time.sleep(3)  # let revisions settle
            docs = stack.decisions(len(ids), timeout=20)
            seen: dict[tuple[str, int], set[tuple[str, tuple[str, ...]]]] = {}
            for d in docs:
                seen.setdefault((d["_key"], d["revision"]), set()).add((d["action"], tuple(d["reasons"])))
            final: dict[str, dict[str, Any]] = {}
            for d in docs:
                if d["_key"] not in final or d["revision"] > final[d["_key"]]["revision"]:
                    final[d["_key"]] = d
            expected = classify_final([json.dumps(e).encode() for e in events])
            out |= {
                "records": len(docs),
                "repeated_records": len(docs) - len(seen),
                "conflicting_revisions": sum(len(v) > 1 for v in seen.values()),
                "final_differs_from_classify": sum(
                    (final[c]["action"], tuple(final[c]["reasons"])) != expected[c]
                    for c in expected if c in final
                ),
            }
        return out
    finally:
        stack.close()  # stops the workers and deletes the round's topics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--stateless", action="store_true", help="without the stream-intelligence stages")
    parser.add_argument(
        "--bootstrap", default=None,
        help="Kafka bootstrap (default: settings: MODSTREAM_KAFKA_BOOTSTRAP, or 127.0.0.1 on MODSTREAM_KAFKA_PORT)",
    )
    args = parser.parse_args()
    bootstrap = args.bootstrap or get_settings().kafka_bootstrap
    workdir = Path(tempfile.mkdtemp(prefix="restart-stress-"))
    failed = 0
    for n in range(args.rounds):
        result = one_round(bootstrap, not args.stateless, workdir)
        failed += bool(result["undecided"]) or bool(result.get("conflicting_revisions")) or bool(
            result.get("final_differs_from_classify")
        )
        print(f"round {n}: " + " ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    print(f"{failed} of {args.rounds} rounds lost comments or published conflicting revisions; logs under {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
