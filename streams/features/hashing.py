"""Vectorised feature hashing: word uni/bi-grams and in-word char n-grams into a fixed bucket space.

A whole batch is processed at once: texts are truncated, joined with NUL separators, lower-cased
and turned into one uint32 code-point array. Every substring hash comes from a polynomial prefix
sum (arithmetic mod 2**64), so no Python loop runs per n-gram. Hashes never use Python's salted
``hash()``: the same text gives the same features in every process, on every machine.

Features of one text (all weights carry a pseudo-random sign to cancel collision bias):

* char n-grams (``char_min``..``char_max``) inside word tokens, tagged with whether they touch the
  token's start / end (like sklearn's ``char_wb`` boundary padding); weight ``char_weight /
  sqrt(n_char_ngrams)``;
* word unigrams (word and punctuation-run tokens) and bigrams of consecutive tokens, plus (when
  ``lexicon`` is set) one shared feature per lexicon class ("group slur", "violent act") for each
  token listed in :mod:`streams.features.lexicon`; weight ``word_weight / sqrt(n_word_features)``.

When ``group_words`` is set, a token listed in :data:`streams.features.lexicon.GROUP_WORDS` (a neutral
group name: "gay", "muslims") adds no peer-word feature, and its unigram and char n-grams are hashed
apart from every other token's (their buckets: :meth:`HashingFeaturizer.group_buckets`), so that the
trainer can keep them out of the labels a group name alone is no evidence for; its bigrams stay.

Repeated n-grams are kept as separate entries: their weights add up in the linear model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from streams.features.exceptions import FeaturizerConfigError
from streams.features.lexicon import CLASSES, GROUP_WORDS, GROUP_WORDS_VERSION, LEXICON_VERSION
from streams.features.peer import PEER_VOCAB_PATH, peer_vocabulary

SPACE, WORD, PUNCT = 0, 1, 2

_P = 0x100000001B3  # odd, so invertible mod 2**64
_P_INV = pow(_P, -1, 2**64)
_C1 = np.uint64(0xFF51AFD7ED558CCD)
_C2 = np.uint64(0xC4CEB9FE1A85EC53)
_MASK64 = (1 << 64) - 1
_K_N = 0x9E3779B97F4A7C15
_K_FLAG = np.uint64(0xD6E8FEB86659FD93)
_K_FLAG_END = np.uint64((2 * 0xD6E8FEB86659FD93) & ((1 << 64) - 1))  # flag 2 (token end) times _K_FLAG
_K_FAMILY = 0xA0761D6478BD642F
_K_BIGRAM = np.uint64(0xE7037ED1A0B428DB)
_FAMILY_CHAR, _FAMILY_WORD, _FAMILY_BIGRAM, _FAMILY_LEXICON = 1, 2, 3, 4
_K_GROUP = np.uint64(0x8EBC6AF09C88C6E3)  # xor-ed into a group word's own feature hashes


def _tag(family: int, n: int = 0) -> np.uint64:
    """A constant that separates hash families and n-gram lengths (computed exactly in Python)."""
    return np.uint64((family * _K_FAMILY + n * _K_N) & _MASK64)


def _class_table() -> np.ndarray:
    """Character class of every BMP code point (explicit ranges: no unicodedata version drift)."""
    table = np.full(0x10000, WORD, dtype=np.uint8)
    for lo, hi, cls in (
        (0x00, 0x20, SPACE),
        (0x21, 0x2F, PUNCT),
        (0x3A, 0x40, PUNCT),
        (0x5B, 0x60, PUNCT),
        (0x7B, 0x7E, PUNCT),
        (0x7F, 0xA0, SPACE),
        (0xA1, 0xBF, PUNCT),
        (0xD7, 0xD7, PUNCT),
        (0xF7, 0xF7, PUNCT),
        (0x2000, 0x200F, SPACE),
        (0x2010, 0x2027, PUNCT),
        (0x2028, 0x202F, SPACE),
        (0x2030, 0x205E, PUNCT),
        (0x205F, 0x206F, SPACE),
        (0x2070, 0x2BFF, PUNCT),
        (0x3000, 0x3000, SPACE),
        (0x3001, 0x303F, PUNCT),
        (0xD800, 0xF8FF, PUNCT),
        (0xFE00, 0xFE0F, SPACE),
        (0xFEFF, 0xFEFF, SPACE),
    ):
        table[lo : hi + 1] = cls
    table[ord("_")] = WORD
    table[ord("'")] = WORD  # keep "don't" one token
    return table


_CLASS = _class_table()
# every code point: the BMP as above, PUNCT beyond it (one lookup instead of clipping and patching)
_CLASS_ALL = np.concatenate((_CLASS, np.full(0x110000 - 0x10000, PUNCT, dtype=np.uint8)))
_ASCII_CLASS = _CLASS[:256].tobytes()  # a bytes.translate table (ASCII bytes only ever index its first half)


_S33 = np.uint64(33)
_LOW16 = np.uint64(0xFFFF)


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (uint64 in, uint64 out; wraps mod 2**64)."""
    return _fmix64_inplace(x.copy())


