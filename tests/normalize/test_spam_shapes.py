"""Spam shape words: decorative symbol runs, pay rates and link shapes."""

from __future__ import annotations

import pytest

from streams.normalize import normalize
from streams.normalize.mojibake import fix_gbk


def _gbk(text: str) -> str:
    """UTF-8 text as it arrives when read as GBK."""
    return text.encode("utf-8").decode("gbk", errors="replace")


@pytest.mark.parametrize("deco", ["✥✥✥✥✥✥", "➤➤➤", "★☆★", "▶ ▶ ▶", "✔✔"])
def test_decorative_runs_become_one_word(deco: str) -> None:
    result = normalize(f"{deco} www.netjob1.com")
    assert result.text == "xxdeco xxurl xxurlroot"
    assert "decoration" in result.changes


@pytest.mark.parametrize("deco", ["✥✥✥✥✥✥", "➤➤➤", "■■■"])
def test_decoration_arriving_as_gbk_mojibake_is_repaired(deco: str) -> None:
    broken = _gbk(f"Heres what I do {deco} ")
    assert broken != f"Heres what I do {deco} "
    result = normalize(broken)
    assert result.text == "heres what i do xxdeco"
    assert {"mojibake", "decoration"} <= result.changes


@pytest.mark.parametrize("text", ["I ❤❤ this song", "done ✔", "25°C and sunny ☀", "🔥🔥 great goal"])
def test_hearts_single_symbols_and_emoji_are_kept(text: str) -> None:
    assert "xxdeco" not in normalize(text).text


@pytest.mark.parametrize("text", ["我的猫很可爱", "モデルです", "ありがとう"])
def test_genuine_cjk_and_kana_text_is_not_repaired(text: str) -> None:
    assert fix_gbk(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I get paid $90 per hour", "i get paid xxmoney xxrate"),
        ("10k a month from home", "xxmoney xxrate from home"),
        ("300 dollars weekly", "xxmoney xxrate"),
        ("the stadium costs $500 million", "the stadium costs xxmoney"),
    ],
)
def test_money_rates_carry_a_rate_word(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source: bbc.co.uk/news/housing-vote", "source: xxurl"),
        ("go to www.NetJob1.com now", "go to xxurl xxurlroot now"),
        ("bit.ly/3xYz", "xxurl xxurlshort"),
        ("cashfromhome dot com", "xxurl xxurlroot"),
        ("pic: http://t.co/QdldmWBwXJ", "pic: xxurl xxurlwrap"),
        ("https://lnkd.in/eXb2Q", "xxurl xxurlwrap"),
    ],
)
def test_link_shapes(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize("text", ["check this http://t.co/AbC123", "RT video: http://t…", "draft http://t.c…"])
def test_a_platform_link_wrapper_is_not_a_shortener(text: str) -> None:
    """Twitter wraps every link in t.co (and a retweet may cut it to `http://t…`): that says nothing
    about the poster, so it gets its own shape word, not the shortener's."""
    words = normalize(text).text.split()
    assert "xxurlwrap" in words
    assert "xxurlshort" not in words
    assert "xxurlroot" not in words


@pytest.mark.parametrize("text", ["bit.ly/3xYz", "https://tinyurl.com/abc", "https://t.ly/x", "go to ow.ly/a"])
def test_a_chosen_shortener_stays_a_shortener(text: str) -> None:
    words = normalize(text).text.split()
    assert "xxurlshort" in words
    assert "xxurlwrap" not in words


def test_wrapped_and_shortened_links_in_one_comment() -> None:
    result = normalize("https://t.co/x and https://bit.ly/y")
    assert result.text == "xxurl xxurlwrap and xxurl xxurlshort"
    assert result.urls == ("t.co/x", "bit.ly/y")


@pytest.mark.parametrize(
    "text", ["✥✥✥ earn $90/hr at www.x.com", _gbk("➤➤➤ bit.ly/abc"), "xxdeco xxurl xxurlroot xxrate"]
)
def test_shape_words_are_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once
