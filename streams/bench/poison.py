"""The poison mix: events that once stopped or slowed the pipeline, each with the reason it must get.

Used by the real-broker poison test and ``scripts/fault-suite.py poison``: every one of these must end
dead-lettered with the reason named here, and the valid events around them decided.
"""

from __future__ import annotations

import json
import random
from typing import NamedTuple

ONE_MB_CLASS = 1_020_000
"""Between the producer's default request limit (1,000,000) and the broker's (1,048,588)."""


class Poison(NamedTuple):
    """One bad event: a name, its comment id, the raw bytes and the dead-letter reason it must get."""

    name: str
    comment_id: str
    raw: bytes
    reason: str


def _event(comment_id: str, **fields: object) -> dict[str, object]:
    return {
        "comment_id": comment_id, "thread_id": "poison-thread", "author_id": f"author-{comment_id}",
        "text": "an ordinary comment", "created_at": "2026-12-04T12:00:00Z", **fields,
    }


def poison_events(prefix: str, seed: int = 7) -> list[Poison]:
    """The six poisons of issue #17, ids ``<prefix>-<name>``."""
    rng = random.Random(seed)
    marks = [chr(c) for c in range(0x300, 0x370)]
    zalgo = "".join(ch + "".join(rng.choice(marks) for _ in range(400)) for ch in "you are an idiot")

    def raw(name: str, **fields: object) -> bytes:
        return json.dumps(_event(f"{prefix}-{name}", **fields), ensure_ascii=False).encode()

    big = raw("one-mb", text="")
    big = big.replace(b'"text": ""', b'"text": "' + b"a" * (ONE_MB_CLASS - len(big)) + b'"')
    bigint = raw("bigint", metadata={"n": 0}).replace(b'"n": 0', b'"n": ' + b"9" * 5000)
    nested = raw("deep", metadata={"d": 0}).replace(b'"d": 0', b'"d": ' + b"[" * 5000 + b"]" * 5000)
    utf8 = raw("utf8", text="PLACEHOLDER").replace(b"PLACEHOLDER", b"caf\xc3 \xff\xfe bad bytes")
    return [
        Poison("one-mb", f"{prefix}-one-mb", big, "oversized"),
        Poison("bigint", f"{prefix}-bigint", bigint, "invalid_json"),
        Poison("year-9999", f"{prefix}-year-9999", raw("year-9999", created_at="9999-12-31T23:59:59Z"),
               "future_timestamp"),
        Poison("utf8", f"{prefix}-utf8", utf8, "invalid_utf8"),
        Poison("deep", f"{prefix}-deep", nested, "too_deep"),
        Poison("zalgo", f"{prefix}-zalgo", raw("zalgo", text=zalgo), "invalid_text"),
    ]