def _fmix64_inplace(x: np.ndarray) -> np.ndarray:
    """:func:`_fmix64` overwriting ``x`` (an array of the caller's own): fewer temporaries."""
    x ^= x >> _S33
    x *= _C1
    x ^= x >> _S33
    x *= _C2
    x ^= x >> _S33
    return x


@dataclass(frozen=True, slots=True)
class _WordTable:
    """Word hash -> table row, by open addressing with linear probing (vectorised lookups).

    ``keys[s]``/``rows[s]`` hold the word whose probe sequence ``h & mask, +1, +2, ...`` ended at
    slot ``s`` (``rows[s] == -1``: empty). No word lies more than ``max_probe`` slots past its home,
    so a lookup takes at most ``max_probe + 1`` gathers, the later ones over the few tokens whose
    home slot holds another word. At most one word in eight slots: most tokens need one gather.
    A hash listed twice keeps its first row (as ``searchsorted`` over the stably sorted pairs did).
    """

    keys: np.ndarray  # uint64 [slots]
    rows: np.ndarray  # int64 [slots], -1 where empty
    max_probe: int

    @classmethod
    def build(cls, hashes: np.ndarray, rows: np.ndarray) -> _WordTable:
        size = 8
        while size < 8 * hashes.size:
            size *= 2
        keys = np.zeros(size, dtype=np.uint64)
        table = np.full(size, -1, dtype=np.int64)
        mask = size - 1
        max_probe = 0
        for h, row in zip(hashes.tolist(), rows.tolist(), strict=True):
            s, probe = h & mask, 0
            while table[s] >= 0 and keys[s] != h:
                s, probe = (s + 1) & mask, probe + 1
            if table[s] >= 0:  # the same hash again: the first row stays
                continue
            keys[s], table[s] = h, row
            max_probe = max(max_probe, probe)
        return cls(keys, table, max_probe)

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """int64 ``[len(hashes)]``: each hash's row, -1 where it is not in the table."""
        mask = np.uint64(self.keys.size - 1)
        slot = (hashes & mask).view(np.int64)
        rows = self.rows[slot]
        found = self.keys[slot] == hashes
        # tokens whose home slot holds another word probe on; an empty slot ends the search
        todo = np.flatnonzero(~found & (rows >= 0))
        rows[~found] = -1
        for probe in range(1, self.max_probe + 1):
            if not todo.size:
                break
            at = (slot[todo] + probe) & (self.keys.size - 1)
            there = self.rows[at]
            hit = self.keys[at] == hashes[todo]
            rows[todo[hit]] = there[hit]
            todo = todo[~hit & (there >= 0)]
        return rows


