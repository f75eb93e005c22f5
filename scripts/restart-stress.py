"""Kill -9 / restart stress: does any comment go undecided when a worker crashes mid-stream?

Each round: fresh topics, a worker, 300 comments, a SIGKILL at a random moment, 300 more comments, a
new worker on the same consumer group; then every comment must have a decision within 60 s. Prints
one line per round, plus the partition guard's repairs from the restarted worker's log. Run it on
a loaded machine (e.g. beside a CPU hog) to shake out timing bugs. Needs a broker:

    .venv/bin/modstream kafka up
    .venv/bin/python scripts/restart-stress.py --rounds 10            # stateful (default)
    .venv/bin/python scripts/restart-stress.py --rounds 10 --stateless
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.broker.admin import ensure_topics
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack


def one_round(bootstrap: str, stateful: bool, workdir: Path) -> tuple[str, int, int]:
    """(tag, comments undecided, repairs logged by the restarted worker)."""
    tag = f"stress{uuid.uuid4().hex[:8]}"
    stack = Stack(bootstrap=bootstrap, tag=tag, workdir=workdir / tag, settings={"stateful": stateful})
    ensure_topics(bootstrap, {t: PARTITIONS for t in (stack.comments_topic, stack.decisions_topic, stack.dlq_topic)})
    try:
        first = stack.worker()
        ids = [f"k-{i}" for i in range(600)]
        stack.send([event_dict(comment_id=c, text=f"Thoughts on item {c}, mostly positive.") for c in ids[:300]])
        time.sleep(random.uniform(0.0, 2.5))
        first.kill()
        stack.send([event_dict(comment_id=c, text=f"More thoughts on {c}.") for c in ids[300:]])
        second = stack.worker()
        missing = set(ids) - stack.wait_decided(set(ids), timeout=60)
        log = second.log_path.read_text(errors="replace")
        repairs = log.count("were skipped;") + log.count("no progress;")
        return tag, len(missing), repairs
    finally:
        stack.close()  # stops the workers and deletes the round's topics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--stateless", action="store_true", help="without the stream-intelligence stages")
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="restart-stress-"))
    failed = 0
    for n in range(args.rounds):
        tag, missing, repairs = one_round(args.bootstrap, not args.stateless, workdir)
        failed += bool(missing)
        print(f"round {n}: {tag} undecided={missing} guard_repairs={repairs}", flush=True)
    print(f"{failed} of {args.rounds} rounds lost comments; logs under {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
