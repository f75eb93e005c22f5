"""``modstream shadow report``: compare the shadow's would-be decisions with the live ones."""

from __future__ import annotations

import json

import typer

from streams.settings import get_settings

app = typer.Typer(
    rich_markup_mode=None, help="Shadow model / policy: compare it with the live one.", no_args_is_help=True
)


@app.command("report")
def report_command(
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Agreement, action changes by label and tenant, and precision from moderator verdicts.

    Exit codes: 0 reported; 2 bad arguments, Kafka unreachable or bad security settings.
    """
    from streams.feedback import FeedbackError
    from streams.feedback.export import read_topic
    from streams.security import SecurityConfigError, kafka_python_kwargs
    from streams.shadow import build_report, render

    settings = get_settings()
    server = bootstrap or settings.kafka_bootstrap
    try:
        security = kafka_python_kwargs(settings)
        live = list(read_topic(server, settings.decisions_topic, security=security))
        shadow = list(read_topic(server, settings.shadow_topic, security=security))
        try:
            feedback = list(read_topic(server, settings.feedback_topic, security=security))
        except FeedbackError:  # no feedback topic yet: no precision
            feedback = []
    except (FeedbackError, SecurityConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    report = build_report(live, shadow, feedback)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else render(report))
