"""``modstream feedback send|export``: moderators' verdicts in, labelled JSONL out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from streams.security import SecurityConfigError, kafka_python_kwargs
from streams.settings import get_settings

app = typer.Typer(
    rich_markup_mode=None, help="Moderator verdicts: send them, export them joined to decisions.", no_args_is_help=True
)


@app.command("send")
def send_command(
    comment_id: str = typer.Argument(..., help="The comment the verdict concerns."),
    verdict: str = typer.Argument(..., help="approve | reject | relabel."),
    label: list[str] = typer.Option([], "--label", "-l", help="A label that applies (repeatable)."),
    moderator: str | None = typer.Option(None, help="Moderator id; sent only as its sha256 (with --salt)."),
    salt: str = typer.Option("", envvar="MODSTREAM_FEEDBACK_SALT", help="Salt for the moderator hash."),
    tenant: str = typer.Option("default", help="Tenant of the comment."),
    text: str | None = typer.Option(None, help="The comment text, only if your platform allows storing it."),
    topic: str | None = typer.Option(None, help="Topic (default: settings.feedback_topic)."),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
) -> None:
    """Publish one verdict to the feedback topic, keyed by comment id.

    Exit codes: 0 sent; 2 bad arguments, an invalid verdict, Kafka unreachable or bad security settings.
    """
    from pydantic import ValidationError

    from streams.contracts import FeedbackEvent, hash_moderator_id
    from streams.feedback import FeedbackError, send_verdicts

    settings = get_settings()
    try:
        event = FeedbackEvent.model_validate(
            {
                "comment_id": comment_id,
                "verdict": verdict,
                "labels": label,
                "moderator_id": hash_moderator_id(moderator, salt) if moderator else None,
                "decided_at": datetime.now(UTC),
                "tenant": tenant,
                "source": "cli",
                "text": text,
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        typer.echo(f"error: {'.'.join(map(str, first['loc']))}: {first['msg']}", err=True)
        raise typer.Exit(code=2) from None
    target = topic or settings.feedback_topic
    try:
        send_verdicts(
            [event], bootstrap=bootstrap or settings.kafka_bootstrap, topic=target,
            security=kafka_python_kwargs(settings),
        )
    except (FeedbackError, SecurityConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"sent {verdict} for {comment_id} to {target}")


@app.command("export")
def export_command(
    out: Path = typer.Option(Path("var/feedback.jsonl"), "--out", "-o", help="JSONL file to write."),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
) -> None:
    """Join every verdict on the feedback topic to its decision and write labelled JSONL.

    Exit codes: 0 written; 2 bad arguments, Kafka unreachable or bad security settings.
    """
    from streams.feedback import FeedbackError, export
    from streams.scoring import OnnxScorer

    settings = get_settings()
    labels = OnnxScorer.load(settings.model_path).labels
    try:
        stats = export(
            bootstrap or settings.kafka_bootstrap, settings.decisions_topic, settings.feedback_topic, out, labels,
            kafka_python_kwargs(settings),
        )
    except (FeedbackError, SecurityConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(
        f"wrote {stats.rows} verdicts to {out} ({stats.joined} joined to a flag/hide decision, "
        f"{stats.with_text} with text; read {stats.decisions} decisions, {stats.verdicts} verdicts, "
        f"{stats.invalid} invalid skipped)"
    )


@app.command("join")
def join_command(
    loglevel: str = typer.Option(None, "--loglevel", "-l", help="Log level (default: settings)."),
) -> None:
    """Join verdicts to decisions and export live precision (a Faust app beside the workers).

    Exit codes: 0 stopped; 2 bad arguments, Kafka unreachable or bad security settings (one line on
    stderr); otherwise Faust's own exit status.
    """
    import faust

    from streams.kafka_admin import BrokerError, ensure_topics
    from streams.security import SecurityConfigError, kafka_python_kwargs
    from streams.worker.feedback_agents import feedback_changelogs
    from streams.worker.feedback_app import create_join_app, join_app_id

    settings = get_settings()
    topics = (settings.decisions_topic, settings.feedback_topic, settings.dlq_topic)
    try:
        security = kafka_python_kwargs(settings)
        ensure_topics(settings.kafka_bootstrap, dict.fromkeys(topics, settings.topic_partitions), security=security)
        # the join table's changelog (compacted) before the app starts, as `modstream worker` does
        ensure_topics(
            settings.kafka_bootstrap, feedback_changelogs(settings, join_app_id(settings)),
            configs={"cleanup.policy": "compact"}, security=security,
        )
    except (BrokerError, SecurityConfigError) as exc:
        typer.echo(f"modstream feedback join: {exc}", err=True)
        raise typer.Exit(code=2) from None
    app = create_join_app(settings)
    faust.Worker(app, loglevel=loglevel or settings.log_level).execute_from_commandline()
