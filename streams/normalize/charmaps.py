"""Character tables: invisible characters (regexes) and look-alike folding (translate)."""

from __future__ import annotations

import re

# --- invisible / control -------------------------------------------------------------

_ZERO_WIDTH = [
    0x00AD,  # soft hyphen
    0x034F,  # combining grapheme joiner
    0x061C,  # arabic letter mark
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,  # hangul fillers (render blank)
    0x180E,  # mongolian vowel separator
    *range(0x200B, 0x2010),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    *range(0x202A, 0x202F),  # bidi embeddings / overrides
    *range(0x2060, 0x2065),  # word joiner, invisible operators
    *range(0x2066, 0x2070),  # bidi isolates, deprecated format chars
    *range(0xFE00, 0xFE10),  # variation selectors
    0xFEFF,  # BOM / ZWNBSP
    *range(0xE0000, 0xE0080),  # tag characters
]
_C0 = [c for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c"] + [0x7F]
_C1 = list(range(0x80, 0xA0))


def _char_class(codes: list[int]) -> str:
    """A regex character class of code points, compressed into ranges."""
    parts: list[str] = []
    ordered = sorted(set(codes))
    start = prev = ordered[0]
    for code in [*ordered[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return "[" + "".join(parts) + "]"


#: C0 controls except whitespace, and DEL (ASCII fast path).
C0_RE = re.compile(_char_class(_C0))
#: Zero-width, bidi, format and C0 characters (safe before mojibake repair, which
#: needs the C1 range).
ZERO_WIDTH_RE = re.compile(_char_class(_ZERO_WIDTH + _C0))
#: Everything invisible: zero-width, C0 and C1 controls.
INVISIBLE_RE = re.compile(_char_class(_ZERO_WIDTH + _C0 + _C1))
SURROGATE_RE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Does `text` hold a lone surrogate?  Strict UTF-8 encoding fails exactly then (and is
    several times faster than `SURROGATE_RE.search`)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# --- look-alikes ---------------------------------------------------------------------

# Cyrillic, Greek and Armenian letters that read as a Latin letter (lower case; the
# text is lower-cased before folding).
SCRIPT_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "з": "3",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ѵ": "v",
    "ү": "y",
    "ӏ": "l",
    "ɡ": "g",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "μ": "u",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    "ϲ": "c",
    "ς": "c",
    "ά": "a",
    "έ": "e",
    "ί": "i",
    "ό": "o",
    "ύ": "u",
    "ώ": "w",
    "ϳ": "j",
    # Armenian
    "օ": "o",
    "ս": "u",
    "ց": "g",
    "հ": "h",
    "ո": "n",
    "ա": "w",
    "զ": "q",
}
SCRIPT_CONFUSABLES.pop("з")  # reads as a digit, not a letter: never fold it
SCRIPT_CONFUSABLES.pop("ɡ")  # Latin script; kept in LATIN_FOLD below

# Latin-script oddities with no NFKC decomposition.
LATIN_FOLD: dict[str, str] = {
    # small capitals
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ꜰ": "f",
    "ɢ": "g",
    "ʜ": "h",
    "ɪ": "i",
    "ᴊ": "j",
    "ᴋ": "k",
    "ʟ": "l",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ǫ": "q",
    "ʀ": "r",
    "ꜱ": "s",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ʏ": "y",
    "ᴢ": "z",
    # letters that NFD does not split into base + mark
    "ı": "i",
    "ɑ": "a",
    "ɡ": "g",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ŀ": "l",
    "ƒ": "f",
    "ɩ": "i",
    "ʋ": "v",
    "ȷ": "j",
    "ɸ": "f",
    "ɾ": "r",
    "ʂ": "s",
    "ƚ": "l",
    "ɓ": "b",
    "ɗ": "d",
    "ɦ": "h",
    "ŧ": "t",
    "ƙ": "k",
    "ƴ": "y",
    "ȥ": "z",
    "ʐ": "z",
    "ɱ": "m",
    "ɲ": "n",
    "ŋ": "n",
    "þ": "th",
}

# Typographic punctuation folded to ASCII so "don’t" == "don't".
PUNCT_FOLD: dict[str, str] = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "ʼ": "'",
    "´": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
}
# Enclosed letters that NFKC leaves alone (symbols, not letters, so folded text-wide).
for _i in range(26):
    _c = chr(ord("a") + _i)
    PUNCT_FOLD[chr(0x1F150 + _i)] = _c  # negative circled
    PUNCT_FOLD[chr(0x1F170 + _i)] = _c  # negative squared

#: Text-wide fold: typographic punctuation and enclosed letters.
PUNCT_TABLE = str.maketrans(PUNCT_FOLD)
PUNCT_RE = re.compile(_char_class([ord(c) for c in PUNCT_FOLD]))
#: Folds script look-alikes and Latin oddities (used on single words only).
WORD_FOLD_TABLE = str.maketrans({**SCRIPT_CONFUSABLES, **LATIN_FOLD})
LATIN_FOLD_TABLE = str.maketrans(LATIN_FOLD)

_CONF_CLASS = "".join(sorted(SCRIPT_CONFUSABLES))
#: A Cyrillic / Greek / Armenian letter that is a Latin look-alike.
SCRIPT_LOOKALIKE_RE = re.compile(f"[{_CONF_CLASS}]")
#: Any Cyrillic / Greek / Armenian letter.
FOREIGN_SCRIPT_RE = re.compile("[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u1f00-\u1fff]")
#: A Cyrillic / Greek / Armenian letter that does NOT look Latin: genuine foreign text.
STRONG_FOREIGN_RE = re.compile(f"(?=[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u1f00-\u1fff])[^{_CONF_CLASS}\\W\\d_]")