@dataclass(frozen=True, slots=True)
class FeaturizerConfig:
    """Everything that defines the feature space; stored in the model metadata."""

    n_buckets_log2: int = 18
    char_min: int = 2
    char_max: int = 5
    word_bigrams: bool = True
    char_weight: float = 1.0
    word_weight: float = 1.0
    max_chars: int = 3000
    seed: int = 20261124
    version: int = 1
    lexicon: int = 0  # 0: no lexicon features; else the LEXICON_VERSION the model was trained with
    peer_words: int = 0  # 0: no peer family; else the size of streams/features/peer_vocab.txt
    group_words: int = 0  # 0: group names are ordinary tokens; else the GROUP_WORDS_VERSION trained with

    def __post_init__(self) -> None:
        if not 8 <= self.n_buckets_log2 <= 24:
            raise FeaturizerConfigError("n_buckets_log2 must be within 8..24")
        if not 1 <= self.char_min <= self.char_max <= 8:
            raise FeaturizerConfigError("need 1 <= char_min <= char_max <= 8")
        if self.max_chars < 1:
            raise FeaturizerConfigError("max_chars must be positive")
        if self.lexicon not in (0, LEXICON_VERSION):
            raise FeaturizerConfigError(
                f"lexicon version {self.lexicon} is not this code's ({LEXICON_VERSION}); retrain the model"
            )
        if self.group_words not in (0, GROUP_WORDS_VERSION):
            raise FeaturizerConfigError(
                f"group-word list version {self.group_words} is not this code's ({GROUP_WORDS_VERSION}); "
                "retrain the model"
            )

    @property
    def n_buckets(self) -> int:
        return 1 << self.n_buckets_log2

    @property
    def n_features(self) -> int:
        """Rows of the model's table: the hashed buckets, then one per peer-vocabulary word."""
        return self.n_buckets + self.peer_words

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeaturizerConfig:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise FeaturizerConfigError(f"unknown featurizer keys: {sorted(unknown)}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise FeaturizerConfigError(str(exc)) from exc


@dataclass(frozen=True, slots=True)
class HashedBatch:
    """The hashed features of a batch, in the layout the ONNX graph takes.

    Feature ``t`` adds ``value[t] * table[bucket[t]]`` to its text's logits. Every feature of one
    family (char / word) of one text has the same weight up to its sign, so the weights are kept
    per text: ``slot[t] = doc * 4 + family * 2 + negative`` picks one of the four entries of
    ``scale[doc] = (+w_char, -w_char, +w_word, -w_word)``. The graph sums the table rows of each
    slot and scales the sums once, instead of multiplying every feature.
    """

    bucket: np.ndarray  # int64 [T]
    slot: np.ndarray  # int64 [T]
    scale: np.ndarray  # float32 [N, 4]

    @property
    def n_docs(self) -> int:
        return int(self.scale.shape[0])

    @property
    def doc(self) -> np.ndarray:
        """int64 ``[T]``: the text each feature belongs to (non-decreasing within each family)."""
        return self.slot >> 2

    @property
    def value(self) -> np.ndarray:
        """float32 ``[T]``: each feature's signed weight."""
        return self.scale.reshape(-1)[self.slot]

    @classmethod
    def empty(cls, n_docs: int) -> HashedBatch:
        """``n_docs`` texts without any feature."""
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, np.zeros((n_docs, 4), dtype=np.float32))

    @classmethod
    def unit(cls, buckets: np.ndarray) -> HashedBatch:
        """One text per bucket, holding only that bucket with weight +1."""
        buckets = np.asarray(buckets, dtype=np.int64)
        scale = np.tile(np.array([1.0, -1.0, 1.0, -1.0], dtype=np.float32), (buckets.size, 1))
        return cls(buckets, np.arange(buckets.size, dtype=np.int64) * 4, scale)


@dataclass(frozen=True, slots=True)
class TokenFeatures:
    """Features of one text with the tokens they came from (for explanations).

    ``token_a``/``token_b`` index ``tokens``; they differ only for word bigrams.
    """

    tokens: list[str]
    bucket: np.ndarray
    value: np.ndarray
    token_a: np.ndarray
    token_b: np.ndarray


@dataclass(slots=True)
class _Tables:
    pow: np.ndarray = field(default_factory=lambda: np.ones(1, dtype=np.uint64))
    ipow: np.ndarray = field(default_factory=lambda: np.ones(1, dtype=np.uint64))

    def ensure(self, length: int) -> None:
        if self.pow.size >= length:
            return
        size = max(length, 2 * self.pow.size, 4096)
        one = np.ones(1, dtype=np.uint64)
        self.pow = np.concatenate((one, np.cumprod(np.full(size - 1, _P, dtype=np.uint64))))
        self.ipow = np.concatenate((one, np.cumprod(np.full(size - 1, _P_INV, dtype=np.uint64))))


@dataclass(slots=True)
class _Parsed:
    """Intermediate arrays of one batch (positions index the joined, lower-cased string)."""

    joined: str
    cls: np.ndarray
    docpos: np.ndarray
    tok_id: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    prefix: np.ndarray
    n_docs: int  # texts in the batch
    word_h: np.ndarray | None = None  # token hashes, computed once (see _word_hashes)
    group: np.ndarray | None = None  # bool per token: a listed group word (see _group_tokens)


