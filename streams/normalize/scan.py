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


_SAME_RUN_RE = re.compile(r"(.)\1*", re.DOTALL)


def triple_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every maximal run of 3+ equal characters in `text`, in order.

    Word-parallel on one big int (several times faster than `re`): each character is
    one lane (a byte for ASCII text, else 4 bytes of UTF-32); XOR with the text
    shifted by one lane zeroes lane i where c[i] == c[i+1], OR-ing two such positions
    zeroes lane i only where a run of three starts, and `bytes.find` locates those.
    """
    n = len(text)
    if n < 3:
        return []
    width = 1 if text.isascii() else 4
    data = text.encode("ascii") if width == 1 else text.encode("utf-32-le", "surrogatepass")
    x = int.from_bytes(data, "little")
    y = x ^ (x >> 8 * width)
    lanes = (y | (y >> 8 * width)).to_bytes(n * width, "little")  # lanes 0 .. n-3 are meaningful
    zero, limit = bytes(width), (n - 2) * width
    runs: list[tuple[int, int]] = []
    pos = 0
    while (i := lanes.find(zero, pos, limit)) >= 0:
        start, misaligned = divmod(i, width)
        if misaligned:  # zero bytes straddling two lanes
            pos = i + 1
            continue
        run = _SAME_RUN_RE.match(text, start)
        end = run.end() if run else start + 3  # (it always matches)
        runs.append((start, end))
        pos = end * width
    return runs
