"""Span scores in the caller's ORIGINAL text, through masks, leetspeak, spacing and mojibake.

Normalisation rewrites text (``f*ck`` -> ``fuck``, ``youâ€™re`` -> ``you're``) without keeping an
offset map, so spans are found by alignment instead: the model's explanation names the tokens of
the normalised text that pushed a label up; each whitespace-separated chunk of the original (or a
run of up to ``_MAX_RUN`` chunks, for ``s h i t``) is normalised on its own, and the chunks whose
normalisation yields such a token are that token's spans, cut to their shortest part that still
normalises to the token. A span's score is the model's probability for the
span's text alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from streams.normalize import normalize
from streams.scoring import OnnxScorer

_CHUNK_RE = re.compile(r"\S+")
_HTML_TAG_RE = re.compile(r"<!--.*?-->|<[^<>]{0,2000}>", re.DOTALL)
_MAX_RUN = 8  # most chunks one token can be spread over ("f u c k i n g" is 7)
_MAX_TRIM = 64  # longer spans are not trimmed (bounded work per span)


@dataclass(frozen=True, slots=True)
class Span:
    """``text[begin:end]`` of the original text (code-point offsets) and its probability."""

    begin: int
    end: int
    score: float


def blank_html(text: str) -> str:
    """``text`` with every HTML tag and comment replaced by as many spaces: offsets stay valid."""
    return _HTML_TAG_RE.sub(lambda m: " " * len(m.group(0)), text)


class SpanFinder:
    """Finds, for one text, where the tokens that drove each label sit in the original."""

    def __init__(self, scorer: OnnxScorer, top_k: int) -> None:
        self.scorer = scorer
        self.top_k = top_k

    def _tokens(self, texts: Sequence[str]) -> list[frozenset[str]]:
        features = self.scorer.featurizer.token_features_many([normalize(t).text for t in texts])
        return [frozenset(f.tokens) for f in features]

    def find(self, original: str, normalized: str, labels: Sequence[str]) -> dict[str, list[Span]]:
        """Spans per label, in order of position; empty when nothing pushed a label up."""
        wanted = {label: [tok for tok, _ in self.scorer.explain(normalized, label, self.top_k)] for label in labels}
        tokens = {tok for toks in wanted.values() for tok in toks}
        if not tokens:
            return {label: [] for label in labels}
        chunks = [(m.start(), m.end()) for m in _CHUNK_RE.finditer(original)]
        located = self._locate(original, chunks, tokens)
        pieces = sorted({span for spans in located.values() for span in spans})
        if not pieces:
            return {label: [] for label in labels}
        probs = self.scorer.score([normalize(original[b:e]).text for b, e in pieces])
        index = {piece: i for i, piece in enumerate(pieces)}
        out: dict[str, list[Span]] = {}
        for label in labels:
            j = self.scorer.labels.index(label)
            found = sorted({span for tok in wanted[label] for span in located.get(tok, ())})
            out[label] = [Span(b, e, round(float(probs[index[(b, e)], j]), 4)) for b, e in found]
        return out

    def _locate(
        self, original: str, chunks: list[tuple[int, int]], tokens: set[str]
    ) -> dict[str, list[tuple[int, int]]]:
        """token -> spans of the original that normalise to (a text containing) it."""
        found: dict[str, list[tuple[int, int]]] = {}
        single = self._tokens([original[b:e] for b, e in chunks])
        for tok in tokens:
            spans = [chunks[i] for i, toks in enumerate(single) if tok in toks]
            if not spans:
                spans = self._runs(original, chunks, tok)
            found[tok] = [self._trim(original, b, e, tok) for b, e in spans]
        return found

    def _runs(self, original: str, chunks: list[tuple[int, int]], tok: str) -> list[tuple[int, int]]:
        """Shortest runs of consecutive chunks that normalise to ``tok`` together (spaced letters)."""
        for width in range(2, min(_MAX_RUN, len(chunks)) + 1):
            starts = range(len(chunks) - width + 1)
            texts = [original[chunks[i][0] : chunks[i + width - 1][1]] for i in starts]
            hits = [i for i, toks in zip(starts, self._tokens(texts), strict=True) if tok in toks]
            if hits:
                spans: list[tuple[int, int]] = []
                for i in hits:
                    if not spans or chunks[i][0] >= spans[-1][1]:
                        spans.append((chunks[i][0], chunks[i + width - 1][1]))
                return spans
        return []

    def _trim(self, original: str, begin: int, end: int, tok: str) -> tuple[int, int]:
        """The shortest part of ``original[begin:end]`` that still normalises to (a text with) ``tok``.

        Drops what surrounds the word (quotes, ``!!!``, a mojibake closing quote ``â€\x9d``).
        """
        if end - begin > _MAX_TRIM:
            return begin, end
        ends = list(range(begin + 1, end + 1))
        end = next(e for e, toks in zip(ends, self._tokens([original[begin:e] for e in ends]), strict=True)
                   if tok in toks or e == end)
        begins = list(range(end - 1, begin - 1, -1))
        begin = next(b for b, toks in zip(begins, self._tokens([original[b:end] for b in begins]), strict=True)
                     if tok in toks or b == begin)
        return begin, end
