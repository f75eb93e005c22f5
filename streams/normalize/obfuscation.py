"""Undo deliberate obfuscation: masks, spaced letters, leetspeak, variants, stretching.

All functions take and return lower-case, whitespace-collapsed text and report whether
they changed it.  Each first looks for a rare trigger character (cheap), then edits
only the words around the hits.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from streams.normalize.lexicon import FORMS, FORMS_ORDERED, STRETCH_WORDS, unmask
from streams.normalize.scan import rewrite_tokens, token_bounds, triple_runs

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _escaped(text: str, start: int) -> bool:
    """A token right after a backslash is an escape code (`\\xa0`, `\\u00e9`), not a word."""
    return start > 0 and text[start - 1] == "\\"


# --- masks: f**k, b***h, sh#t ------------------------------------------------------

# "@" masks only inside a word ("c@nt", "l@s@r"); "@handle" and "me@home" are left to the lexicon.
# Each branch starts with its symbol (the letter before is a lookbehind after it), so `re`
# scans for the symbols fast: (?<=[a-z])@+(?=[a-z]) | (?<=[a-z])[_-](?=[a-z]).
_MASK_HIT_RE = re.compile(r"[*#%]+|@(?<=[a-z]@)@*(?=[a-z])|[_-](?<=[a-z].)(?=[a-z])")
_MASK_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789*#%@$!|_-")
_SYMBOL_MASK_CHARS = _MASK_CHARS - {"_", "-"}
_SYMBOL_MASK_RE = re.compile(r"[*#%]+|(?<=[a-z])@+(?=[a-z])")
_MASK_HIDDEN = str.maketrans(dict.fromkeys("*#%@$!|013457_-", "."))
_NOT_LEET_DIGITS = frozenset("2689")
_HAS_LETTER_RE = re.compile("[a-z]")
_MAX_MASK = 32


def _unmask(text: str, start: int, end: int) -> str | None:
    inner_start, inner_end = start, end
    while inner_start < inner_end and text[inner_start] == "-":  # dashes around a word: "--f*ck--"
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1] == "-":
        inner_end -= 1
    if inner_start == inner_end:
        return None
    found = _unmask_word(text, inner_start, inner_end)
    return None if found is None else text[start:inner_start] + found + text[inner_end:end]


def _unmask_word(text: str, start: int, end: int) -> str | None:
    word = text[start:end]
    if word[0] not in "abcdefghijklmnopqrstuvwxyz@$" or _escaped(text, start):
        return None
    if not _NOT_LEET_DIGITS.isdisjoint(word):
        return None  # "#38", "n#26": a number, not a hidden letter
    tok = word.rstrip("!")
    if len(tok) > _MAX_MASK or tok.rstrip("*#") in FORMS or not _HAS_LETTER_RE.search(tok):
        return None  # trailing stars after a whole word are punctuation / footnotes
    pattern = tok.translate(_MASK_HIDDEN)
    # "f-ck", "sh_t": a separator hides exactly one letter (no looser match: "u-s" is not "uglys");
    # hyphenated words are common, so only forms of the same length and first letter are compared
    found = _same_shape(pattern) if _SYMBOL_MASK_RE.search(tok) is None else unmask(pattern)
    if found is None and "-" in tok.strip("-"):  # "f*ck-ups", "sh*t-head": a hyphenated compound
        parts = tok.split("-")
        fixed = [(_unmask_word(part, 0, len(part)) if _SYMBOL_MASK_RE.search(part) else None) or part for part in parts]
        return None if fixed == parts else "-".join(fixed) + word[len(tok) :]
    return None if found is None else found + word[len(tok) :]


_WORD_EDGES = "\"'.,;:!?()[]{}<>"


def _may_be_masked(text: str) -> bool:
    """Cheap gate: a mask symbol, or a hyphenated/underscored word shaped like a lexicon form."""
    if "*" in text or "#" in text or "%" in text or "@" in text:
        return True
    # "well-known" and "so-called" are common: only a word shaped like a form ("f-ck") is worth a scan
    return ("-" in text and _has_masked_shape(text, "-")) or ("_" in text and _has_masked_shape(text, "_"))


def _has_masked_shape(text: str, sep: str) -> bool:
    """Is a word holding `sep` shaped like a lexicon form?  Words are found with `str.find`."""
    i = text.find(sep)
    while i >= 0:
        start = text.rfind(" ", 0, i) + 1
        end = text.find(" ", i)
        if end < 0:
            end = len(text)
        for word in text[start:end].split():  # as `text.split()` cuts it (other whitespace)
            if sep in word and _form_shaped(word.strip(_WORD_EDGES)):
                return True
        i = text.find(sep, end)
    return False


_FORMS_BY_SHAPE: dict[tuple[int, str], tuple[str, ...]] = {}
for _form in FORMS_ORDERED:
    _FORMS_BY_SHAPE[(len(_form), _form[0])] = (*_FORMS_BY_SHAPE.get((len(_form), _form[0]), ()), _form)


def _form_shaped(core: str) -> bool:
    """Is `core` shaped like a lexicon form (same length and first letter, letters matching where shown)?"""
    if (len(core), core[:1]) not in _FORMS_BY_SHAPE:  # cheap: most words have no form of their shape
        return False
    return _same_shape(core.translate(_MASK_HIDDEN)) is not None


def _same_shape(pattern: str) -> str | None:
    """The first form (priority order) of ``pattern``'s length whose letters match where visible."""
    if pattern[0] == ".":
        return unmask(pattern, relaxed=False)
    for form in _FORMS_BY_SHAPE.get((len(pattern), pattern[0]), ()):
        if all(p == "." or p == c for p, c in zip(pattern, form, strict=True)):
            return form
    return None


