"""Robustness: never raises, idempotent, bounded time on huge / pathological input."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from streams.normalize import CHANGE_KINDS, normalize
from streams.normalize.pipeline import _normalize

# Characters the pipeline treats specially, so generated text hits every branch.
_SPECIAL = (
    "aeiostxyz013457@$!|*#.-_/:() []{}<>?,'\"%£€$ \n\t\u200b\u00ad\u202eаеорсхιονᴀ𝓯ｆ"
    "鈥檛渜茅锟â€™Ã©ç©dotcomwwwhttpkgrand"
)
_WORDS = [
    "f*ck",
    "sh1t",
    "a$$",
    "s h i t",
    "f.u.c.k",
    "site dot com",
    "www.x.com",
    "$500",
    "555-123-4567",
    "sooooo",
    "don鈥檛",
    "donâ€™t",
    "𝓯𝓾𝓬𝓴",
    "fuсk",
    "b!tch",
    "@ss",
    "h t t p",
    "x@y.com",
    "5k a month",
    "!!!!",
    "...",
    "a",
    "i",
    "u",
    " ",
    "  ",
    "dot",
    "com",
    "(dot)",
    "[.]",
    "xxurl",
    "2024",
    "100%",
    "Привет",
    "我的猫",
    "gmail",
    " at ",
    "€5",
    "k",
    "*",
    "#",
]
_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(_SPECIAL)),
    st.lists(st.sampled_from(_WORDS)).map("".join),
    st.lists(st.sampled_from(_WORDS)).map(" ".join),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text)
@example("f**k f*ck fuuuuck s h i t site dot com $500 555-123-4567")
def test_never_raises_and_is_idempotent(text: str) -> None:
    first = _normalize(text)  # the unguarded pipeline: must not raise by itself
    assert first.original == text
    assert first.changes <= CHANGE_KINDS
    assert first.text == first.text.strip() and "  " not in first.text
    second = _normalize(first.text)
    assert second.text == first.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_unicode_counts_are_consistent(text: str) -> None:
    result = normalize(text)
    assert result.n_money >= 0 and result.n_phone >= 0
    assert result.text.split().count("xxmoney") >= result.n_money - text.lower().count("xxmoney")
    assert all(url and url == url.lower() for url in result.urls)


def _random_text(n: int, seed: int) -> str:
    rng = random.Random(seed)
    alphabet = _SPECIAL + "bcdfghjklmnpqrvw"
    return "".join(rng.choice(alphabet) for _ in range(n))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(_random_text(1_000_000, 1), id="random-1mb"),
        pytest.param("a" * 1_000_000, id="a-run"),
        pytest.param("f*" * 500_000, id="f-star"),
        pytest.param("a " * 500_000, id="single-letters"),
        pytest.param("a." * 500_000, id="dotted-letters"),
        pytest.param("1" * 1_000_000, id="digits"),
        pytest.param("a1" * 500_000, id="leet-run"),
        pytest.param("a dot " * 160_000, id="dot-chain"),
        pytest.param("x.co." * 200_000, id="label-chain"),
        pytest.param("1 2 3 " * 160_000, id="digit-groups"),
        pytest.param("a@" * 500_000, id="at-run"),
        pytest.param("ааааoooo" * 125_000, id="mixed-script-run"),
        pytest.param("鈥檛" * 500_000, id="gbk-run"),
        pytest.param("$1," * 330_000, id="money-run"),
    ],
)
def test_huge_inputs_complete(text: str) -> None:
    result = normalize(text)
    assert result.original is text
