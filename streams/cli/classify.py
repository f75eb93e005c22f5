"""``modstream classify``: JSONL comment events in, one JSONL decision per event out."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from streams.settings import get_settings


def classify_command(
    input: Path | None = typer.Argument(None, help="JSONL events (default: stdin).", exists=True),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write decisions here (default: stdout)."),
    model: Path | None = typer.Option(None, help="ONNX model (default: settings)."),
    policy: Path | None = typer.Option(None, help="Policy file (default: settings)."),
) -> None:
    """Decide comments offline with exactly the worker's normalise -> score -> decide code."""
    from streams.clients.replay import read_lines
    from streams.offline import Rejected, classify_lines
    from streams.pipeline import Moderator

    settings = get_settings()
    moderator = Moderator.from_paths(model or settings.model_path, policy or settings.policy_path)
    lines = read_lines(input, sys.stdin.buffer if input is None else None)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    rejected = 0
    try:
        for item in classify_lines(
            lines,
            moderator,
            max_bytes=settings.max_event_bytes,
            max_text_chars=settings.max_text_chars,
        ):
            if isinstance(item, Rejected):
                rejected += 1
                print(item.to_json(), file=sys.stderr)
            else:
                out.write(item.model_dump_json() + "\n")
    finally:
        if output:
            out.close()
    if rejected:
        raise typer.Exit(code=3)
