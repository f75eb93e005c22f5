"""Fingerprints: abstraction, determinism across processes, LSH band keys of near-duplicates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.intel import IntelSettings, abstract, fingerprinter, similarity
from tests.intel.helpers import CAMPAIGN, ORDINARY

_ROOT = Path(__file__).resolve().parents[2]
_DEFAULTS = IntelSettings()
_FP = fingerprinter(
    _DEFAULTS.campaign_bands, _DEFAULTS.campaign_rows, _DEFAULTS.campaign_shingle_chars, _DEFAULTS.campaign_signature
)
_TEXT = "Hi Anna, earn $500 a day at https://cash.example.com/x?id=9 or call 555-0100, ask @joe"


def test_abstract_replaces_urls_numbers_mentions_and_names() -> None:
    out = abstract(_TEXT + " Regards, Maria Lopez", names=["Maria Lopez"])
    assert "cash" not in out and "500" not in out and "joe" not in out
    assert "anna" not in out and "maria" not in out and "lopez" not in out
    assert out.startswith("hi xname earn xnum a day at xurl or call xnum ask xname")


def test_fingerprint_is_stable_across_processes() -> None:
    here = _FP.fingerprint(_TEXT).band_keys("default")
    config = f"{_FP.bands}, {_FP.rows}, 5, {_DEFAULTS.campaign_signature}"
    code = (
        "from streams.intel import fingerprinter;"
        f"print(','.join(fingerprinter({config}).fingerprint({_TEXT!r}).band_keys('default')))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(_ROOT)},
            cwd=_ROOT,
        )
        assert out.stdout.strip().split(",") == here


def test_variants_are_similar_and_unrelated_texts_are_not() -> None:
    prints = [_FP.fingerprint(t.format(url=f"https://s{i}.example.com")) for i, t in enumerate(CAMPAIGN)]
    first = prints[0].hex()
    assert all(similarity(first, p.hex()) >= _DEFAULTS.campaign_similarity for p in prints[1:])
    ordinary = [_FP.fingerprint(t).hex() for t in ORDINARY]
    assert all(similarity(first, o) < 0.3 for o in ordinary)
    assert all(set(prints[0].band_keys()) & set(p.band_keys()) for p in prints[1:])


_words = st.lists(
    st.sampled_from([
        "money", "home", "work", "trick", "simple", "visit", "start", "today", "offer", "free",
        "cash", "now",
    ]),
    min_size=6,
    max_size=30,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    words=_words,
    url=st.from_regex(r"https://[a-z]{3,10}\.(com|net|io)/[a-z0-9]{0,8}", fullmatch=True),
    amount=st.integers(min_value=0, max_value=10**6),
    name=st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True),
)
def test_copies_differing_in_urls_numbers_and_names_share_every_band_key(
    words: list[str], url: str, amount: int, name: str
) -> None:
    body = " ".join(words)
    a = _FP.fingerprint(f"Hi Sam, {body} ${amount + 1} at https://a.example.com/q", names=["Sam"])
    b = _FP.fingerprint(f"Hi {name}, {body} ${amount} at {url}", names=[name])
    assert a == _FP.fingerprint(f"Hi Sam, {body} ${amount + 1} at https://a.example.com/q", names=["Sam"])
    assert a.band_keys("t") == b.band_keys("t")


_LONG = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
    "juliet", "kilo", "lima", "mike",
]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(words=st.lists(st.sampled_from(_LONG), min_size=25, max_size=40), extra=st.sampled_from(_LONG))
def test_a_one_word_edit_of_a_long_copy_shares_a_band_key(words: list[str], extra: str) -> None:
    text = " ".join(words)
    edited = " ".join([*words[: len(words) // 2], extra, *words[len(words) // 2 :]])
    a, b = _FP.fingerprint(text), _FP.fingerprint(edited)
    assert set(a.band_keys()) & set(b.band_keys())
