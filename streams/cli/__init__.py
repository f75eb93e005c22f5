"""The ``modstream`` console script: one typer command or sub-app per module."""

from __future__ import annotations

import typer

app = typer.Typer(
    rich_markup_mode=None,  # plain help: typer's rich panels label every flag <bool>
    name="modstream",
    help="Streaming comment moderation: Kafka in, ONNX decisions out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    """Attach every command module (each imports its heavy dependencies lazily)."""
    from streams.cli import bench, classify, feedback, kafka, replay, schemas, serve, shadow, tail, worker

    app.command("worker")(worker.worker_command)
    app.command("classify")(classify.classify_command)
    app.command("replay")(replay.replay_command)
    app.command("tail")(tail.tail_command)
    app.command("schemas")(schemas.schemas_command)
    app.command("serve")(serve.serve_command)
    app.add_typer(kafka.app, name="kafka")
    app.add_typer(bench.app, name="bench")
    app.add_typer(feedback.app, name="feedback")
    app.add_typer(shadow.app, name="shadow")
    try:
        from streams.cli import eval as eval_cli
    except ImportError:  # evaluation extras not installed
        return
    app.command("eval")(eval_cli.eval_command)


def main() -> None:
    """Entry point of the ``modstream`` console script."""
    _register()
    app()
