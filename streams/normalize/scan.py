"""Hit-driven token rewriting: find rare trigger characters fast, then edit their words.

Scanning for a rare character class is far cheaper in `re` than a pattern that has to
be tried at every word, so the obfuscation steps locate triggers first and only then
expand to the surrounding token.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def token_bounds(text: str, start: int, end: int, chars: frozenset[str], floor: int) -> tuple[int, int]:
    """Grow `text[start:end]` to the maximal run of `chars` (never left of `floor`)."""
    while start > floor and text[start - 1] in chars:
        start -= 1
    size = len(text)
    while end < size and text[end] in chars:
        end += 1
    return start, end


def rewrite_tokens(
    text: str,
    hits: re.Pattern[str],
    chars: frozenset[str],
    rewrite: Callable[[str, int, int], str | None],
) -> str:
    """Call `rewrite(text, start, end)` once per token (run of `chars`) holding a hit.

    `rewrite` returns the replacement or None to keep the token.  Linear time: a
    token is expanded once however many hits it holds.
    """
    parts: list[str] = []
    done = 0  # text[:done] is in parts
    scanned = 0  # tokens left of this were expanded already
    for hit in hits.finditer(text):
        if hit.start() < scanned:
            continue
        start, end = token_bounds(text, hit.start(), hit.end(), chars, scanned)
        scanned = max(end, hit.end())
        new = rewrite(text, start, end)
        if new is not None:
            parts.append(text[done:start])
            parts.append(new)
            done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def has_ascii_triple(text: str) -> bool:
    """True when an ASCII `text` holds three equal characters in a row.

    Word-parallel on one big int (about 4x faster than `re` for a comment): XOR with
    the text shifted by one byte zeroes byte i where b[i] == b[i+1]; OR-ing two such
    positions zeroes byte i only for a triple; the classic "has a zero byte" test,
    `(v - 0x0101..) & ~v & 0x8080..`, is exact for existence.  ASCII only.
    """
    n = len(text)
    if n < 3:
        return False
    x = int.from_bytes(text.encode("ascii"), "little")
    y = x ^ (x >> 8)
    z = (y | (y >> 8)) & ((1 << (8 * (n - 2))) - 1)
    ones = int.from_bytes(b"\x01" * (n - 2), "little")
    return bool((z - ones) & ~z & (ones << 7))
