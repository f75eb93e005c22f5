"""URLs, e-mails, money and phone numbers."""

from __future__ import annotations

import pytest

from streams.normalize import normalize


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("apply http://SomeJobsReport/easy/jobs?x=1 today", "somejobsreport/easy/jobs"),
        ("see www.x.com.", "x.com"),
        ("bit.ly/abc!", "bit.ly/abc"),
        ("HTTPS://Example.ORG/Path/#frag", "example.org/path"),
        ("go to site dot com now", "site.com"),
        ("go to site[.]com now", "site.com"),
        ("go to site (dot) com now", "site.com"),
        ("go to site . com now", "site.com"),
        ("h t t p : / / cheap-pills . net/buy", "cheap-pills.net/buy"),
        ("hxxp://evil.ru/x", "evil.ru/x"),
        ("www dot spam dot xyz", "spam.xyz"),
    ],
)
def test_urls_are_detected_and_replaced(text: str, url: str) -> None:
    result = normalize(text)
    assert result.urls == (url,)
    assert "xxurl" in result.text.split()
    assert "url" in result.changes


def test_url_placeholder_keeps_surrounding_punctuation() -> None:
    result = normalize("Read this (example.com/a), it's good.")
    assert result.text == "read this ( xxurl ), it's good."


@pytest.mark.parametrize(
    "kept", ["i agree.it was fine", "readme.md", "the dot com bubble", "version 1.2.3", "e.g. this"]
)
def test_non_urls_are_not_replaced(kept: str) -> None:
    result = normalize(kept)
    assert result.urls == ()
    assert result.text == kept


@pytest.mark.parametrize("text", ["mail john.doe@example.com", "mail john(at)gmail.com", "john at gmail dot com"])
def test_emails_are_replaced(text: str) -> None:
    result = normalize(text)
    assert "xxemail" in result.text.split()
    assert "@" not in result.text and "gmail" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "earn $500 today",
        "500 dollars",
        "£1,000/week",
        "5k a month",
        "$5k/month",
        "usd 300",
        "300$ now",
        "€20 per hour",
        "10 bucks",
    ],
)
def test_money_is_replaced(text: str) -> None:
    result = normalize(text)
    assert result.n_money == 1
    assert "xxmoney" in result.text.split()
    assert "money" in result.changes


def test_money_count_counts_each_mention() -> None:
    assert normalize("pay $5 now and $10 later, 20 dollars total").n_money == 3


@pytest.mark.parametrize(
    "text",
    [
        "call 555-123-4567",
        "(555) 123-4567",
        "+44 20 7946 0958",
        "07700 900123",
        "+1 (555) 123 4567",
        "555.123.4567",
        "text 1234567890",
    ],
)
def test_phone_numbers_are_replaced(text: str) -> None:
    result = normalize(text)
    assert result.n_phone == 1
    assert "xxphone" in result.text.split()


@pytest.mark.parametrize(
    "kept",
    [
        "class of 2024",
        "i'll call you at 5",
        "100% sure",
        "from 2019-2024",
        "on 12/25/2024",
        "pi is 3.14159",
        "adding 300 more homes",
        "1,000,000 people",
        "1000000000 views.",
        "now 2100000000 views",
    ],
)
def test_ordinary_numbers_are_not_money_or_phone(kept: str) -> None:
    result = normalize(kept)
    assert (result.n_money, result.n_phone) == (0, 0)
    assert result.text == kept


def test_spam_comment_end_to_end() -> None:
    result = normalize("Earn $500/day from home!!! Visit www.EasyJobs.xyz/start or call +1 555-123-4567")
    assert result.text == "earn xxmoney xxrate from home!! visit xxurl or call xxphone"
    assert result.urls == ("easyjobs.xyz/start",)
    assert (result.n_money, result.n_phone) == (1, 1)
    assert {"money", "url", "phone", "stretch"} <= result.changes
