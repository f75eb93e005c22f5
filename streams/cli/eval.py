"""``modstream eval``: held-out metrics and generated suites beside alt-profanity-check."""

from __future__ import annotations

from pathlib import Path

import typer

from streams.settings import get_settings


def eval_command(
    model: Path | None = typer.Option(None, help="ONNX model (default: settings)."),
    policy: Path | None = typer.Option(None, help="Policy file (default: settings)."),
    out_json: Path | None = typer.Option(None, "--out-json", help="Write the full report as JSON here."),
    out_md: Path | None = typer.Option(None, "--out-md", help="Write the markdown report here too."),
    update_doc: list[Path] | None = typer.Option(
        None, "--update-doc", help="Replace the generated-report block of this markdown file (repeatable; "
        "e.g. docs/evaluation.md, models/MODEL_CARD.md).",
    ),
    suite: list[str] | None = typer.Option(
        None, "--suite", help="Only these (repeatable): heldout, evasion, identity, approving_profanity, "
        "heated_opinion, counter_speech, spam_campaigns, news_spam, money_jobs_links, threats, everyday_words. "
        "Default: all.",
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many rows per data set / suite."),
    data_root: Path | None = typer.Option(None, "--data-root", help="Labelled data (default: ../shared/data)."),
    baseline: bool = typer.Option(
        True, "--baseline/--no-baseline", help="Fit (or load from var/cache) the plain TF-IDF baseline and "
        "report it beside the model and the peer (needs the train extra).",
    ),
    baseline_train_limit: int | None = typer.Option(
        None, "--baseline-train-limit", min=2, help="Fit the baseline on a sample of this many training rows.",
    ),
) -> None:
    """Evaluate the model and policy through the production normalise -> score -> decide path.

    Exit codes: 0 evaluated; 2 bad arguments (an unknown suite, a model, policy or data set that cannot
    be read, an --update-doc file without a report block).
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from streams.evaluation import (
        EvalOptions,
        EvaluationError,
        check_document,
        run_eval,
        to_markdown,
        update_document,
        write_json,
        write_markdown,
    )
    from streams.policy import PolicyError
    from streams.scoring import ModelLoadError

    settings = get_settings()
    options = EvalOptions(
        model=model or settings.model_path,
        policy=policy or settings.policy_path,
        suites=tuple(suite) if suite else None,
        limit=limit,
        data_root=data_root,
        baseline=baseline,
        baseline_train_limit=baseline_train_limit,
    )
    try:
        for doc in update_doc or []:
            check_document(doc)  # before the long run, not after it
        console = Console(stderr=True)
        with Progress(
            TextColumn("eval: {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, disable=not console.is_terminal, transient=True,
        ) as bar:
            task = bar.add_task("starting", total=None)

            def on_step(name: str, done: int, total: int) -> None:
                bar.update(task, description=name, completed=done, total=total)

            report = run_eval(options, on_step=on_step)
    except (EvaluationError, ModelLoadError, PolicyError) as exc:
        typer.echo(f"modstream eval: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(to_markdown(report))
    if out_json:
        write_json(report, out_json)
    if out_md:
        write_markdown(report, out_md)
    for doc in update_doc or []:
        update_document(report, doc)
        typer.echo(f"updated the report block of {doc}", err=True)
