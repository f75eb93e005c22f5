"""Mojibake repair: GBK-misread UTF-8 (own code) and cp1252 (ftfy)."""

from __future__ import annotations

import unicodedata

import pytest

from streams.normalize import normalize
from streams.normalize.mojibake import fix_gbk, fix_mojibake


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("don鈥檛", "don’t"),
        ("鈥渜uoted鈥� text", "“quoted” text"),
        ("caf茅 au lait", "café au lait"),
        ("price 鈧�5", "price €5"),
    ],
)
def test_gbk_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert fix_gbk(broken) == fixed


@pytest.mark.parametrize("chinese", ["我的猫很可爱", "茅台酒很贵", "I love 猫 cats", "你好，世界"])
def test_genuine_chinese_is_kept(chinese: str) -> None:
    assert fix_gbk(chinese) == chinese
    assert normalize(chinese).text == unicodedata.normalize("NFKC", chinese).lower()
    assert "mojibake" not in normalize(chinese).changes


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [("donâ€™t", "don’t"), ("cafÃ©", "café"), ("Ã¼ber", "über")],
)
def test_cp1252_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert fix_mojibake(broken) == fixed


def test_normalize_reports_mojibake_and_folds_apostrophe() -> None:
    gbk = normalize("I don鈥檛 care")
    cp = normalize("I donâ€™t care")
    assert gbk.text == cp.text == "i don't care"
    assert "mojibake" in gbk.changes and "mojibake" in cp.changes


def test_plain_accented_text_is_not_mojibake() -> None:
    assert fix_mojibake("Ce n’était pas une mauvaise décision") == ("Ce n’était pas une mauvaise décision")


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        ("Tom &amp; Jerry", "tom & jerry"),
        ("&#8220;quoted&#8221;", '"quoted"'),
        ("i &lt;3 you &gt;_&lt;", "i <3 you >_<"),  # decoded tags are removed: test_markup.py
        ("&amp;amp;lt;", "<"),  # escaped more than once
    ],
)
def test_html_entities_are_decoded(escaped: str, plain: str) -> None:
    result = normalize(escaped)
    assert result.text == plain
    assert "mojibake" in result.changes


@pytest.mark.parametrize("kept", ["AT&T &not this", "R&D; ok", "fish & chips;", "&unknown;"])
def test_text_that_only_looks_like_entities_is_kept(kept: str) -> None:
    assert normalize(kept).text == kept.lower()


def test_repairs_into_another_script_are_rejected() -> None:
    # UTF-8 Chinese read as cp1252 would "repair" to CJK: too risky, left to NFKC only.
    assert not any("\u4e00" <= c <= "\u9fff" for c in normalize("ä½ å¥½").text)


def test_unrepairable_mojibake_leaves_no_replacement_character_glued_to_a_word() -> None:
    # "“idiot”…" as UTF-8 read as cp1252: the closing quote's byte 0x9d is undefined there
    broken = "you are an “idiot”…".encode().decode("cp1252", errors="replace")
    result = normalize(broken)
    assert "\ufffd" not in result.text
    assert "idiot" in result.text.replace('"', " ").split()
    assert "mojibake" in result.changes
