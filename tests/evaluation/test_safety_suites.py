"""The news-spam, clean money/jobs/links, threat, everyday-word and identity suites."""

from __future__ import annotations

from collections import Counter

from streams.evaluation.suites import SUITES
from streams.evaluation.suites.news_spam import FAMILIES
from streams.normalize import normalize


def test_news_spam_covers_every_family_and_every_row_is_spam() -> None:
    rows = SUITES["news_spam"](None)
    counts = Counter(r.kind for r in rows)
    assert set(counts) == set(FAMILIES)
    assert min(counts.values()) >= 30
    assert all(r.harmful for r in rows)


def test_some_pay_rate_rows_arrive_as_gbk_mojibake_and_normalise_to_decoration() -> None:
    pay = [r.text for r in SUITES["news_spam"](None) if r.kind == "pay_rate"]
    broken = [t for t in pay if "鉁" in t or "鈻" in t or "鈽" in t]
    assert len(broken) >= 10
    assert all("xxdeco" in normalize(t).text for t in broken)


def test_clean_money_suite_is_all_clean_and_mentions_money_or_links() -> None:
    rows = SUITES["money_jobs_links"](None)
    assert not any(r.harmful for r in rows)
    shaped = [normalize(r.text) for r in rows]
    assert sum(bool(n.n_money or n.urls or n.n_phone) for n in shaped) >= len(rows) // 2


def test_threat_suite_has_direct_veiled_and_harmless_controls() -> None:
    rows = SUITES["threats"](None)
    kinds = {r.kind: r.harmful for r in rows}
    assert kinds == {"direct": True, "veiled": True, "figurative": False}
    texts = {r.text for r in rows}
    assert {"I know where you live.", "Watch your back.", "Someone should put a bullet in him."} <= texts


def test_identity_suite_has_lone_words_and_neutral_statements() -> None:
    rows = SUITES["identity"](None)
    by_kind: dict[str, set[str]] = {}
    for r in rows:
        by_kind.setdefault(r.kind, set()).add(r.text)
    assert {"gay", "Muslims"} <= by_kind["lone_word"]
    assert {"Islam is a religion.", "Black people deserve equal pay."} <= by_kind["neutral"]
    assert not any(r.harmful for r in rows)


def test_everyday_words_are_never_harmful() -> None:
    rows = SUITES["everyday_words"](None)
    assert {r.kind for r in rows} == {"sexy", "rude_person", "plain"}
    assert not any(r.harmful for r in rows)