def restore_masks(text: str) -> tuple[str, bool]:
    """`f**k` -> `fuck`, `bulls**t` -> `bullshit`; masks matching no target stay."""
    if not _may_be_masked(text):
        return text, False
    new = rewrite_tokens(text, _MASK_HIT_RE, _MASK_CHARS, _unmask)
    return new, new != text


# --- spacing: s h i t, f.u.c.k, f-u-c-k --------------------------------------------

# A single letter: not touching a letter, digit, leet or mask character (those may
# still turn into letters: "a$a" -> "asa").
_SOLO_END = r"(?![a-z0-9@$|*#%]|![a-z0-9@$|])"
_SPACED_RE = re.compile(rf"(?<![a-z0-9@$|*#%!])[a-z]([ .\-])[a-z]{_SOLO_END}(?:\1[a-z]{_SOLO_END})+")
_SPACED_HINT_RE = re.compile(r" [a-z] [a-z] ")
# [.\-][a-z][.\-] as one pattern per separator: a literal first character scans fast.
_DOTTED_HINT_RE = re.compile(r"\.[a-z][.\-]")
_DASHED_HINT_RE = re.compile(r"-[a-z][.\-]")
_LONE_WORDS = "aiu"
_MAX_SPACED = 12  # longer runs of spaced letters are tables / alphabets, not words


def _join(m: re.Match[str]) -> str:
    sep = m.group(1)
    following = m.string[m.end() : m.end() + 2]
    if sep != " " and len(following) == 2 and following[0] == sep and following[1].isalnum():
        return m.group()  # "w.o.m.b.a.twaste": the run ends inside a word, leave it
    letters = m.group()[::2]
    if sep != " " or letters in FORMS:
        return letters
    n = len(letters)
    for lo, hi in ((1, 0), (0, 1), (1, 1)):
        core = letters[lo : n - hi]
        edges = letters[:lo] + letters[n - hi :]
        if len(core) >= 3 and core in FORMS and all(c in _LONE_WORDS for c in edges):
            return " ".join(filter(None, (letters[:lo], core, letters[n - hi :])))
    return letters if 4 <= n <= _MAX_SPACED else m.group()


def join_spaced(text: str) -> tuple[str, bool]:
    """Join 3+ single letters split by one space, dot or dash.

    Dots and dashes always join (`f.u.c.k`, `u.s.a`); spaces join when the result is
    a target word or 4 to 12 letters long, so `u r a` stays and `a f u c k` becomes
    `a fuck`.
    """
    if not (_SPACED_HINT_RE.search(f" {text} ") or _DOTTED_HINT_RE.search(text) or _DASHED_HINT_RE.search(text)):
        return text, False
    new = _SPACED_RE.sub(_join, text)
    return new, new != text


# --- leetspeak: sh1t, a$$, b!tch, @ss ----------------------------------------------

