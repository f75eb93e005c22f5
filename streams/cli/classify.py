"""``modstream classify``: JSONL comment events in, one JSONL decision per event out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer

from streams.settings import get_settings


def classify_command(
    input: Path | None = typer.Argument(None, help="JSONL events (default: stdin)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write decisions here (default: stdout)."),
    model: Path | None = typer.Option(None, help="ONNX model (default: settings)."),
    policy: Path | None = typer.Option(None, help="Policy file (default: settings)."),
) -> None:
    """Decide comments offline with exactly the worker's code: the model, the policy and the stream rules.

    Exit codes: 0 every line decided; 2 bad arguments (a missing input or one that is a directory, an
    output directory that does not exist, an output that is a directory, a model or policy that cannot
    be loaded); 3 some lines were not valid events (each reported as JSON on stderr).
    """
    from streams.clients.replay import read_lines
    from streams.offline import Rejected, classify_lines
    from streams.pipeline import Moderator
    from streams.policy import PolicyError
    from streams.scoring import ModelLoadError

    if input is not None and (input.is_dir() or not input.exists()):
        _fail(f"cannot read {input}: it {'is a directory' if input.is_dir() else 'does not exist'}")
    if output is not None and output.is_dir():
        _fail(f"cannot write {output}: it is a directory")
    if output is not None and not output.parent.is_dir():
        _fail(f"cannot write {output}: {output.parent} is not a directory")
    settings = get_settings()
    try:
        moderator = Moderator.from_paths(model or settings.model_path, policy or settings.policy_path)
    except (ModelLoadError, PolicyError) as exc:
        _fail(str(exc))
    lines = read_lines(input, sys.stdin.buffer if input is None else None)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    rejected = 0
    progress = _progress()
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
                if item.revision == 0:
                    progress.advance()
    finally:
        progress.close()
        if output:
            out.close()
    if rejected:
        raise typer.Exit(code=3)


def _fail(message: str) -> NoReturn:
    typer.echo(f"modstream classify: {message}", err=True)
    raise typer.Exit(code=2)


class _Progress:
    """Comments decided so far, on stderr when it is a terminal (rich); nothing otherwise."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.completed:,} comments decided"), TimeElapsedColumn(),
                            console=console, disable=not console.is_terminal, transient=True)
        self.task = self.bar.add_task("classify", total=None)
        self.bar.start()

    def advance(self) -> None:
        self.bar.advance(self.task)

    def close(self) -> None:
        self.bar.stop()


def _progress() -> _Progress:
    return _Progress()
