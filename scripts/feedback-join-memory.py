"""Memory per key of the feedback join (tracemalloc, a dict store like the Faust table's memory store).

Writes N flag/hide decisions (copies of the first hide `modstream classify` gives on
samples/comments.jsonl, each with its own comment id and one of 20,000 authors) over 4 partitions
and prints the bytes per kept key now and at the peak, with or without the per-partition cap:

    .venv/bin/python scripts/feedback-join-memory.py 100000               # no cap
    .venv/bin/python scripts/feedback-join-memory.py 400000 --cap 25000   # at the cap (100,000 kept)
"""

from __future__ import annotations

import argparse
import json
import sys
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streams.feedback import FeedbackJoin  # noqa: E402
from streams.offline import Rejected, classify_lines  # noqa: E402
from streams.pipeline import Moderator  # noqa: E402
from streams.settings import get_settings  # noqa: E402


def a_hide() -> str:
    settings = get_settings()
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path)
    lines = (REPO / "samples" / "comments.jsonl").read_bytes().splitlines()
    for item in classify_lines(lines, moderator):
        if not isinstance(item, Rejected) and item.action == "hide":
            return item.model_dump_json()
    raise SystemExit("no hide decision in the samples")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="decisions written")
    parser.add_argument("--cap", type=int, default=None, help="max_keys per partition (default: no cap)")
    args = parser.parse_args()
    raw = a_hide()
    join = FeedbackJoin(max_keys=args.cap)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(args.n):
        doc = json.loads(raw)
        doc["comment_id"], doc["author_id"] = f"soak-abcdef-{i}", f"a-{i % 20_000}"
        join.on_decision(doc, 1.8e9 + i, i % 4)
        del doc
    now, peak = tracemalloc.get_traced_memory()
    kept = len(join.store)
    evicted, _ = join.take_evicted()
    print(f"{args.n:,} decisions written, cap {args.cap or 'none'} per partition: {kept:,} kept, {evicted:,} evicted; "
          f"{(now - before) / kept:,.0f} B per kept key now, {(peak - before) / kept:,.0f} B at the peak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
