"""Language identification: an English fast path, then CLD2 (pycld2; its tables ship in the wheel).

Most comments are English, and CLD2 costs ~10 µs per comment, so a text whose first words are
plainly English (enough common English function words) is called English without CLD2. Other
texts go to CLD2 (first :data:`PREFIX_CHARS` characters). CLD2's answer is used when it is
reliable. A text mostly in one non-Latin script is never scored as English: CLD2's best guess,
else the script's language (Greek, Hangul, kana, Han, Arabic, Hebrew...), else ``und``
(undetermined: routed like any language no model covers). A Latin-script text that CLD2 cannot
place, or with fewer than :data:`MIN_LETTERS` letters, is scored as English, as every comment was
before language identification (source ``default``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pycld2

from streams.lang.tags import primary_subtag

LangSource = Literal["given", "detected", "default"]
DEFAULT_LANG = "en"
PREFIX_CHARS = 256  # CLD2 cost grows with length; the opening of a comment tells its language
FAST_PREFIX_CHARS = 200
MIN_LETTERS = 8  # "ok", "lol", "merci": too little to tell
MIN_PERCENT = 60  # share of the text CLD2 gives the top language
# Common English function words that are not also common words of other Latin-script languages
# ("a", "in", "an", "so", "was", "me", "no", "i", "die", "on" are, and are left out).
_ENGLISH_MARKERS = frozenset(
    {
        "the", "and", "you", "your", "you're", "are", "is", "isn't", "it", "it's", "that", "that's",
        "this", "of", "to", "for", "with", "have", "has", "not", "be", "they", "them", "their", "what",
        "who", "would", "should", "could", "will", "just", "if", "or", "but", "about", "from", "there",
        "been", "were", "because", "than", "then", "can", "can't", "don't", "do", "does", "did", "very",
        "his", "her", "she", "he", "we", "our", "us", "my", "i'm", "how", "why", "when", "which",
    }
)


@dataclass(frozen=True, slots=True)
class Identified:
    """The language a comment is scored as (ISO 639-1 / primary BCP 47 subtag) and how it was found."""

    lang: str
    source: LangSource


_is_marker = _ENGLISH_MARKERS.__contains__
# The two answers most comments get, built once (the value is frozen: sharing it is safe, and a
# frozen dataclass costs a microsecond or two to build).
_ENGLISH_DETECTED = Identified(DEFAULT_LANG, "detected")
_ENGLISH_DEFAULT = Identified(DEFAULT_LANG, "default")


def _plainly_english(text: str) -> bool:
    words = text[:FAST_PREFIX_CHARS].lower().split()
    hits = sum(map(_is_marker, words))  # True counts 1: a C loop, no generator frame per word
    return hits >= 2 and hits * 6 >= len(words)


UNDETERMINED = "und"
# Scripts written (almost) only in one language: the fallback when CLD2 cannot place a text.
_SCRIPT_LANG: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "el"),
    (0x1F00, 0x1FFF, "el"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"),
    (0x0750, 0x077F, "ar"),
    (0x0E00, 0x0E7F, "th"),
    (0x10A0, 0x10FF, "ka"),
    (0x0530, 0x058F, "hy"),
    (0x3040, 0x30FF, "ja"),
    (0x1100, 0x11FF, "ko"),
    (0xAC00, 0xD7AF, "ko"),
    (0x3130, 0x318F, "ko"),
    (0x4E00, 0x9FFF, "zh"),
    (0x3400, 0x4DBF, "zh"),
)


_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())


def _script_counts(text: str) -> tuple[int, int, dict[str, int]]:
    """(letters, Latin letters, letters per single-language script) of ``text``."""
    if text.isascii():  # every ASCII letter is Latin: count them in C (most comments)
        letters = len(text) - len(text.encode("ascii").translate(None, _ASCII_LETTERS))
        return letters, letters, {}
    letters = latin = 0
    by_lang: dict[str, int] = {}
    for c in text:
        if not c.isalpha():
            continue
        letters += 1
        o = ord(c)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
            latin += 1
            continue
        for lo, hi, lang in _SCRIPT_LANG:
            if lo <= o <= hi:
                by_lang[lang] = by_lang.get(lang, 0) + 1
                break
    return letters, latin, by_lang


def _script_language(by_lang: dict[str, int]) -> str:
    if not by_lang:
        return UNDETERMINED  # Cyrillic, Devanagari...: shared by many languages
    if "ja" in by_lang and "zh" in by_lang:
        return "ja"  # kana beside kanji
    return max(by_lang.items(), key=lambda item: item[1])[0]


def detect(text: str) -> tuple[str, bool]:
    """CLD2's top language code for ``text`` and whether CLD2 calls it reliable (``"un"`` if none)."""
    prefix = text[:PREFIX_CHARS]
    try:
        reliable, _, details = pycld2.detect(prefix, isPlainText=True)
    except (pycld2.error, UnicodeEncodeError):  # lone surrogates, or bytes CLD2 calls invalid
        clean = prefix.encode("utf-8", "ignore").decode("utf-8", "ignore")
        try:
            reliable, _, details = pycld2.detect(clean, isPlainText=True)
        except pycld2.error:
            return "un", False
    _, code, percent, _ = details[0]
    return str(code), bool(reliable) and percent >= MIN_PERCENT


def identify(text: str, given: str | None = None) -> Identified:
    """The event's own ``lang`` when it names a language; else the detected one; else English."""
    tag = primary_subtag(given)
    if tag is not None:
        return Identified(tag, "given")
    if _plainly_english(text):
        return _ENGLISH_DETECTED
    letters, latin, by_lang = _script_counts(text[:PREFIX_CHARS])
    if letters == 0:
        return _ENGLISH_DEFAULT
    foreign_script = latin * 2 < letters
    if not foreign_script and letters < MIN_LETTERS:
        return _ENGLISH_DEFAULT
    code, reliable = detect(text)
    lang = None if code == "un" else primary_subtag(code)
    if lang is not None and (reliable or (foreign_script and lang != DEFAULT_LANG)):
        return Identified(lang, "detected")
    if foreign_script:
        return Identified(_script_language(by_lang), "detected")
    return _ENGLISH_DEFAULT
