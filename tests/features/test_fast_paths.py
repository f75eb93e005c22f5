"""The featurizer's faster arithmetic gives bit-identical features (models trained before stay valid).

:func:`plain_families` and :func:`plain_bucket_sign` are ``_families`` / ``_bucket_sign`` as they
were before the speed work (three gathers per n-gram length, fresh arrays at every step), and
``plain_hash`` / ``plain_parse`` / ``plain_char_positions`` / ``plain_lexicon_hits`` as they were
before the second round (per-family arrays concatenated, UTF-32 codes for every batch, three
comparisons per n-gram length, searchsorted over every token), and ``plain_peer_hits`` as it was
before the third (a binary search of the sorted peer-word hashes for every token); group words as
``plain_families`` and ``plain_peer_hits`` handled them before the fourth (the group flag gathered per
n-gram, one lower-casing of the joined batch, doc ids gathered per n-gram); a featurizer
using them must produce exactly the arrays the shipped one does.
"""

from __future__ import annotations

import types

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.bench.corpus import comment_texts, sample_texts
from streams.features import FeaturizerConfig, HashedBatch, HashingFeaturizer
from streams.features import hashing as h
from streams.features.lexicon import CLASSES, GROUP_WORDS, GROUP_WORDS_VERSION, LEXICON_VERSION
from streams.features.peer import peer_vocabulary


