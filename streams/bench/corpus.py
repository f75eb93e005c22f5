"""Deterministic benchmark comments at realistic lengths (mean ~250 characters, tail to 5,000).

Text comes from real news-site comments (the C3 set in ``../shared/data``, Globe and Mail
comments, used here only as benchmark text) mixed with the bundled samples, whose share of abuse,
obfuscation, mojibake and spam is deliberately high; without ``../shared`` the samples alone.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from streams.settings import REPO_ROOT

SAMPLE = REPO_ROOT / "samples" / "comments.jsonl"
NEWS_COMMENTS = REPO_ROOT.parent / "shared" / "data" / "c3-constructive-comments" / "C3_anonymized.csv"
SAMPLE_SHARE = 0.15  # share of pieces drawn from the (abuse-heavy) bundled samples
MEAN_CHARS = 250
MAX_CHARS = 5000


def sample_texts(path: Path = SAMPLE) -> list[str]:
    """The non-empty texts of the bundled sample events."""
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
    return texts


def news_texts(path: Path = NEWS_COMMENTS) -> list[str]:
    """Real news-site comments, if the shared data sets are beside the repository."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["comment_text"] for row in csv.DictReader(handle) if row.get("comment_text", "").strip()]


def comment_texts(n: int, seed: int = 7, path: Path = SAMPLE) -> list[str]:
    """``n`` comments: texts cut or joined to log-normal lengths (mean ~250, cap 5,000)."""
    rng = random.Random(seed)
    samples = sample_texts(path)
    news = news_texts()
    out = []
    for _ in range(n):
        target = min(MAX_CHARS, max(8, int(rng.lognormvariate(5.2, 0.75))))
        parts: list[str] = []
        size = 0
        while size < target:
            pool = samples if not news or rng.random() < SAMPLE_SHARE else news
            piece = rng.choice(pool)
            parts.append(piece)
            size += len(piece) + 1
        out.append(" ".join(parts)[:target])
    return out


def comment_events(n: int, seed: int = 7, prefix: str = "bench") -> list[bytes]:
    """``n`` serialised comment events around :func:`comment_texts`."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 24, tzinfo=UTC)
    # One event per millisecond of event time; authors and threads grow with n so each keeps the
    # same posting rate at any size (otherwise a long run turns into a flood of repeat posters).
    authors, threads = max(5000, n // 4), max(200, n // 100)
    events = []
    for i, text in enumerate(comment_texts(n, seed)):
        events.append(
            json.dumps(
                {
                    "comment_id": f"{prefix}-{i}",
                    "thread_id": f"t-{rng.randrange(threads)}",
                    "author_id": f"a-{rng.randrange(authors)}",
                    "text": text,
                    "created_at": (start + timedelta(milliseconds=i)).isoformat(),
                    "tenant": "bench",
                },
                ensure_ascii=False,
            ).encode()
        )
    return events