_LEET_CHARS = "013457@$!|89+(<"
_LEET = str.maketrans(_LEET_CHARS, "oieastasilbgtcc")
_LEET_L = str.maketrans(_LEET_CHARS, "oleastasilbgtcc")
# A leet character touching a letter ("!" only before a letter: a
# trailing "!" is punctuation and never mapped); "+", "(" and "<" only after a letter or leet
# character ("bi+ch", "fu(k"), never at the start of a word ("(the", "<3").
_LEET_HIT_RE = re.compile(r"[01345789@$|!](?:(?<=[a-z][01345789@$|])|(?=[a-z]))")
_LEET_SYMBOL_HIT_RE = re.compile(r"[+(<](?<=[a-z0-9@$!|].)")  # symbol first: a fast scan
_LEET_TOKEN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|+(<")
_ADJACENT_RE = re.compile(r"[a-z][01345789@$!|+(<]|[01345789@$!|+(<][a-z]")
# Runs between letters that are always leet: digits and "$" (not "!": "wow!great",
# "|": "talk|email", "@": "me@home").
# A digit run is one digit, at most three times ("sh1t", "h00k"); "max10mins" is a code.
_INTERIOR_RE = re.compile(r"(?<=[a-z])(?:([013457])\1{0,2}|\$+)(?=[a-z])")
_HEX_COLOUR_RE = re.compile(r"(?:[0-9a-f]{6}|[0-9a-f]{8})")
_EDGE_DIGITS_RE = re.compile(r"^[013457]+(?=[a-z])|(?<=[a-z])[013457]+$")


_HANDLE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _in_handle(text: str, start: int) -> bool:
    """Is the token at `start` part of an @handle or #hashtag?"""
    if text[start] in "@#":
        return True
    i = start
    while i > 0 and text[i - 1] in _HANDLE_CHARS:
        i -= 1
    return i > 0 and text[i - 1] in "@#"


def _map_run(m: re.Match[str]) -> str:
    return m.group().translate(_LEET)


def _deleet(text: str, start: int, end: int) -> str | None:
    tok = text[start:end]
    if not _ADJACENT_RE.search(tok):
        return None
    if (start and text[start - 1] in "*#%") or text[end : end + 1] in ("*", "#", "%"):
        return None  # part of an unresolved mask: leave it whole
    core = tok.rstrip("!")
    tail = tok[len(core) :]
    if not core:
        return None
    for table in (_LEET, _LEET_L) if "1" in core else (_LEET,):
        full = core.translate(table)
        if full in FORMS:
            return full + tail
        if "v" in full and full.replace("v", "u") in FORMS:  # "fvck", "$7vp1d": v for u
            return full.replace("v", "u") + tail
        if _RUN3_RE.search(full) and full.isalpha():
            full = _destretch_word(full)  # "a$$$" -> "asss" -> "ass", as stretching would
            if full in FORMS:
                return full + tail
    if (
        core[0] == "@"
        or _in_handle(text, start)
        or _escaped(text, start)
        or not _NOT_LEET_DIGITS.isdisjoint(core)
        or _HEX_COLOUR_RE.fullmatch(core)
    ):
        return None  # a @handle, #hashtag, escape, alphanumeric or colour code
    new = _INTERIOR_RE.sub(_map_run, core)
    if new == core:
        return None
    return _EDGE_DIGITS_RE.sub(_map_run, new) + tail


def _has_leet_char(text: str) -> bool:
    """Cheap gate for `_LEET_HIT_RE`: one `in` (memchr) per character beats a class regex."""
    return (
        "0" in text or "1" in text or "3" in text or "4" in text or "5" in text or "7" in text
        or "8" in text or "9" in text or "@" in text or "$" in text or "|" in text or "!" in text
    )


def deleet(text: str) -> tuple[str, bool]:
    """Map leet digits/symbols inside alphabetic words to letters.

    Digits and `$` between letters are always mapped (`sh1t`, `h3ll0`); anything
    else (edge characters, `!`, `|`, `@`) only when the result is a target word
    (`a$$`, `@ss`, `b!tch`, `r@pe`).  Numbers, `$500`, `100%`, `4th`, `mp3`, `@handles` and colour
    codes (`c0c0c0`) stay.
    """
    new = rewrite_tokens(text, _LEET_HIT_RE, _LEET_TOKEN, _deleet) if _has_leet_char(text) else text
    if "+" in new or "(" in new or "<" in new:  # rare: a second, separate scan
        new = rewrite_tokens(new, _LEET_SYMBOL_HIT_RE, _LEET_TOKEN, _deleet)
    return new, new != text


# --- spelling variants: fvck, phuck, fingerfck --------------------------------------

_VARIANTS: tuple[tuple[str, str, str, str], ...] = (
    # (prefixes, variant core, suffixes, canonical core)
    (
        "mother|motha|mutha|finger|cluster|",
        r"(?:ph|f)(?:[uv]+(?:c+k+|k+|q+|c+)|v+c+k+|c+k+|c+u+k+)|ph+u+c+k+|fu+c+k+",
        "ing|in|ed|er|ers|s|face|wit|wits|head|heads|tard|off|up|boy|",
        "fuck",
    ),
    ("bull|horse|dip|", r"sh(?:y|iy|i{1,2})t", "s|ty|ter|head|hole|face|", "shit"),
    ("", r"b(?:ia|iy|y)a?tch", "es|ing|y|", "bitch"),
    ("", r"n[i1]qq(?:a|er)", "s|", "nigga"),
    ("", r"fk+i?ng?", "", "fucking"),  # "fkn", "fking", "fkin"
)
_VARIANT_RES = tuple(
    (re.compile(rf"(?<![a-z])({pre})({core})({suf})(?![a-z])"), canon) for pre, core, suf, canon in _VARIANTS
)
# Only the misspellings trigger the (slower) variant patterns; "fuck" itself does not:
# fv|fc|fk|fu[kq]|ph[uv]|shy|shi[iy]|bia|biy|byt|qq, one pattern per first letter (a
# literal first character lets `re` skip ahead with a fast scan).
_F_HINT_RE = re.compile(r"f(?:[vck]|u[kq])")
_PH_HINT_RE = re.compile(r"ph[uv]")
_SH_HINT_RE = re.compile(r"sh(?:y|i[iy])")
_B_HINT_RE = re.compile(r"b(?:i[ay]|yt)")


def _may_hold_variant(text: str) -> bool:
    """Cheap gate for the variant patterns: one of the misspelling hints above."""
    return bool(
        _F_HINT_RE.search(text)
        or _PH_HINT_RE.search(text)
        or _SH_HINT_RE.search(text)
        or _B_HINT_RE.search(text)
        or ("q" in text and "qq" in text)
    )


def _variant_replacer(canon: str) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        core = canon
        if canon == "nigga" and m.group(2).endswith("er"):
            core = "nigger"
        return m.group(1) + core + m.group(3)

    return repl


_VARIANT_SUBS = tuple((regex, _variant_replacer(canon)) for regex, canon in _VARIANT_RES)


def fix_variants(text: str) -> tuple[str, bool]:
    """Common misspellings used to dodge filters: `fvck`, `phuck`, `fingerfck`, `biatch`."""
    if not _may_hold_variant(text):
        return text, False
    new = text
    for regex, repl in _VARIANT_SUBS:
        new = regex.sub(repl, new)
    return new, new != text


# --- stretching: sooooo, fuuuuck, !!!!!! ---------------------------------------------

_RUN3_RE = re.compile(r"([a-z])\1{2,}")
_MAX_RUNS = 4


def _in_mask(text: str, start: int, end: int) -> bool:
    start, end = token_bounds(text, start, end, _SYMBOL_MASK_CHARS, 0)
    return _SYMBOL_MASK_RE.search(text, start, end) is not None


def _destretch_word(word: str) -> str:
    if word in FORMS or word in STRETCH_WORDS:
        return word  # "xxx", "www", "iii" are words as they are
    runs = [(r.start(), r.end(), r.group(1)) for r in _RUN3_RE.finditer(word)]
    if not runs:
        return word
    best = _RUN3_RE.sub(r"\1\1", word)
    if len(runs) > _MAX_RUNS or best in FORMS or best in STRETCH_WORDS:
        return best
    # Fewer single letters first: "gooood" -> "good" before "god".
    choices = sorted(itertools.product((2, 1), repeat=len(runs)), key=lambda c: c.count(1))
    for choice in choices:
        parts, pos = [], 0
        for (start, end, ch), n in zip(runs, choice, strict=True):
            parts.append(word[pos:start])
            parts.append(ch * n)
            pos = end
        parts.append(word[pos:])
        cand = "".join(parts)
        if cand in FORMS or cand in STRETCH_WORDS:
            return cand
    return best


def _runs(text: str) -> list[tuple[int, int]]:
    r"""What `([^\d\s])\1\1+` finds: maximal runs of 3+ equal characters other than digits / spaces."""
    return [(start, end) for start, end in triple_runs(text) if not (text[start].isdecimal() or text[start].isspace())]


def destretch(text: str) -> tuple[str, bool]:
    """Collapse runs of 3+ identical letters to 2 (or 1 when that gives a known word).

    `sooooo` -> `so`, `gooood` -> `good`, `trannnnnyyyy` -> `tranny`, unknown words
    keep two letters (`zzzzz` -> `zz`); `!!!!!!` -> `!!`, `......` -> `...`.
    """
    parts: list[str] = []
    done = 0
    for run_start, run_end in _runs(text):
        if run_start < done:
            continue  # inside an ASCII word handled already
        ch = text[run_start]
        if ch in _MASK_CHARS and _in_mask(text, run_start, run_end):
            continue  # an unresolved mask keeps its exact shape (its length is its meaning)
        if ch in _LETTERS:
            start, end = token_bounds(text, run_start, run_end, _LETTERS, done)
            parts.append(text[done:start])
            parts.append(_destretch_word(text[start:end]))
        else:
            start, end = run_start, run_end
            parts.append(text[done:start])
            parts.append("..." if ch == "." else ch * 2)
        done = end
    if not parts:
        return text, False
    parts.append(text[done:])
    new = "".join(parts)
    return new, new != text