def _listed(word_h: np.ndarray, words: np.ndarray, low_filter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tokens whose hash is in the sorted ``words``: their indices and their positions in ``words``.

    ``low_filter`` (64K entries, True at the listed hashes' low 16 bits) passes the few candidates
    to the binary search.
    """
    maybe = np.flatnonzero(low_filter[word_h & _LOW16])
    candidates = word_h[maybe]
    at = np.minimum(np.searchsorted(words, candidates), words.size - 1)
    listed = words[at] == candidates
    return maybe[listed], at[listed]


class HashingFeaturizer:
    """Text -> hashed sparse features; identical at training and inference time."""

    def __init__(self, config: FeaturizerConfig | None = None) -> None:
        self.config = config or FeaturizerConfig()
        self._tables = _Tables()
        seed = np.uint64(self.config.seed & 0xFFFFFFFFFFFFFFFF)
        self._seed = _fmix64(np.array([seed], dtype=np.uint64))[0]
        # lexicon: sorted word hashes of every listed form (same code as tokens), each with the
        # feature hash of its class; looked up with one searchsorted per batch
        self._lex_words = np.zeros(0, dtype=np.uint64)
        self._lex_tags = np.zeros(0, dtype=np.uint64)
        if self.config.lexicon:
            words, tags = [], []
            for k, (_, forms) in enumerate(CLASSES):
                hashes = np.unique(self._word_hashes(self._parse(forms)))
                words.append(hashes)
                tags.append(np.full(hashes.size, _tag(_FAMILY_LEXICON, k), dtype=np.uint64))
            order = np.argsort(np.concatenate(words))
            self._lex_words = np.concatenate(words)[order]
            self._lex_tags = np.concatenate(tags)[order]
        self._lex_filter = np.zeros(1 << 16, dtype=bool)
        self._lex_filter[self._lex_words & _LOW16] = True
        # group words: sorted word hashes, found like the lexicon's (a low-bits filter, then searchsorted)
        self._group_words = np.zeros(0, dtype=np.uint64)
        if self.config.group_words:
            self._group_words = np.unique(self._word_hashes(self._parse(GROUP_WORDS)))
        self._group_filter = np.zeros(1 << 16, dtype=bool)
        self._group_filter[self._group_words & _LOW16] = True
        # peer family: word hash of each peer-vocabulary word (sorted) and its table row, and the
        # same pairs in an open-addressing table (one gather per token instead of a binary search)
        self._peer_words = np.zeros(0, dtype=np.uint64)
        self._peer_rows = np.zeros(0, dtype=np.int64)
        self._peer_table = _WordTable.build(self._peer_words, self._peer_rows)
        if self.config.peer_words:
            vocab = peer_vocabulary()
            if len(vocab) != self.config.peer_words:
                raise FeaturizerConfigError(
                    f"the model expects {self.config.peer_words} peer words, {PEER_VOCAB_PATH.name} has {len(vocab)}"
                )
            parsed = self._parse(vocab)
            one = np.bincount(parsed.docpos[parsed.starts], minlength=len(vocab)) == 1  # one token each
            hashes = self._word_hashes(parsed)[one[parsed.docpos[parsed.starts]]]
            rows = np.flatnonzero(one) + self.config.n_buckets
            order = np.argsort(hashes, kind="stable")
            self._peer_words, self._peer_rows = hashes[order], rows[order]
            self._peer_table = _WordTable.build(self._peer_words, self._peer_rows)

    def transform(self, texts: Sequence[str]) -> HashedBatch:
        """Hash a batch of (already normalised) texts."""
        n = len(texts)
        if n == 0:
            return HashedBatch.empty(0)
        return self._hash(self._parse(texts), n)

    def _hash(self, parsed: _Parsed, n: int) -> HashedBatch:
        fams = self._families(parsed)
        cfg = self.config
        scale = np.empty((n, 4), dtype=np.float32)
        peer = self._peer_hits(parsed) if self._peer_words.size else None
        total = fams[1].size + fams[3].size + (peer[1].size if peer is not None else 0)
        # written in place, family after family (no per-family arrays to concatenate)
        bucket = np.empty(total, dtype=np.int64)
        slot = np.empty(total, dtype=np.int64)
        mask = np.uint64(cfg.n_buckets - 1)
        at = 0
        word_counts = np.bincount(fams[2], minlength=n)
        for family, (fam_docs, fam_hash, counts, weight) in enumerate(
            ((fams[0], fams[1], fams[4], cfg.char_weight), (fams[2], fams[3], word_counts, cfg.word_weight))
        ):
            end = at + fam_hash.size
            # bucket: the mixed hash's low bits; sign: its top bit (both < 2**63: same values as int64);
            # the family's hash array is a fresh one (concatenated): mixed in place
            fam_hash ^= self._seed
            x = _fmix64_inplace(fam_hash)
            np.bitwise_and(x, mask, out=bucket[at:end].view(np.uint64))
            slots = slot[at:end]
            np.multiply(fam_docs, 4, out=slots)
            if family:
                slots += 2 * family
            x >>= np.uint64(63)
            slots += x.view(np.int64)
            norm = np.sqrt(np.maximum(counts, 1)).astype(np.float32)
            w = np.float32(weight) / norm
            scale[:, 2 * family] = w
            scale[:, 2 * family + 1] = -w
            at = end
        if peer is not None:  # peer words: own table rows, positive, the word family's scale
            tokens, rows = peer
            bucket[at:] = rows
            np.multiply(parsed.docpos[parsed.starts[tokens]], 4, out=slot[at:])
            slot[at:] += 2
        return HashedBatch(bucket, slot, scale)

    def group_buckets(self) -> np.ndarray:
        """Sorted bucket indices that a listed group word's own features (unigram, char n-grams)
        can fall in; empty when ``group_words`` is off. (Other features may collide into them.)"""
        if not self._group_words.size:
            return np.zeros(0, dtype=np.int64)
        return np.unique(self.transform(list(GROUP_WORDS)).bucket)

    def token_features(self, text: str) -> TokenFeatures:
        """Features of one text, each tied to the token(s) it came from."""
        return self.token_features_many([text])[0]

    def token_features_many(self, texts: Sequence[str]) -> list[TokenFeatures]:
        """:meth:`token_features` of each text, computed as one batch (same result, less overhead)."""
        if not texts:
            return []
        parsed = self._parse(texts)
        tok_char, tok_word_a, tok_word_b = self._token_ids(parsed)
        batch = self._hash(parsed, len(texts))
        token_a = np.concatenate((tok_char, tok_word_a))
        token_b = np.concatenate((tok_char, tok_word_b))
        first_token = np.searchsorted(parsed.docpos[parsed.starts], np.arange(len(texts) + 1)).tolist()
        doc, value = batch.doc, batch.value  # derived arrays: compute once, not per text
        order = np.argsort(doc, kind="stable")
        bounds = np.searchsorted(doc[order], np.arange(len(texts) + 1)).tolist()
        starts, ends = parsed.starts.tolist(), parsed.ends.tolist()
        out = []
        begin = 0
        for d, text in enumerate(texts):
            end = parsed.joined.index("\x00", begin)
            lowered = parsed.joined[begin:end]
            head = text[: self.config.max_chars]
            source = head if len(head) == len(lowered) else lowered  # spans index the lower-cased text
            lo, hi = first_token[d], first_token[d + 1]
            tokens = [source[s - begin : e - begin + 1] for s, e in zip(starts[lo:hi], ends[lo:hi], strict=True)]
            mine = order[bounds[d] : bounds[d + 1]]
            out.append(
                TokenFeatures(tokens, batch.bucket[mine], value[mine], token_a[mine] - lo, token_b[mine] - lo)
            )
            begin = end + 1
        return out

    # -- internals -------------------------------------------------------------------------

    def _parse(self, texts: Sequence[str]) -> _Parsed:
        limit = self.config.max_chars
        # NUL separates texts (and closes the last one), so NULs inside a text become spaces
        # lower-cased text by text: an ASCII text takes str.lower's fast path even in a batch that
        # holds non-ASCII texts (the same string: NUL is neither cased nor case-ignorable, so no
        # case mapping, final sigma included, looks across it)
        joined = "".join(t[:limit].replace("\x00", " ").lower() + "\x00" for t in texts)
        codes: np.ndarray
        if joined.isascii():  # one byte per character: the classes by bytes.translate
            data = joined.encode("ascii")
            codes = np.frombuffer(data, dtype=np.uint8)
            cls = np.frombuffer(data.translate(_ASCII_CLASS), dtype=np.uint8)
        else:
            codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            cls = _CLASS_ALL[codes.astype(np.intp)]  # an intp index takes numpy's fast gather
        docpos = np.cumsum(codes == 0)
        nonspace = cls != SPACE
        # a token starts where the class differs from the previous character's (SPACE before the
        # first) and ends where it differs from the next one's (SPACE after the last)
        changes = cls[1:] != cls[:-1]
        is_start = nonspace.copy()
        is_start[1:] &= changes
        is_end = nonspace
        is_end[:-1] &= changes
        tok_id = np.cumsum(is_start) - 1
        self._tables.ensure(codes.size + 1)
        prefix = np.zeros(codes.size + 1, dtype=np.uint64)
        np.cumsum(codes.astype(np.uint64) * self._tables.pow[: codes.size], out=prefix[1:])
        return _Parsed(
            joined,
            cls,
            docpos,
            tok_id,
            np.flatnonzero(is_start),
            np.flatnonzero(is_end),
            prefix,
            len(texts),
        )

    def _substring_hash(self, p: _Parsed, start: np.ndarray, length: np.ndarray | int) -> np.ndarray:
        return (p.prefix[start + length] - p.prefix[start]) * self._tables.ipow[start]

    def _char_positions(self, p: _Parsed) -> list[tuple[int, np.ndarray]]:
        """``(n, start positions)`` of every in-word char n-gram.

        A word token is a maximal run of word characters, so an n-gram lies inside one exactly when
        its n characters are all word characters: one boolean AND per length (``run`` holds, for
        each position, whether the n characters from it are), on bytes rather than on int64s.
        """
        out = []
        word = p.cls == WORD
        run = word
        for n in range(1, self.config.char_max + 1):
            if p.cls.size < n:
                break
            if n > 1:
                run = run[:-1] & word[n - 1 :]
            if n >= self.config.char_min:
                out.append((n, np.flatnonzero(run)))
        return out

    @staticmethod
    def _token_positions(p: _Parsed, tokens: np.ndarray) -> np.ndarray:
        """Every position of the given tokens (for a few tokens: their ranges concatenated)."""
        lengths = p.ends[tokens] - p.starts[tokens] + 1
        offsets = np.repeat(p.starts[tokens] - (np.cumsum(lengths) - lengths), lengths)
        return offsets + np.arange(int(lengths.sum()))

    def _families(self, p: _Parsed) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Doc ids and raw uint64 hashes of the char family and of the word family, and the number
        of char n-grams of each text."""
        # hash of the n-gram at i: (prefix[i+n] - prefix[i]) * ipow[i] + flags + tag(n), and with
        # q[i] = prefix[i] * ipow[i] (mod 2**64, ipow[i] = ipow[i+n] * pow[n]) that is
        # q[i+n] * pow[n] + (start_k[i] - q[i]) + end_k[i+n-1] + tag(n): the part that does not
        # depend on n is computed once. The boundary flag (1: touches the token's start, 2: its
        # end) times _K_FLAG is two addends: (start | end) * K == start * K + end * K.
        group = self._group_tokens(p)
        size = p.cls.size
        ipow, pow_ = self._tables.ipow, self._tables.pow
        q = p.prefix * ipow[: size + 1]
        rest = np.zeros(size, dtype=np.uint64)
        rest[p.starts] = _K_FLAG
        rest -= q[:size]
        end_k = np.zeros(size, dtype=np.uint64)
        end_k[p.ends] = _K_FLAG_END
        # a group word's char n-grams are hashed apart: its positions' hashes xor-ed (few positions)
        in_group = self._token_positions(p, np.flatnonzero(group)) if group.any() else None
        # each text's first position (docpos is non-decreasing): the n-gram starts of one length
        # come in position order, so a binary search per text counts them, and the doc ids are
        # those counts' repeats (no gather of a doc id per n-gram)
        doc_starts = np.searchsorted(p.docpos, np.arange(p.n_docs + 1))
        counts = []
        char_hashes = []
        for n, pos in self._char_positions(p):
            # every position's hash with contiguous slices, then one gather (the n-gram starts)
            m = size - n + 1
            h = q[n : n + m] * pow_[n]
            h += rest[:m]
            h += end_k[n - 1 : n - 1 + m]
            h += _tag(_FAMILY_CHAR, n)
            if in_group is not None:
                h[in_group[in_group < m]] ^= _K_GROUP
            char_hashes.append(h[pos])
            counts.append(np.diff(np.searchsorted(pos, doc_starts)))
        if char_hashes:
            per_length = np.stack(counts)
            char_docs = np.repeat(np.tile(np.arange(p.n_docs, dtype=np.int64), len(counts)), per_length.ravel())
            char_counts = per_length.sum(axis=0)
        else:
            char_docs = np.zeros(0, dtype=np.int64)
            char_counts = np.zeros(p.n_docs, dtype=np.int64)
        word_h = self._word_hashes(p)
        word_docs = p.docpos[p.starts]
        w_docs, w_hashes = [word_docs], [word_h]
        if group.any():  # a group word's unigram: hashed apart (its bigrams below are not)
            w_hashes = [np.where(group, word_h ^ _K_GROUP, word_h)]
        if self.config.word_bigrams and p.starts.size > 1:
            same = word_docs[:-1] == word_docs[1:]
            bi = word_h[:-1][same] * _K_BIGRAM + word_h[1:][same]
            w_docs.append(word_docs[:-1][same])
            w_hashes.append(bi + _tag(_FAMILY_BIGRAM))
        if self._lex_words.size:
            tokens, tags = self._lexicon_hits(word_h)
            w_docs.append(word_docs[tokens])
            w_hashes.append(tags)
        return (
            char_docs,
            np.concatenate(char_hashes) if char_hashes else np.zeros(0, dtype=np.uint64),
            np.concatenate(w_docs),
            np.concatenate(w_hashes),
            char_counts,
        )

    def _peer_hits(self, p: _Parsed) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the tokens that are peer-vocabulary words, and their table rows."""
        rows = self._peer_table.lookup(self._word_hashes(p))
        group = self._group_tokens(p)
        if group.any():  # a group word is no peer word either
            rows[group] = -1
        tokens = np.flatnonzero(rows >= 0)
        return tokens, rows[tokens]

    def _group_tokens(self, p: _Parsed) -> np.ndarray:
        """bool per token: it is a listed group word (all False when ``group_words`` is off)."""
        if p.group is None:
            if not self._group_words.size:
                p.group = np.zeros(p.starts.size, dtype=bool)
            else:
                tokens, _ = _listed(self._word_hashes(p), self._group_words, self._group_filter)
                p.group = np.zeros(p.starts.size, dtype=bool)
                p.group[tokens] = True
        return p.group

    def _lexicon_hits(self, word_h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the tokens that are listed lexicon forms, and their class feature hashes."""
        tokens, at = _listed(word_h, self._lex_words, self._lex_filter)
        return tokens, self._lex_tags[at]

    def _word_hashes(self, p: _Parsed) -> np.ndarray:
        """One hash per token (word or punctuation run); computed once per parsed batch."""
        if p.word_h is None:
            p.word_h = _fmix64_inplace(self._substring_hash(p, p.starts, p.ends - p.starts + 1) + _tag(_FAMILY_WORD))
        return p.word_h

    def _token_ids(self, p: _Parsed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token index of each feature, in :meth:`_families` order (bigrams: both tokens)."""
        char = [p.tok_id[pos] for _, pos in self._char_positions(p)]
        tok_char = np.concatenate(char) if char else np.zeros(0, dtype=np.int64)
        n_tok = p.starts.size
        uni = np.arange(n_tok)
        a, b = [uni], [uni]
        if self.config.word_bigrams and n_tok > 1:  # pairs within one text, as in :meth:`_families`
            word_docs = p.docpos[p.starts]
            first = np.flatnonzero(word_docs[:-1] == word_docs[1:])
            a.append(first)
            b.append(first + 1)
        if self._lex_words.size:
            tokens, _ = self._lexicon_hits(self._word_hashes(p))
            a.append(tokens)
            b.append(tokens)
        if self._peer_words.size:
            tokens, _ = self._peer_hits(p)
            a.append(tokens)
            b.append(tokens)
        return tok_char.astype(np.int64), np.concatenate(a), np.concatenate(b)
