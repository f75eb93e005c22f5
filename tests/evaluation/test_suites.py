"""Suite generation: deterministic, sized, and obfuscations really change the text."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

import pytest

from streams.evaluation.suites import SUITES
from streams.evaluation.suites.evasion import PLAIN, base_sentences
from streams.evaluation.suites.evasion import generate as evasion
from streams.evaluation.suites.obfuscate import OBFUSCATIONS, ZERO_WIDTH, plain, typographic

MARKED = "you are a [stupid] [idiot], i'll [kill] you"


@pytest.mark.parametrize("name", list(SUITES))
def test_generation_is_deterministic(name: str) -> None:
    assert SUITES[name](None) == SUITES[name](None)
    assert SUITES[name](60) == SUITES[name](60)


@pytest.mark.parametrize("name", list(SUITES))
def test_suites_have_hundreds_of_distinct_rows(name: str) -> None:
    rows = SUITES[name](None)
    assert len(rows) >= 190
    assert len({r.text for r in rows}) == len(rows)
    assert {r.suite for r in rows} == {name}


@pytest.mark.parametrize("name", list(SUITES))
@pytest.mark.parametrize("limit", [1, 25, 100])
def test_limit_caps_rows(name: str, limit: int) -> None:
    rows = SUITES[name](limit)
    full = SUITES[name](None)
    assert 1 <= len(rows) <= max(limit, 1 + len(OBFUSCATIONS))
    assert set(rows) <= set(full)


def test_evasion_pairs_every_plain_sentence_with_every_obfuscation() -> None:
    rows = evasion()
    counts = Counter(r.kind for r in rows)
    assert counts[PLAIN] == len(base_sentences())
    assert set(counts) == {PLAIN, *OBFUSCATIONS}
    assert len(set(counts.values())) == 1
    assert all(r.harmful for r in rows)


def test_every_obfuscated_variant_differs_from_its_plain_form() -> None:
    by_group: dict[str, dict[str, str]] = defaultdict(dict)
    for r in evasion():
        by_group[r.group][r.kind] = r.text
    for variants in by_group.values():
        base = variants[PLAIN]
        assert "[" not in base
        for kind in OBFUSCATIONS:
            assert variants[kind] != base, (kind, base)


def test_evasion_limit_keeps_plain_and_obfuscated_paired() -> None:
    rows = evasion(45)
    counts = Counter(r.kind for r in rows)
    assert counts[PLAIN] >= 1
    assert len(set(counts.values())) == 1


def test_word_level_obfuscations_leave_the_rest_of_the_sentence() -> None:
    for kind in ("mask", "leet", "spacing", "stretch", "zero_width", "cyrillic"):
        out = OBFUSCATIONS[kind](MARKED, 0)
        assert out.startswith("you are a "), kind
        assert out.endswith(" you"), kind
        assert "idiot" not in out, kind


def test_obfuscations_use_the_characters_they_claim() -> None:
    assert "*" in OBFUSCATIONS["mask"](MARKED, 0)
    assert any(ch.isdigit() for ch in OBFUSCATIONS["leet"](MARKED, 0))
    assert "i d i o t" in OBFUSCATIONS["spacing"](MARKED, 0)
    assert any(zw in OBFUSCATIONS["zero_width"](MARKED, 1) for zw in ZERO_WIDTH)
    cyr = OBFUSCATIONS["cyrillic"](MARKED, 0)
    assert any("CYRILLIC" in unicodedata.name(ch, "") for ch in cyr)
    for seed in range(5):
        fancy = OBFUSCATIONS["fancy_unicode"](MARKED, seed)
        assert not any("a" <= ch <= "z" for ch in fancy)
        assert unicodedata.normalize("NFKC", fancy) == plain(MARKED)


def test_mojibake_is_the_wrong_codec_applied_to_typographic_text() -> None:
    typo = typographic(MARKED)
    cp = OBFUSCATIONS["mojibake_cp1252"](MARKED, 0)
    assert "â€" in cp
    assert cp.encode("cp1252", errors="replace") != typo.encode("utf-8")  # lossy: U+FFFD stand-ins
    gbk = OBFUSCATIONS["mojibake_gbk"](MARKED, 0)
    assert gbk != typo and not gbk.isascii()


def test_spam_suite_has_both_classes_and_links_in_both() -> None:
    rows = SUITES["spam_campaigns"](None)
    spam = [r for r in rows if r.harmful]
    legit = [r for r in rows if not r.harmful]
    assert len(spam) >= 100 and len(legit) >= 100
    assert {r.kind for r in spam} == {"spam"} and {r.kind for r in legit} == {"legit"}
    assert sum("." in r.text or " dot " in r.text for r in legit) == len(legit)


def test_benign_suites_are_not_harmful() -> None:
    for name in ("identity", "approving_profanity", "heated_opinion", "counter_speech"):
        assert not any(r.harmful for r in SUITES[name](None)), name
