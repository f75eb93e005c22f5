"""HTML markup in comment bodies: tags removed, link targets kept, ordinary '<' text left alone."""

from __future__ import annotations

import pytest

from streams.normalize import normalize
from streams.normalize.markup import strip_markup


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("love it<br />so much", "love it so much"),
        ("You are <i>so</i> <B>dumb</B>", "you are so dumb"),
        ('<div class="forum-item"><p>Hope she wins.</p></div>', "hope she wins."),
        ("i <3 you", "i <3 you"),
        ("<-- this, and <joke> too", "<-- this, and <joke> too"),
        ("x < y > z", "x < y > z"),
    ],
)
def test_tags_are_removed_and_other_angle_brackets_kept(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_an_auto_link_gives_one_url() -> None:
    url = "https://www.youtube.com/watch?v=abc"
    result = normalize(f'Check out my channel<br /><a href="{url}">{url}</a>\ufeff')
    assert result.text == "check out my channel xxurl"
    assert result.urls == ("youtube.com/watch",)
    assert "markup" in result.changes


def test_a_link_behind_anchor_text_keeps_its_target() -> None:
    result = normalize("<a href='http://spam.biz/x'>click here</a> now")
    assert result.text == "xxurl click here now"
    assert result.urls == ("spam.biz/x",)


def test_plain_text_is_untouched() -> None:
    assert strip_markup("no tags here, 3 < 4") == ("no tags here, 3 < 4", False)


def test_escaped_tags_do_not_come_back_on_a_second_pass() -> None:
    once = normalize("&lt;b&gt;bold&lt;/b&gt; &lt;a href=x.com&gt;site&lt;/a&gt;").text
    assert normalize(once).text == once
    assert "<" not in once


def test_a_tag_split_by_another_tag_does_not_reassemble() -> None:
    once = normalize("<<b>a href=evil.com>x").text
    assert normalize(once).text == once


def test_unclosed_link_tags_take_bounded_time() -> None:
    text = '<a href="x.com">' * 20_000
    assert normalize(text).text.count("xxurl") >= 1
