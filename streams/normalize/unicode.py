"""Unicode clean-up for non-ASCII text: invisibles, NFKC, case, look-alikes, accents."""

from __future__ import annotations

import re
import unicodedata

from streams.normalize.charmaps import (
    FOREIGN_SCRIPT_RE,
    INVISIBLE_RE,
    PUNCT_FOLD,
    PUNCT_RE,
    SCRIPT_LOOKALIKE_RE,
    STRONG_FOREIGN_RE,
    SURROGATE_RE,
    WORD_FOLD_TABLE,
    has_surrogate,
)
from streams.normalize.mojibake import fix_gbk

# A word: letters plus any combining marks (so zalgo / decomposed accents stay inside).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARKS_RE = re.compile(f"[{_MARKS}]+")
_MARK_RE = re.compile(f"[{_MARKS}]")  # the gate: without "+", `re` scans for the class fast
_MARK_SET = frozenset(chr(c) for lo, hi in re.findall("(.)-(.)", _MARKS) for c in range(ord(lo), ord(hi) + 1))
_NON_ASCII_RE = re.compile("[^\\x00-\\x7f]")
_WORD_TAIL_RE = re.compile(f"(?:[^\\W\\d_]|[{_MARKS}])*")
_ASCII_LETTER_RE = re.compile("[a-z]")


def strip_invisible(text: str) -> tuple[str, bool]:
    """Remove zero-width, bidi, format and C0/C1 control characters (not \\t \\n \\r)."""
    if has_surrogate(text):
        text = SURROGATE_RE.sub("", text)
    if not INVISIBLE_RE.search(text):
        return text, False
    return INVISIBLE_RE.sub("", text), True


def nfkc_lower(text: str) -> str:
    """NFKC + lower-case until stable (lower-casing can denormalise and vice versa)."""
    for _ in range(4):
        text = unicodedata.normalize("NFKC", text).lower()
        if unicodedata.is_normalized("NFKC", text):
            break
    return text


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _WordFolder:
    """Folds words to ASCII Latin when they are Latin text in disguise."""

    __slots__ = ("_allow_script", "accents", "confusables", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._allow_script: bool | None = None
        self.confusables = False
        self.accents = False

    def allow_script(self) -> bool:
        """May look-alike-only words fold?  Only without unmistakably foreign letters."""
        if self._allow_script is None:
            self._allow_script = STRONG_FOREIGN_RE.search(self.text) is None
        return self._allow_script

    def fold(self, word: str) -> str:
        has_script = FOREIGN_SCRIPT_RE.search(word) is not None
        if has_script:
            if not SCRIPT_LOOKALIKE_RE.search(word):
                return word
            if not _ASCII_LETTER_RE.search(word) and not self.allow_script():
                return word  # a whole look-alike word inside genuine foreign text
        folded = word.translate(WORD_FOLD_TABLE)
        if not folded.isascii():
            folded = _strip_marks(folded).translate(WORD_FOLD_TABLE)
            if not folded.isascii() or not folded.isalpha():
                return word
        if has_script:
            self.confusables = True
        else:
            self.accents = True
        return folded

    def fold_text(self) -> str:
        """Fold every word (letters + marks) that holds a non-ASCII character."""
        text = self.text
        parts: list[str] = []
        done = 0  # text[:done] is in parts
        scanned = 0  # words left of this were looked at already
        for hit in _NON_ASCII_RE.finditer(text):
            i = hit.start()
            if i < scanned or not _is_word_char(text[i]):
                continue
            start = i
            while start > scanned and _is_word_char(text[start - 1]):
                start -= 1
            tail = _WORD_TAIL_RE.match(text, i + 1)
            scanned = tail.end() if tail else i + 1
            word = text[start:scanned]
            folded = self.fold(word)
            if folded != word:
                parts.append(text[done:start])
                parts.append(folded)
                done = scanned
        if not parts:
            return text
        parts.append(text[done:])
        return "".join(parts)


def _is_word_char(char: str) -> bool:
    return char.isalpha() or char in _MARK_SET


def _strip_stray_marks(m: re.Match[str]) -> str:
    """Drop marks on an ASCII base (digit, punctuation, space) or at the start: noise
    that would otherwise stick to a word once "0̀" turns into a letter."""
    start = m.start()
    return "" if start == 0 or m.string[start - 1].isascii() else m.group()


def _fold_punct(text: str, found: set[str]) -> str:
    """`text.translate(PUNCT_TABLE)` for the `found` characters: one `str.replace` each is far
    faster than `translate` with a dict on non-ASCII text (no replacement is itself a key)."""
    for char in found:
        text = text.replace(char, PUNCT_FOLD[char])
    return text


def fold_unicode(text: str) -> tuple[str, set[str]]:
    """NFKC, lower-case, GBK-mojibake, punctuation and look-alike folding of non-ASCII text.

    Words that are Latin in disguise (math alphabets, Cyrillic/Greek look-alikes mixed
    with Latin letters, accents, small caps) become plain ASCII.  A word made only of
    Cyrillic/Greek look-alikes is folded only when the text holds no unmistakably
    foreign letter, so genuine Russian or Greek sentences stay as they are.
    """
    changes: set[str] = set()
    normal = nfkc_lower(text)
    if normal != text.lower():
        changes.add("unicode")
    repaired = fix_gbk(normal)
    if repaired != normal:
        normal = nfkc_lower(repaired)
        changes.add("mojibake")
    if _MARK_RE.search(normal):
        unmarked = _MARKS_RE.sub(_strip_stray_marks, normal)
        if unmarked != normal:
            normal = unmarked
            changes.add("unicode")
    punct = set(PUNCT_RE.findall(normal))
    if punct:
        normal = _fold_punct(normal, punct)
        changes.add("unicode")
    if normal.isascii():
        return normal, changes
    folder = _WordFolder(normal)
    folded = folder.fold_text()
    if folder.confusables:
        changes.add("confusables")
    if folder.accents:
        changes.add("unicode")
    return folded, changes
