"""Legitimate text passes through unchanged apart from case and whitespace."""

from __future__ import annotations

import pytest

from streams.normalize import CHANGE_KINDS, NormalizedText, normalize

LEGIT = [
    "Damn well said!",
    "I am a proud gay Muslim woman",
    "class of 2024",
    "Scunthorpe",
    "assessment",
    "cocktail",
    "I'll call you at 5",
    "Shiitake",
    "therapist",
    "Hello, it's 3pm and I'm at the cafe.",
    "My grandmother turned 100 today!",
    "Sussex and Essex are counties; the Dickens novel was a classic.",
    "The analyst said shell shocked passengers assumed the worst.",
    "Pass the cocktail sauce, it's 50% off at the shop.",
    "I'm 6'2\" and 200 lbs, born in 1990.",
    "We need to address this: it matters a lot to us.",
    "Is this an A+ or a B- paper?",
    "The Titanic sank in 1912; its hull was steel.",
    "He's a good guy. I said so!",
    "Top 10 reasons why my kid loves math",
]


@pytest.mark.parametrize("text", LEGIT)
def test_legit_text_only_changes_case_and_whitespace(text: str) -> None:
    result = normalize(f"  {text}\n")
    assert result.text == " ".join(text.lower().split())
    assert result.changes == frozenset()
    assert (result.urls, result.n_money, result.n_phone) == ((), 0, 0)


def test_urls_in_legit_comments_are_detected() -> None:
    result = normalize("Great article, the full report is at https://www.bbc.co.uk/news/123 btw")
    assert result.urls == ("bbc.co.uk/news/123",)
    assert result.text == "great article, the full report is at xxurl btw"


def test_result_keeps_original_and_is_frozen() -> None:
    text = "Ｈｅｌｌｏ   WORLD"
    result = normalize(text)
    assert isinstance(result, NormalizedText)
    assert result.original == text
    assert result.text == "hello world"
    with pytest.raises(AttributeError):
        result.text = "x"  # type: ignore[misc]


def test_changes_are_a_subset_of_the_documented_kinds() -> None:
    result = normalize("Y0u f*ck1ng 𝓲𝓭𝓲𝓸𝓽 visit site dot com $500 555-123-4567 sooooo\u200b")
    assert result.changes <= CHANGE_KINDS
    assert len(result.changes) >= 6
