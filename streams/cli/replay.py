"""``modstream replay``: send a JSONL file of comment events to Kafka."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from streams.settings import get_settings


def replay_command(
    input: Path | None = typer.Argument(None, help="JSONL events (default: stdin).", exists=True),
    rate: float | None = typer.Option(None, help="Events per second (default: as fast as possible)."),
    topic: str | None = typer.Option(None, help="Topic (default: settings.comments_topic)."),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
    progress: bool = typer.Option(True, help="Show a progress bar on a terminal."),
) -> None:
    """Send each line as one event, keyed by comment_id; malformed lines are sent as they are.

    Exit codes: 0 every line sent; 2 bad arguments, Kafka unreachable, bad security settings, or a
    line the broker refused (one line on stderr; earlier lines may have been sent).
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from streams.clients import ClientError, read_lines, replay
    from streams.security import SecurityConfigError, kafka_python_kwargs

    settings = get_settings()
    lines = list(read_lines(input, sys.stdin.buffer if input is None else None))
    console = Console(stderr=True)
    show = progress and console.is_terminal
    with Progress(
        TextColumn("replay"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, disable=not show,
    ) as bar:
        task = bar.add_task("replay", total=len(lines))
        try:
            sent = replay(
                lines,
                bootstrap=bootstrap or settings.kafka_bootstrap,
                topic=topic or settings.comments_topic,
                rate=rate,
                on_sent=lambda n: bar.update(task, completed=n),
                security=kafka_python_kwargs(settings),
            )
        except (ClientError, SecurityConfigError) as exc:
            typer.echo(f"modstream replay: {exc}", err=True)
            raise typer.Exit(code=2) from None
    console.print(f"sent {sent} events to {topic or settings.comments_topic}")