def plain_fmix64(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * h._C1
    x = x ^ (x >> np.uint64(33))
    x = x * h._C2
    return x ^ (x >> np.uint64(33))


def plain_families(self: HashingFeaturizer, p: h._Parsed) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    tok_start_flag = np.zeros(p.cls.size, dtype=np.uint64)
    tok_start_flag[p.starts] = 1
    tok_end_flag = np.zeros(p.cls.size, dtype=np.uint64)
    tok_end_flag[p.ends] = 2
    group = self._group_tokens(p)
    char_docs, char_hashes = [], []
    for n, pos in self._char_positions(p):
        hashes = (p.prefix[pos + n] - p.prefix[pos]) * self._tables.ipow[pos]
        flag = tok_start_flag[pos] | tok_end_flag[pos + n - 1]
        char_docs.append(p.docpos[pos])
        char_hashes.append(hashes + flag * h._K_FLAG + h._tag(h._FAMILY_CHAR, n))
        char_hashes[-1][group[p.tok_id[pos]]] ^= h._K_GROUP
    word_h = plain_fmix64(self._substring_hash(p, p.starts, p.ends - p.starts + 1) + h._tag(h._FAMILY_WORD))
    word_docs = p.docpos[p.starts]
    w_docs, w_hashes = [word_docs], [np.where(group, word_h ^ h._K_GROUP, word_h)]
    if self.config.word_bigrams and p.starts.size > 1:
        same = word_docs[:-1] == word_docs[1:]
        w_docs.append(word_docs[:-1][same])
        w_hashes.append(word_h[:-1][same] * h._K_BIGRAM + word_h[1:][same] + h._tag(h._FAMILY_BIGRAM))
    if self._lex_words.size:
        tokens, tags = self._lexicon_hits(word_h)
        w_docs.append(word_docs[tokens])
        w_hashes.append(tags)
    return (
        np.concatenate(char_docs) if char_docs else np.zeros(0, dtype=np.int64),
        np.concatenate(char_hashes) if char_hashes else np.zeros(0, dtype=np.uint64),
        np.concatenate(w_docs),
        np.concatenate(w_hashes),
    )


def plain_bucket_sign(self: HashingFeaturizer, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = plain_fmix64(hashes ^ self._seed)
    return (x & np.uint64(self.config.n_buckets - 1)).astype(np.int64), (x >> np.uint64(63)).astype(np.int64)


def plain_hash(self: HashingFeaturizer, parsed: h._Parsed, n: int) -> HashedBatch:
    """``_hash`` before it wrote in place: per-family arrays, then concatenated."""
    fams = self._families(parsed)
    cfg = self.config
    scale = np.empty((n, 4), dtype=np.float32)
    buckets, slots = [], []
    for family, (fam_docs, fam_hash, weight) in enumerate(
        ((fams[0], fams[1], cfg.char_weight), (fams[2], fams[3], cfg.word_weight))
    ):
        bucket, negative = plain_bucket_sign(self, fam_hash)
        norm = np.sqrt(np.maximum(np.bincount(fam_docs, minlength=n), 1)).astype(np.float32)
        w = np.float32(weight) / norm
        scale[:, 2 * family] = w
        scale[:, 2 * family + 1] = -w
        buckets.append(bucket)
        slots.append(fam_docs * 4 + (2 * family) + negative)
    if self._peer_words.size:
        tokens, rows = self._peer_hits(parsed)
        buckets.append(rows)
        slots.append(parsed.docpos[parsed.starts][tokens] * 4 + 2)
    return HashedBatch(np.concatenate(buckets), np.concatenate(slots).astype(np.int64, copy=False), scale)


def plain_parse(self: HashingFeaturizer, texts: list[str]) -> h._Parsed:
    """``_parse`` before the ASCII path: UTF-32 codes, class lookups through neighbour copies."""
    limit = self.config.max_chars
    joined = "".join(t[:limit].replace("\x00", " ") + "\x00" for t in texts).lower()
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = h._CLASS[np.minimum(codes, 0xFFFF)]
    cls[codes > 0xFFFF] = h.PUNCT
    docpos = np.cumsum(codes == 0)
    prev = np.empty_like(cls)
    prev[0] = h.SPACE
    prev[1:] = cls[:-1]
    nxt = np.empty_like(cls)
    nxt[-1] = h.SPACE
    nxt[:-1] = cls[1:]
    nonspace = cls != h.SPACE
    is_start = nonspace & (cls != prev)
    is_end = nonspace & (cls != nxt)
    tok_id = np.cumsum(is_start) - 1
    self._tables.ensure(codes.size + 1)
    prefix = np.zeros(codes.size + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * self._tables.pow[: codes.size], out=prefix[1:])
    return h._Parsed(
        joined, cls, docpos, tok_id, np.flatnonzero(is_start), np.flatnonzero(is_end), prefix, len(texts)
    )


def plain_char_positions(self: HashingFeaturizer, p: h._Parsed) -> list[tuple[int, np.ndarray]]:
    """``_char_positions`` before the distance-to-token-end test: three comparisons per length."""
    out = []
    word = p.cls == h.WORD
    size = p.cls.size
    for n in range(self.config.char_min, self.config.char_max + 1):
        if size < n:
            break
        m = size - n + 1
        valid = word[:m] & word[n - 1 :] & (p.tok_id[:m] == p.tok_id[n - 1 :])
        out.append((n, np.flatnonzero(valid)))
    return out


def plain_lexicon_hits(self: HashingFeaturizer, word_h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_lexicon_hits`` before the low-bits filter: searchsorted over every token."""
    at = np.minimum(np.searchsorted(self._lex_words, word_h), self._lex_words.size - 1)
    tokens = np.flatnonzero(self._lex_words[at] == word_h)
    return tokens, self._lex_tags[at[tokens]]


def plain_peer_hits(self: HashingFeaturizer, p: h._Parsed) -> tuple[np.ndarray, np.ndarray]:
    """``_peer_hits`` before the open-addressing table: searchsorted over every token."""
    word_h = self._word_hashes(p)
    at = np.minimum(np.searchsorted(self._peer_words, word_h), self._peer_words.size - 1)
    tokens = np.flatnonzero((self._peer_words[at] == word_h) & ~self._group_tokens(p))
    return tokens, self._peer_rows[at[tokens]]


def plain(config: FeaturizerConfig) -> HashingFeaturizer:
    featurizer = HashingFeaturizer(config)
    featurizer._parse = types.MethodType(plain_parse, featurizer)  # type: ignore[method-assign]
    featurizer._char_positions = types.MethodType(plain_char_positions, featurizer)  # type: ignore[method-assign]
    featurizer._lexicon_hits = types.MethodType(plain_lexicon_hits, featurizer)  # type: ignore[method-assign]
    featurizer._peer_hits = types.MethodType(plain_peer_hits, featurizer)  # type: ignore[method-assign]
    featurizer._families = types.MethodType(plain_families, featurizer)  # type: ignore[method-assign]
    featurizer._hash = types.MethodType(plain_hash, featurizer)  # type: ignore[method-assign]
    return featurizer


CONFIGS = [
    FeaturizerConfig(),
    FeaturizerConfig(n_buckets_log2=12, char_weight=0.5, word_weight=2.0, peer_words=len(peer_vocabulary())),
    FeaturizerConfig(lexicon=LEXICON_VERSION),
    FeaturizerConfig(lexicon=LEXICON_VERSION, char_min=1, char_max=6, word_bigrams=False),
    FeaturizerConfig(lexicon=LEXICON_VERSION, peer_words=len(peer_vocabulary()), group_words=GROUP_WORDS_VERSION),
]


def _same(a: HashedBatch, b: HashedBatch) -> None:
    for x, y in ((a.bucket, b.bucket), (a.slot, b.slot), (a.scale, b.scale)):
        assert x.dtype == y.dtype and np.array_equal(x, y)


def test_identical_features_on_realistic_comments() -> None:
    texts = [*sample_texts(), *comment_texts(600, seed=5), "", "a", "naïve café 😀 \x00 İSTANBUL", "ΟΔΟΣ ΣΑΣ Σ"]
    texts += [" ".join(GROUP_WORDS[i : i + 9]) + " are people" for i in range(0, len(GROUP_WORDS), 9)]
    lexicon = [" ".join(forms) for _, forms in CLASSES]
    batches = [texts[i : i + 256] for i in range(0, len(texts), 256)]
    ascii_only = [t for t in texts if t.isascii()][:300]
    batches += [ascii_only, ["", " ", "  "], [" a", "!! b", ""], lexicon, [" ".join(lexicon)]]
    vocab = peer_vocabulary()  # every peer word, the ones displaced from their home slot included
    batches += [[" ".join(vocab[i : i + 500]) for i in range(0, len(vocab), 500)], list(vocab[::7])]
    for config in CONFIGS:
        fast, reference = HashingFeaturizer(config), plain(config)
        for batch in batches:
            _same(fast.transform(batch), reference.transform(batch))
        many, plain_many = fast.token_features_many(texts[:80]), reference.token_features_many(texts[:80])
        for a, b in zip(many, plain_many, strict=True):
            assert a.tokens == b.tokens and np.array_equal(a.bucket, b.bucket) and np.array_equal(a.value, b.value)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.text(max_size=120)
        | st.text(alphabet=st.sampled_from("ab -'_!\x00\t"), max_size=40)
        | st.lists(st.sampled_from(CLASSES[0][1] + CLASSES[1][1] + GROUP_WORDS + ("x", "-", " ")), max_size=6).map(
            " ".join
        )
        | st.lists(st.sampled_from(peer_vocabulary()) | st.sampled_from(("x", "-", "  ")), max_size=12).map(" ".join),
        max_size=8,
    )
)
def test_identical_features_on_any_text(texts: list[str]) -> None:
    for config in CONFIGS:
        _same(HashingFeaturizer(config).transform(texts), plain(config).transform(texts))


def _searchsorted_rows(words: np.ndarray, rows: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """The rows ``plain_peer_hits`` finds for ``hashes`` (-1: not listed), from stably sorted pairs."""
    order = np.argsort(words, kind="stable")
    words, rows = words[order], rows[order]
    at = np.minimum(np.searchsorted(words, hashes), words.size - 1)
    return np.where(words[at] == hashes, rows[at], -1)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 40) | st.integers(0, 2**64 - 1), max_size=60),
    st.lists(st.integers(0, 60) | st.integers(0, 2**64 - 1), max_size=80),
)
def test_word_table_finds_what_a_binary_search_finds(listed: list[int], asked: list[int]) -> None:
    # small hashes crowd a few home slots (long probe runs, wrap-around at the table's end, the
    # same hash listed twice: the first row wins, hash 0); big ones spread like real word hashes
    words = np.array(listed, dtype=np.uint64)
    rows = np.arange(words.size, dtype=np.int64) + 1000
    table = h._WordTable.build(words, rows)
    query = np.array(asked + listed, dtype=np.uint64)
    expected = _searchsorted_rows(words, rows, query) if words.size else np.full(query.size, -1)
    assert np.array_equal(table.lookup(query), expected)
