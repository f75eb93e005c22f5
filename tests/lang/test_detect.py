"""Language identification: the event's tag wins, CLD2 otherwise, English when there is too little."""

from __future__ import annotations

import pytest

from streams.lang import identify, primary_subtag
from streams.normalize import normalize


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("vete a la mierda, hijo de puta", "es"),
        ("Du bist ein dummes Arschloch", "de"),
        ("Ta gueule, connard", "fr"),
        ("Sei un coglione, vaffanculo", "it"),
        ("Siktir git orospu çocuğu", "tr"),
        ("Você é um idiota e não sabe o que diz", "pt"),
        ("Ты идиот, пошёл вон", "ru"),
        ("Είσαι ηλίθιος", "el"),
        ("你是个白痴", "zh"),
        ("너는 바보야", "ko"),
        ("انت غبي جدا", "ar"),
    ],
)
def test_other_languages_are_detected(text: str, lang: str) -> None:
    found = identify(text)
    assert (found.lang, found.source) == (lang, "detected")


@pytest.mark.parametrize(
    "text",
    [
        "I think the council made the right call on the new bike lanes.",
        "You are an idiot and your article is garbage.",
        "What a great piece, thanks for writing it",
    ],
)
def test_english_is_detected(text: str) -> None:
    assert identify(text).lang == "en"


@pytest.mark.parametrize("text", ["lol", "ok!!", "", "12345 678", "😀😀😀", "merci"])
def test_too_little_latin_text_is_scored_as_english(text: str) -> None:
    found = identify(text)
    assert (found.lang, found.source) == ("en", "default")


def test_a_foreign_script_is_never_assumed_english() -> None:
    # CLD2 cannot place three Cyrillic letters; the script says it is not English
    assert identify("ЖЖЖ").lang != "en"


def test_the_events_tag_wins_and_is_reduced_to_its_primary_subtag() -> None:
    assert (identify("you idiot", "pt-BR").lang, identify("you idiot", "pt-BR").source) == ("pt", "given")
    assert identify("Du bist ein dummes Arschloch", "und").source == "detected"
    assert [primary_subtag(t) for t in ("de_AT", "ZH-Hant-TW", "iw", "", None, "x", "und", "12")] == [
        "de", "zh", "he", None, None, None, None, None,
    ]


def test_lone_surrogates_do_not_break_detection() -> None:
    assert identify("Das ist wirklich \ud800 eine ganz schlechte Idee").lang == "de"


def test_normalize_reports_the_language() -> None:
    norm = normalize("Du bist ein dummes Arschloch")
    assert (norm.lang, norm.lang_source) == ("de", "detected")
    assert normalize("anything at all", lang="tr").lang == "tr"
