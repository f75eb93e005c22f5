"""Fast paths agree with the plain definitions they stand for (the model needs identical output)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.normalize import charmaps, obfuscation, pipeline, signals, unicode

# Characters around the edge cases: digits (ASCII and not), whitespace, astral and surrogate
# code points (UTF-32 lanes), mask / leet / separator symbols, typographic punctuation, marks.
_CHARS = (
    "abfhiknpqstuvy0123456789٣ \t\n\x1c\u3000\xa0.-_*#%@$!|+(<'é𝓯\U00010000\U00010100\x00\u0100"
    "\ud800\udfff’“–\u0301\u20d0"
)
_WORDS = [
    *("f-ck", "sh_t", "well-known", "--f*ck--", "u.s.a", "x-y-z", "c@nt", "bi+ch", "fu(k", "s h i t"),
    *("fvck", "fcuk", "fkn", "fuq", "phuck", "phvck", "shyt", "shiit", "shiyt", "biatch", "biyatch", "bytch", "niqqa"),
]
_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(_CHARS), max_size=40),
    st.lists(st.tuples(st.sampled_from(_CHARS), st.integers(1, 5)), max_size=12).map(
        lambda runs: "".join(char * n for char, n in runs)
    ),
    st.lists(st.sampled_from(_WORDS + list(_CHARS)), max_size=12).map(" ".join),
)
_EXAMPLES = settings(max_examples=400, deadline=None)


def _check_split_hints(text: str) -> None:
    """Hint patterns split by first character find what the combined pattern finds."""
    variant = re.search(r"fv|fc|fk|fu[kq]|ph[uv]|shy|shi[iy]|bia|biy|byt|qq", text) is not None
    assert obfuscation._may_hold_variant(text) == variant
    dotted = obfuscation._DOTTED_HINT_RE.search(text) or obfuscation._DASHED_HINT_RE.search(text)
    assert (dotted is not None) == (re.search(r"[.\-][a-z][.\-]", text) is not None)


def _check_symbol_first(text: str) -> None:
    """Patterns led by their symbol (lookbehind after it) find the same hits."""
    mask = r"[*#%]+|(?<=[a-z])@+(?=[a-z])|(?<=[a-z])[_-](?=[a-z])"
    assert [m.span() for m in obfuscation._MASK_HIT_RE.finditer(text)] == [m.span() for m in re.finditer(mask, text)]
    symbol = r"(?<=[a-z0-9@$!|])[+(<]"
    found = [m.span() for m in obfuscation._LEET_SYMBOL_HIT_RE.finditer(text)]
    assert found == [m.span() for m in re.finditer(symbol, text)]


def _masked_by_word_scan(text: str) -> bool:
    """`_may_be_masked` as a plain scan over every word."""
    if any(c in text for c in "*#%@"):
        return True
    for word in text.split():
        if "-" in word or "_" in word:
            core = word.strip(obfuscation._WORD_EDGES)
            if core[:1].isalpha() and obfuscation._same_shape(core.translate(obfuscation._MASK_HIDDEN)):
                return True
    return False


def _check_mask_gate(text: str) -> None:
    assert obfuscation._may_be_masked(text) == _masked_by_word_scan(text)


@pytest.mark.parametrize("word", _WORDS)
def test_gates_on_obfuscated_words(word: str) -> None:
    for text in (word, f"a {word}!", f"{word}{word}", word.replace("-", "_")):
        _check_split_hints(text)
        _check_symbol_first(text)
        _check_mask_gate(text)


@_EXAMPLES
@given(_TEXT)
def test_gates_on_random_text(text: str) -> None:
    _check_split_hints(text)
    _check_symbol_first(text)
    _check_mask_gate(text)


@_EXAMPLES
@given(_TEXT)
def test_runs_are_the_run_regex_matches(text: str) -> None:
    expected = [m.span() for m in re.finditer(r"([^\d\s])\1\1+", text)]
    assert obfuscation._runs(text) == expected


@_EXAMPLES
@given(_TEXT)
def test_character_gates_match_their_classes(text: str) -> None:
    assert charmaps.has_surrogate(text) == (charmaps.SURROGATE_RE.search(text) is not None)
    assert signals._has_digit(text) == (re.search(r"\d", text) is not None)
    assert obfuscation._has_leet_char(text) == (re.search(r"[01345789@$|!]", text) is not None)
    assert (unicode._MARK_RE.search(text) is None) == (unicode._MARKS_RE.search(text) is None)
    if text.isascii():
        ascii_hints = [m.span() for m in signals._PHONE_HINT_ASCII_RE.finditer(text)]
        assert ascii_hints == [m.span() for m in signals._PHONE_HINT_RE.finditer(text)]


@_EXAMPLES
@given(_TEXT)
def test_punctuation_fold_matches_translate(text: str) -> None:
    found = set(charmaps.PUNCT_RE.findall(text))
    assert unicode._fold_punct(text, found) == text.translate(charmaps.PUNCT_TABLE)


@_EXAMPLES
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_clean_is_lower_collapsed_without_controls(text: str) -> None:
    changes: set[str] = set()
    cleaned = pipeline._clean_ascii(text, changes)
    assert cleaned == " ".join(charmaps.C0_RE.sub("", text).lower().split())
    assert changes == ({"invisible"} if charmaps.C0_RE.search(text) else set())
