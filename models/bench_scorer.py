"""Throughput of features + ONNX on ~250-char real comments (run under ``taskset -c 0``).

    taskset -c 0 .venv/bin/python -m models.bench_scorer
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from streams.corpora.datasets import DEFAULT_DATA_ROOT, load_jigsaw
from streams.normalize import normalize
from streams.scoring import OnnxScorer, default_model_path


def comments_250(root: Path, n: int) -> list[str]:
    """``n`` normalised comments cut or repeated to about 250 characters."""
    out: list[str] = []
    for ex in load_jigsaw(root):
        text = normalize(ex.text).text
        while len(text) < 250:
            text = f"{text} {text}"
        out.append(text[:250])
        if len(out) == n:
            break
    return out


def throughput(scorer: OnnxScorer, texts: list[str], batch: int, seconds: float) -> float:
    """Comments per second of ``scorer.score`` over ``texts`` in batches of ``batch``."""
    batches = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    for b in batches[:4]:
        scorer.score(b)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for b in batches:
            scorer.score(b)
            done += len(b)
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_path())
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    scorer = OnnxScorer.load(args.model)
    rate = throughput(scorer, comments_250(DEFAULT_DATA_ROOT, 4096), args.batch, args.seconds)
    print(f"features+ONNX: {rate:,.0f} comments/s, {1e6 / rate:.1f} us/comment "
          f"(batch {args.batch}, 250 chars, {scorer.version})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
