"""What every suite generator returns: deterministic, templated rows with an expected outcome."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

SEED = 20261124


@dataclass(frozen=True, slots=True)
class SuiteRow:
    """One generated comment.

    ``kind`` splits a suite into reported groups (e.g. an obfuscation type, ``mild``/``strong``,
    ``spam``/``legit``); ``group`` ties variants of one base sentence together; ``harmful`` says
    whether the row should be actioned (flag or hide).
    """

    suite: str
    text: str
    kind: str
    group: str
    harmful: bool


def article(word: str) -> str:
    """``a`` or ``an`` for the word that follows."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def sample(rows: Sequence[SuiteRow], limit: int | None, seed: int = SEED) -> list[SuiteRow]:
    """At most ``limit`` rows, a seeded sample in original order (all rows if no limit)."""
    if limit is None or limit >= len(rows):
        return list(rows)
    keep = sorted(random.Random(seed).sample(range(len(rows)), max(limit, 0)))
    return [rows[i] for i in keep]


def dedupe(rows: Sequence[SuiteRow]) -> list[SuiteRow]:
    """Drop rows whose text repeats an earlier row's (templates can collide)."""
    seen: set[str] = set()
    out: list[SuiteRow] = []
    for row in rows:
        if row.text not in seen:
            seen.add(row.text)
            out.append(row)
    return out
