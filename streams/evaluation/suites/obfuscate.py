"""Obfuscations that commenters use to slip abuse past filters.

Base sentences mark the abusive words with square brackets (``"you [stupid] [idiot]"``).
Word-level transforms rewrite only the marked words (that is what evaders do); text-level ones
(fancy Unicode, mojibake) rewrite the whole comment. Every transform is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MARK = re.compile(r"\[([^\]]+)\]")

LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "g": "9", "b": "8", "u": "v"}
LEET_ALT = {"a": "@", "i": "!", "s": "5", "o": "0", "e": "3"}
CYRILLIC = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "о", "p": "р", "s": "ѕ", "x": "х",
    "y": "у", "h": "һ", "k": "к",
}
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")
# (lower-case start, upper-case start) of Unicode "fancy text" alphabets with no holes in a-z
FANCY_ALPHABETS: tuple[tuple[int, int], ...] = (
    (0x1D4EA, 0x1D4D0),  # mathematical bold script  𝓯𝓾𝓬𝓴
    (0x1D586, 0x1D56C),  # mathematical bold fraktur 𝖋𝖚𝖈𝖐
    (0x1D552, 0x1D538),  # double-struck              𝕗𝕦𝕔𝕜 (capitals have holes; lower only)
    (0xFF41, 0xFF21),  # fullwidth                     ｆｕｃｋ
    (0x1D5EE, 0x1D5D4),  # sans-serif bold            𝗳𝘂𝗰𝗸
)
VOWELS = "aeiou"


def plain(marked: str) -> str:
    """The sentence without its markers."""
    return _MARK.sub(r"\1", marked)


def _per_word(fn: Callable[[str, int], str]) -> Callable[[str, int], str]:
    def apply(marked: str, seed: int) -> str:
        counter = iter(range(1000))
        return _MARK.sub(lambda m: fn(m.group(1), seed + next(counter)), marked)

    return apply


def _mask_word(word: str, seed: int) -> str:
    if len(word) < 3:
        return word[0] + "*"
    inner = word[1:-1]
    symbol = "*#@"[seed % 3] if seed % 2 else "*"
    masked = "".join(symbol if ch in VOWELS else ch for ch in inner)
    if masked == inner:  # no inner vowel: hide the middle letter
        mid = len(inner) // 2
        masked = inner[:mid] + symbol + inner[mid + 1 :]
    return word[0] + masked + word[-1]


def _leet_word(word: str, seed: int) -> str:
    table = LEET_ALT if seed % 2 else LEET
    out = "".join(table.get(ch, LEET.get(ch, ch)) if ch.isalpha() else ch for ch in word)
    if out == word:  # e.g. "fuck": the usual look-alike spelling
        out = word.replace("u", "v", 1) if "u" in word else word + "z"
    return out


def _spacing_word(word: str, seed: int) -> str:
    sep = (" ", " ", ".", "-")[seed % 4]
    return sep.join(word)


def _stretch_word(word: str, seed: int) -> str:
    times = 4 + seed % 4
    inner = [i for i, ch in enumerate(word) if ch in VOWELS and i > 0] or [0]
    i = inner[0]
    return word[: i + 1] + word[i] * times + word[i + 1 :]


def _zero_width_word(word: str, seed: int) -> str:
    zw = ZERO_WIDTH[seed % len(ZERO_WIDTH)]
    return zw.join(word)


def _cyrillic_word(word: str, seed: int) -> str:
    out = "".join(CYRILLIC.get(ch, ch) for ch in word)
    if out == word:  # nothing to swap: a Cyrillic letter beside the word still fools exact match
        out = word[:-1] + "\u0443" if word.endswith("y") else word + "\u0456"
    return out


def fancy_unicode(marked: str, seed: int) -> str:
    """Whole comment in a "fancy text" alphabet (math script, fraktur, fullwidth, ...)."""
    lower, upper = FANCY_ALPHABETS[seed % len(FANCY_ALPHABETS)]
    if lower == 0x1D552:  # double-struck capitals have holes: keep capitals as they are
        upper = 0

    def conv(ch: str) -> str:
        if "a" <= ch <= "z":
            return chr(lower + ord(ch) - ord("a"))
        if upper and "A" <= ch <= "Z":
            return chr(upper + ord(ch) - ord("A"))
        return ch

    return "".join(conv(ch) for ch in plain(marked))


def typographic(marked: str) -> str:
    """Curly apostrophes, the abusive words in curly quotes and an ellipsis: the non-ASCII that
    gets garbled when a UTF-8 comment is decoded with the wrong codec."""
    text = _MARK.sub(lambda m: f"\u201c{m.group(1)}\u201d", marked).replace("'", "\u2019")
    return text + "\u2026"


def mojibake_gbk(marked: str, seed: int) -> str:
    """UTF-8 bytes decoded as GBK (lossy: undecodable bytes become U+FFFD)."""
    return typographic(marked).encode("utf-8").decode("gbk", errors="replace")


def mojibake_cp1252(marked: str, seed: int) -> str:
    """UTF-8 bytes decoded as Windows-1252 (the classic ``â€™``)."""
    return typographic(marked).encode("utf-8").decode("cp1252", errors="replace")


OBFUSCATIONS: dict[str, Callable[[str, int], str]] = {
    "mask": _per_word(_mask_word),
    "leet": _per_word(_leet_word),
    "spacing": _per_word(_spacing_word),
    "stretch": _per_word(_stretch_word),
    "zero_width": _per_word(_zero_width_word),
    "cyrillic": _per_word(_cyrillic_word),
    "fancy_unicode": fancy_unicode,
    "mojibake_gbk": mojibake_gbk,
    "mojibake_cp1252": mojibake_cp1252,
}
