"""Language identification's fast paths agree with the plain loops they replaced (same answers)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.bench.corpus import comment_texts, sample_texts
from streams.lang import detect

_CHARS = "the and you of is it Ab zZ 09 !?'’ \t\n\x7f\x80éßıЖжΩω中かな한ا\u0301\U0001d4ef\ud800"
_WORDS = [*sorted(detect._ENGLISH_MARKERS)[:20], "THE", "You're", "die", "la", "el", "und", "der"]
_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(_CHARS), max_size=300),
    st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join),
)


def plain_plainly_english(text: str) -> bool:
    """``_plainly_english`` as it was: a generator over the words."""
    words = text[: detect.FAST_PREFIX_CHARS].lower().split()
    hits = sum(1 for w in words if w in detect._ENGLISH_MARKERS)
    return hits >= 2 and hits * 6 >= len(words)


def plain_script_counts(text: str) -> tuple[int, int, dict[str, int]]:
    """``_script_counts`` as it was: one Python step per character."""
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
        for lo, hi, lang in detect._SCRIPT_LANG:
            if lo <= o <= hi:
                by_lang[lang] = by_lang.get(lang, 0) + 1
                break
    return letters, latin, by_lang


def _check(text: str) -> None:
    assert detect._plainly_english(text) == plain_plainly_english(text)
    prefix = text[: detect.PREFIX_CHARS]
    assert detect._script_counts(prefix) == plain_script_counts(prefix)


def test_fast_paths_match_on_benchmark_and_sample_comments() -> None:
    texts = [*sample_texts(), *comment_texts(500, seed=3)]
    assert sum(detect._plainly_english(t) for t in texts) > len(texts) // 2  # the fast path is taken
    for text in texts:
        _check(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_fast_paths_match_on_random_text(text: str) -> None:
    _check(text)


def test_shared_english_answers_equal_fresh_ones() -> None:
    """``identify`` hands out two prebuilt answers; they are the values it built before, and frozen."""
    assert detect.identify("you are the best and this is great") == detect.Identified("en", "detected")
    assert detect.identify("12345 !!!") == detect.Identified("en", "default")
    assert detect.identify("ok") == detect.Identified("en", "default")
    with pytest.raises(dataclasses.FrozenInstanceError):
        detect.identify("ok").lang = "de"  # type: ignore[misc]
