"""Fast paths agree with the plain definitions they stand for (the model needs identical output)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.bench.corpus import comment_texts
from streams.normalize import charmaps, obfuscation, pipeline, signals, unicode, urls

# Characters around the edge cases: digits (ASCII and not), whitespace, astral and surrogate
# code points (UTF-32 lanes), mask / leet / separator symbols, typographic punctuation, marks.
_CHARS = (
    "abfhiknpqstuvy0123456789٣ \t\n\x1c\u3000\xa0.-_*#%@$!|+(<'é𝓯\U00010000\U00010100\x00\u0100"
    "\ud800\udfff’“–\u0301\u20d0"
)
_WORDS = [
    *("f-ck", "sh_t", "well-known", "--f*ck--", "u.s.a", "x-y-z", "c@nt", "bi+ch", "fu(k", "s h i t"),
    *("fvck", "fcuk", "fkn", "fuq", "phuck", "phvck", "shyt", "shiit", "shiyt", "biatch", "biyatch", "bytch", "niqqa"),
]
_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(_CHARS), max_size=40),
    st.lists(st.tuples(st.sampled_from(_CHARS), st.integers(1, 5)), max_size=12).map(
        lambda runs: "".join(char * n for char, n in runs)
    ),
    st.lists(st.sampled_from(_WORDS + list(_CHARS)), max_size=12).map(" ".join),
)
_EXAMPLES = settings(max_examples=400, deadline=None)


def _check_split_hints(text: str) -> None:
    """Hint patterns split by first character find what the combined pattern finds."""
    variant = re.search(r"fv|fc|fk|fu[kq]|ph[uv]|shy|shi[iy]|bia|biy|byt|qq", text) is not None
    assert obfuscation._may_hold_variant(text) == variant
    dotted = obfuscation._DOTTED_HINT_RE.search(text) or obfuscation._DASHED_HINT_RE.search(text)
    assert (dotted is not None) == (re.search(r"[.\-][a-z][.\-]", text) is not None)


def _check_symbol_first(text: str) -> None:
    """Patterns led by their symbol (lookbehind after it) find the same hits."""
    mask = r"[*#%]+|(?<=[a-z])@+(?=[a-z])|(?<=[a-z])[_-](?=[a-z])"
    assert [m.span() for m in obfuscation._MASK_HIT_RE.finditer(text)] == [m.span() for m in re.finditer(mask, text)]
    symbol = r"(?<=[a-z0-9@$!|])[+(<]"
    found = [m.span() for m in obfuscation._LEET_SYMBOL_HIT_RE.finditer(text)]
    assert found == [m.span() for m in re.finditer(symbol, text)]


def _masked_by_word_scan(text: str) -> bool:
    """`_may_be_masked` as a plain scan over every word."""
    if any(c in text for c in "*#%@"):
        return True
    for word in text.split():
        if "-" in word or "_" in word:
            core = word.strip(obfuscation._WORD_EDGES)
            if core[:1].isalpha() and obfuscation._same_shape(core.translate(obfuscation._MASK_HIDDEN)):
                return True
    return False


def _check_mask_gate(text: str) -> None:
    assert obfuscation._may_be_masked(text) == _masked_by_word_scan(text)


@pytest.mark.parametrize("word", _WORDS)
def test_gates_on_obfuscated_words(word: str) -> None:
    for text in (word, f"a {word}!", f"{word}{word}", word.replace("-", "_")):
        _check_split_hints(text)
        _check_symbol_first(text)
        _check_mask_gate(text)


@_EXAMPLES
@given(_TEXT)
def test_gates_on_random_text(text: str) -> None:
    _check_split_hints(text)
    _check_symbol_first(text)
    _check_mask_gate(text)


@_EXAMPLES
@given(_TEXT)
def test_runs_are_the_run_regex_matches(text: str) -> None:
    expected = [m.span() for m in re.finditer(r"([^\d\s])\1\1+", text)]
    assert obfuscation._runs(text) == expected


@_EXAMPLES
@given(_TEXT)
def test_character_gates_match_their_classes(text: str) -> None:
    assert charmaps.has_surrogate(text) == (charmaps.SURROGATE_RE.search(text) is not None)
    assert signals._has_digit(text) == (re.search(r"\d", text) is not None)
    assert obfuscation._has_leet_char(text) == (re.search(r"[01345789@$|!]", text) is not None)
    assert (unicode._MARK_RE.search(text) is None) == (unicode._MARKS_RE.search(text) is None)
    if text.isascii():
        ascii_hints = [m.span() for m in signals._PHONE_HINT_ASCII_RE.finditer(text)]
        assert ascii_hints == [m.span() for m in signals._PHONE_HINT_RE.finditer(text)]
        ascii_context = [m.span() for m in signals._NUMBER_CONTEXT_ASCII_RE.finditer(text)]
        assert ascii_context == [m.span() for m in signals._NUMBER_CONTEXT_RE.finditer(text)]


@_EXAMPLES
@given(_TEXT)
def test_punctuation_fold_matches_translate(text: str) -> None:
    found = set(charmaps.PUNCT_RE.findall(text))
    assert unicode._fold_punct(text, found) == text.translate(charmaps.PUNCT_TABLE)


@_EXAMPLES
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_clean_is_lower_collapsed_without_controls(text: str) -> None:
    changes: set[str] = set()
    cleaned = pipeline._clean_ascii(text, changes)
    assert cleaned == " ".join(charmaps.C0_RE.sub("", text).lower().split())
    assert changes == ({"invisible"} if charmaps.C0_RE.search(text) else set())


# --- top-level domains: the prefix-factored alternation finds what the flat list finds ------------

_URL_PATTERNS = ("_OBF_DOT_RE", "_SEP_TLD_RE", "_BARE_URL_RE", "_TLD_HINT_RE")
_URL_PIECES = [
    *urls._TLDS, *(t[:-1] for t in urls._TLDS if len(t) > 1), *(t + "x" for t in urls._TLDS[:20]),
    ".", ". ", " dot ", "[.]", "(dot)", "www.", "http://", "/", "-", "a", "site", "x1", " ", ":80", "/path",
]  # fmt: skip


def _check_tld_patterns(text: str) -> None:
    for name in _URL_PATTERNS:
        fast: re.Pattern[str] = getattr(urls, name)
        flat = re.compile(fast.pattern.replace(urls._TLD, urls._TLD_FLAT))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in flat.finditer(text)], name
        for start in range(min(len(text), 40)):
            a, b = fast.match(text, start), flat.match(text, start)
            assert (a and a.span()) == (b and b.span()), name


def _check_tld_hint_lookahead(text: str) -> None:
    """The "." + letter lookahead before the domains changes no hint (every domain starts with a letter)."""
    plain = re.compile(rf"\.{urls._TLD}(?![a-z0-9-])")
    assert [m.span() for m in urls._TLD_HINT_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_tld_hint_lookahead_on_the_bench_corpus() -> None:
    assert all(domain[0].isascii() and domain[0].isalpha() for domain in urls._TLDS)
    for text in comment_texts(1500, seed=13):
        _check_tld_hint_lookahead(" ".join(text.lower().split()))


def test_tld_trie_matches_exactly_the_domains() -> None:
    whole = re.compile(f"{urls._TLD}\\Z")
    assert all(whole.match(tld) for tld in urls._TLDS)
    assert urls._TLD != urls._TLD_FLAT and urls._TLD in urls._TLD_HINT_RE.pattern
    for tld in urls._TLDS:
        for text in (f"x.{tld}", f"site.{tld}/a b", f"a.b.{tld}x .{tld}-", f"w dot {tld} [.]{tld}", f".{tld[:-1]}"):
            _check_tld_patterns(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_URL_PIECES), max_size=10).map("".join))
def test_tld_trie_on_random_link_text(text: str) -> None:
    _check_tld_patterns(text)
    _check_tld_hint_lookahead(text)


def test_contacts_on_the_bench_corpus_with_the_flat_list(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [" ".join(t.lower().split()) for t in comment_texts(1500, seed=3)]
    fast = [urls.replace_contacts(t) for t in texts]
    for name in _URL_PATTERNS:
        pattern = getattr(urls, name).pattern.replace(urls._TLD, urls._TLD_FLAT)
        monkeypatch.setattr(urls, name, re.compile(pattern))
    flat = [urls.replace_contacts(t) for t in texts]
    assert [(r.text, r.urls, r.n_email) for r in fast] == [(r.text, r.urls, r.n_email) for r in flat]
    assert sum(bool(r.urls) for r in fast) > 10


# --- the pipeline's glue: one digit probe for money + phones, the printable-ASCII probe ------------


def _extract_plain(s: str, found: pipeline._Found) -> tuple[str, bool]:
    """`_extract` as it was: every step called every round."""
    any_hit = False
    for _ in range(pipeline._MAX_ROUNDS):
        contacts = urls.replace_contacts(s)
        s, n_money = signals.replace_money(contacts.text)
        s, n_phone = signals.replace_phones(s)
        found.urls.extend(contacts.urls)
        found.n_email += contacts.n_email
        found.n_money += n_money
        found.n_phone += n_phone
        if not (contacts.urls or contacts.n_email or n_money or n_phone):
            break
        any_hit = True
        s = " ".join(s.split())
    return s, any_hit


def _clean_ascii_plain(text: str, changes: set[str]) -> str:
    if charmaps.C0_RE.search(text):
        changes.add("invisible")
    return " ".join(charmaps.C0_RE.sub("", text).lower().split())


def _found(found: pipeline._Found) -> tuple[list[str], int, int, int]:
    return found.urls, found.n_email, found.n_money, found.n_phone


def _check_extract(text: str) -> None:
    fast, plain = pipeline._Found(), pipeline._Found()
    assert pipeline._extract(text, fast) == _extract_plain(text, plain)
    assert _found(fast) == _found(plain)
    _check_tld_hint_lookahead(text)
    if text.isascii():
        ascii_context = [m.span() for m in signals._NUMBER_CONTEXT_ASCII_RE.finditer(text)]
        assert ascii_context == [m.span() for m in signals._NUMBER_CONTEXT_RE.finditer(text)]


_SIGNAL_PIECES = [
    *("$500", "500 dollars", "5k a month", "£1,000/week", "call 555-123-4567", "+44 (0)20 7946 0958"),
    "1000000000 views",
    *("www.x.com", "site dot com", "me(at)x.com", "a@b.co", "h t t p : / / x . com", "$0www.x", "bit.ly/a", "4th"),
    *("١٢٣٤٥٦٧", "５００ドル", "\u200b5\u200b5\u200b5", "sh1t", "c0c0c0", "€20", "rs. 500", "usd10", " ", "."),
    # confusables, mojibake, other scripts and alphabets leetspeak must not damage
    *("раураl.com", "donâ€™t", "don鈥檛", "ΑΘΗΝΑ 2024", "İstanbul ıi", "straße", "𝓯𝓾𝓬𝓴"),
    *("ｗｗｗ．ｘ．ｃｏｍ", "Привет 8 800"),
]
_SIGNAL_TEXT = st.lists(st.sampled_from(_SIGNAL_PIECES + _WORDS + list(_CHARS)), max_size=12).map(" ".join)


def test_extract_on_the_bench_corpus() -> None:
    texts = [" ".join(t.lower().split()) for t in comment_texts(1500, seed=5)]
    for text in texts:
        _check_extract(text)
    assert sum(signals.has_digit(t) for t in texts) > 100


@_EXAMPLES
@given(st.one_of(_TEXT, _SIGNAL_TEXT))
def test_extract_on_random_text(text: str) -> None:
    _check_extract(" ".join(text.lower().split()))


@_EXAMPLES
@given(st.one_of(_TEXT, _SIGNAL_TEXT, st.text(max_size=60)))
def test_normalize_matches_the_plain_glue(text: str) -> None:
    fast = pipeline.normalize(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_extract", _extract_plain)
        patch.setattr(pipeline, "_clean_ascii", _clean_ascii_plain)
        plain = pipeline.normalize(text)
    assert fast == plain


def test_normalize_matches_the_plain_glue_on_the_bench_corpus() -> None:
    texts = comment_texts(1500, seed=11)
    fast = [pipeline.normalize(t) for t in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_extract", _extract_plain)
        patch.setattr(pipeline, "_clean_ascii", _clean_ascii_plain)
        plain = [pipeline.normalize(t) for t in texts]
    assert fast == plain
