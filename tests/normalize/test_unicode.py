"""NFKC, look-alike folding, accents, invisible characters."""

from __future__ import annotations

import pytest

from streams.normalize import normalize


@pytest.mark.parametrize(
    "fancy",
    ["𝓯𝓾𝓬𝓴", "𝐟𝐮𝐜𝐤", "ｆｕｃｋ", "ⓕⓤⓒⓚ", "ꜰᴜᴄᴋ", "🅵🆄🅲🅺", "𝔣𝔲𝔠𝔨", "FUCK", "fück"],
)
def test_fancy_letters_fold_to_ascii(fancy: str) -> None:
    assert normalize(fancy).text == "fuck"


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("fuсk", "fuck"),  # Cyrillic es
        ("іdіоt", "idiot"),  # Cyrillic i, o
        ("ιdιοt", "idiot"),  # Greek iota, omicron
        ("you are а сор", "you are a cop"),  # whole look-alike words in Latin text
        ("Тhе СЕО", "the ceo"),
        ("рussу", "pussy"),
    ],
)
def test_script_lookalikes_in_latin_text_fold(disguised: str, plain: str) -> None:
    result = normalize(disguised)
    assert result.text == plain
    assert "confusables" in result.changes


@pytest.mark.parametrize(
    "foreign",
    ["Привет, как дела? Всё хорошо.", "сор в избе", "Καλημέρα κόσμε", "我的猫很可爱", "مرحبا بالعالم"],
)
def test_genuine_foreign_text_is_kept(foreign: str) -> None:
    result = normalize(foreign)
    assert result.text == foreign.lower()
    assert "confusables" not in result.changes


@pytest.mark.parametrize(
    ("accented", "plain"),
    [("café naïve résumé", "cafe naive resume"), ("Straße", "strasse"), ("z̸a̵l̷g̶o̷", "zalgo")],
)
def test_accents_and_marks_are_stripped_from_latin_words(accented: str, plain: str) -> None:
    assert normalize(accented).text == plain


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\x00", "\x1b", "\x8d"],
)
def test_invisible_characters_are_removed_inside_words(invisible: str) -> None:
    result = normalize(f"f{invisible}u{invisible}c{invisible}k you")
    assert result.text == "fuck you"
    assert "invisible" in result.changes


def test_tabs_and_newlines_become_single_spaces() -> None:
    assert normalize("  hello\n\n\tworld \r\n ").text == "hello world"


def test_typographic_punctuation_folds_to_ascii() -> None:
    assert normalize("“It’s fine” — she said").text == '"it\'s fine" - she said'
