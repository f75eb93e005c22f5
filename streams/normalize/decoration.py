"""Decorative symbol runs (`✥✥✥✥`, `➤➤➤`, `★☆★`), replaced by the word `xxdeco`.

Spam dresses its call to action in runs of dingbats, arrows, stars and box or geometric
shapes; ordinary comments seldom use two of them in a row.  One placeholder word lets the
model learn the shape instead of each symbol.  Hearts are expression, not decoration, and
emoji (outside the Basic Multilingual Plane) are left alone; so is a single symbol.
"""

from __future__ import annotations

import re

DECO_TOKEN = "xxdeco"

# Arrows, box drawing, block elements, geometric shapes, miscellaneous symbols, dingbats,
# supplemental arrows, miscellaneous symbols and arrows.
_DECO = "\u2190-\u21ff\u2500-\u27bf\u2900-\u297f\u2b00-\u2bff"
_HEARTS = "\u2661\u2665\u2763-\u2767\u2764"
_DECO_CHAR = f"(?![{_HEARTS}])[{_DECO}]"
# Two or more decorative symbols, spaces allowed between them ("✥ ✥ ✥").
_RUN_RE = re.compile(f"{_DECO_CHAR}(?: ?{_DECO_CHAR})+")
_ANY_RE = re.compile(f"[{_DECO}]")


def replace_decoration(text: str) -> tuple[str, int]:
    """Replace every run of two or more decorative symbols by ` xxdeco `; the count of runs."""
    if text.isascii() or _ANY_RE.search(text) is None:
        return text, 0
    new, n = _RUN_RE.subn(f" {DECO_TOKEN} ", text)
    return (" ".join(new.split()), n) if n else (text, 0)
