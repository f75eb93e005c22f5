"""Near-duplicate fingerprints: abstract volatile parts, shingle, MinHash, LSH band keys.

Deterministic across processes and machines: character shingles get a polynomial hash over code
points (wrapping uint64, splitmix64 finish) and the MinHash permutations are multiply-shift hashes
whose constants derive from BLAKE2b; band keys are BLAKE2b digests. Python's ``hash()`` is never used.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_TLDS = "com|net|org|io|co|ly|info|biz|xyz|ru|de|uk|me|app|shop|site|online|top|link|click|to|gl|tk|cc"
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:[\w-]+\.)+(?:" + _TLDS + r")\b(?:/\S*)?")
_MENTION = re.compile(r"@\w+")
_NUMBER = re.compile(r"[$€£¥₹]?\d[\d.,:/'-]*%?")
_GREETING = re.compile(r"\b(hi|hello|hey|dear|yo)(\W+)\w+", re.IGNORECASE)
_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+\b")
_WORD = re.compile(r"\w+")


def abstract(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with URLs, e-mails, numbers, @mentions and names replaced by fixed tokens.

    Names are the words of ``names`` (e.g. the author's display name), the word after a greeting
    ("hi Anna"), and capitalised words in mid-sentence. The result is lower case, words separated
    by single spaces. A few regex passes, no per-word Python loop: long comments stay cheap.
    """
    known = sorted({w for name in names for w in _WORD.findall(name) if len(w) > 1}, key=len, reverse=True)
    if known:
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in known) + r")\b"
        text = re.sub(pattern, "xname", text, flags=re.IGNORECASE)
    text = _GREETING.sub(r"\1\2xname", text)
    if not text.islower():
        text = _MID_SENTENCE_NAME.sub("xname", text).lower()
    if "@" in text:
        text = _MENTION.sub(" xname ", _EMAIL.sub(" xemail ", text))
    text = _NUMBER.sub(" xnum ", _URL.sub(" xurl ", text))
    return " ".join(_WORD.findall(text))


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


@lru_cache(maxsize=8)
def _permutations(n: int) -> tuple[np.ndarray, np.ndarray]:
    a = np.array([_hash64(f"minhash-a-{i}".encode()) | 1 for i in range(n)], dtype=np.uint64)
    b = np.array([_hash64(f"minhash-b-{i}".encode()) for i in range(n)], dtype=np.uint64)
    return a, b


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A MinHash signature (unsigned 32-bit values) and its LSH band keys (the first ``bands * rows``)."""

    signature: tuple[int, ...]
    bands: int
    rows: int

    def hex(self) -> str:
        """The signature's low 16 bits per value as hex (4 digits each): compact state, and a
        chance collision of 1 in 65,536 per value barely moves the similarity estimate."""
        return (np.asarray(self.signature, dtype=np.uint32) & 0xFFFF).astype(">u2").tobytes().hex()

    def band_keys(self, scope: str = "") -> list[str]:
        """One routing key per band: ``<scope>:<band>:<digest>``; equal band values, equal key."""
        sig = np.asarray(self.signature, dtype=">u4")
        keys: list[str] = []
        for band in range(self.bands):
            chunk = sig[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8).hexdigest()
            keys.append(f"{scope}:{band}:{digest}")
        return keys


class Fingerprinter:
    """Text -> :class:`Fingerprint` for one (bands, rows, signature length, shingle size)."""

    def __init__(
        self, bands: int = 8, rows: int = 2, shingle_chars: int = 5, perms: int = 32, max_chars: int = 600
    ) -> None:
        self.bands = bands
        self.rows = rows
        self.shingle_chars = shingle_chars
        self.max_chars = max_chars
        self._a, self._b = _permutations(max(perms, bands * rows))

    def fingerprint(self, text: str, names: Iterable[str] = ()) -> Fingerprint:
        """Fingerprint the first ``max_chars`` characters of ``text`` after :func:`abstract`."""
        return self.of_hashes(shingle_hashes(abstract(text[: self.max_chars], names), self.shingle_chars))

    def of_hashes(self, hashes: np.ndarray) -> Fingerprint:
        """MinHash over 64-bit shingle hashes."""
        mixed = (hashes[:, None] * self._a[None, :] + self._b[None, :]) >> np.uint64(32)
        signature = tuple(int(v) for v in mixed.min(axis=0))
        return Fingerprint(signature=signature, bands=self.bands, rows=self.rows)


_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(0x100000001B3)


def shingle_hashes(abstracted: str, size: int) -> np.ndarray:
    """Distinct 64-bit hashes of the character ``size``-grams (vectorised, process-independent).

    A polynomial hash over code points (wrapping uint64), finished with the splitmix64 mixer;
    a text shorter than ``size`` is one shingle, an empty text the single hash of nothing.
    """
    codes = np.frombuffer(abstracted.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size < size:
        size = max(1, int(codes.size))
        if codes.size == 0:
            codes = np.zeros(1, dtype=np.uint64)
    count = codes.size - size + 1
    acc = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(size):
            acc = acc * _BASE + codes[j : j + count] + np.uint64(1)
        acc ^= acc >> np.uint64(30)
        acc *= _MIX1
        acc ^= acc >> np.uint64(27)
        acc *= _MIX2
        acc ^= acc >> np.uint64(31)
    return np.unique(acc)


def similarity(a_hex: str, b_hex: str) -> float:
    """Estimated Jaccard similarity of two signatures in :meth:`Fingerprint.hex` form."""
    a = np.frombuffer(bytes.fromhex(a_hex), dtype=">u2")
    b = np.frombuffer(bytes.fromhex(b_hex), dtype=">u2")
    if a.shape != b.shape or a.size == 0:
        return 0.0
    return float(np.count_nonzero(a == b)) / float(a.size)


def similarities(probe_hex: str, others: Sequence[str]) -> list[float]:
    """:func:`similarity` of ``probe_hex`` against each of ``others`` (vectorised)."""
    width = len(probe_hex)
    if not others or width == 0:
        return [0.0] * len(others)
    same = [i for i, h in enumerate(others) if len(h) == width]
    out = [0.0] * len(others)
    if same:
        probe = np.frombuffer(bytes.fromhex(probe_hex), dtype=">u2")
        joined = bytes.fromhex("".join(others[i] for i in same))
        matrix = np.frombuffer(joined, dtype=">u2").reshape(len(same), probe.size)
        hits = np.count_nonzero(matrix == probe, axis=1) / probe.size
        for i, v in zip(same, hits.tolist(), strict=True):
            out[i] = v
    return out


@lru_cache(maxsize=32)
def fingerprinter(bands: int, rows: int, shingle_chars: int, perms: int = 32) -> Fingerprinter:
    """A shared :class:`Fingerprinter` per configuration."""
    return Fingerprinter(bands, rows, shingle_chars, perms)
