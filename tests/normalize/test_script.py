"""Per-script normalisation: folding and leetspeak never damage other alphabets."""

from __future__ import annotations

import pytest

from streams.normalize import normalize
from streams.normalize.script import language_text, lower_for


@pytest.mark.parametrize(
    "text",
    [
        "Ты идиот, пошёл вон",  # Cyrillic, incl. ё
        "Είσαι ηλίθιος και μαλάκας",  # Greek with tonos
        "это 100% правда",  # digits beside Cyrillic are not leetspeak
        "Ελλάδα 3λληνας",
    ],
)
def test_english_path_keeps_cyrillic_and_greek_words(text: str) -> None:
    out = normalize(text).text
    assert out == text.lower()
    assert "confusables" not in normalize(text).changes


def test_english_path_still_folds_latin_in_disguise() -> None:
    # a Cyrillic look-alike inside a Latin word is the obfuscation the folding exists for
    assert normalize("you іdіot").text == "you idiot"  # Cyrillic і
    assert normalize("sh1t").text == "shit"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("IŞIK İstanbul ılık", "tr", "ışık istanbul ılık"),  # Turkish dotted / dotless i
        ("Siktir git orospu çocuğu", "tr", "siktir git orospu çocuğu"),
        ("Die Straße, SCHEISSE, Scheiße", "de", "die straße, scheisse, scheiße"),  # ß kept
        ("Você é um IDIOTA, não é?", "pt", "você é um idiota, não é?"),  # accents kept
        ("Ça va, élève", "fr", "ça va, élève"),
        ("Ты ИДИОТ", "ru", "ты идиот"),
        ("Είσαι ΗΛΊΘΙΟΣ", "el", "είσαι ηλίθιος"),
        ("İyi", "de", "iyi"),  # outside Turkish, İ is plain i (no combining dot)
    ],
)
def test_language_text_keeps_letters_as_written(text: str, lang: str, expected: str) -> None:
    assert language_text(text, lang) == expected


def test_language_text_cleans_invisibles_markup_links_and_handles() -> None:
    out = language_text("<b>Du</b> bist\u200b doof @Hans http://example.com/x ＡＢＣ", "de")
    assert out == "du bist doof @user xxurl abc"


def test_turkish_lower_case_differs_from_the_default() -> None:
    assert lower_for("I", "tr") == "ı" and lower_for("I", "de") == "i"
    assert lower_for("İ", "az") == "i" and lower_for("İ", "en") == "i"
