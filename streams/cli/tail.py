"""``modstream tail``: print decisions as they arrive, coloured by action."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import typer
from rich.markup import escape

from streams.settings import get_settings

_STYLE = {"allow": "green", "flag": "yellow", "hide": "bold red"}
REASON_HEADER = "modstream-reason"
"""Header of a dead letter (streams.worker.dead_letters.HEADER_REASON): the record is not a decision."""


def render_dead_letter(key: str | None, headers: Mapping[str, str], size: int) -> str:
    """One human line for a dead letter: its reason and detail headers, where it came from."""
    detail = headers.get("modstream-detail", "").replace("\n", " ")[:200]
    source = headers.get("modstream-source", "?")
    return (
        f"[magenta]DEAD [/magenta] {escape(key or '?')} [cyan]{escape(headers.get(REASON_HEADER, '?'))}[/cyan] "
        f"{escape(detail)} [dim]from {escape(source)}, {size} bytes[/dim]"
    )


def render(decision: dict[str, Any], text: str | None = None) -> str:
    """One human line (rich markup): action, id, revision, top scores, reasons; a clear line for a non-decision."""
    if "action" not in decision:
        return f"[magenta]?    [/magenta] not a decision: {escape(str(decision)[:200])}"
    try:
        return _render_decision(decision)
    except (TypeError, ValueError, AttributeError, KeyError):
        return f"[magenta]?    [/magenta] malformed decision: {escape(json.dumps(decision)[:200])}"


def _render_decision(decision: dict[str, Any]) -> str:
    action = str(decision.get("action", "?"))
    style = _STYLE.get(action, "white")
    scores = decision.get("scores") or {}
    top = sorted(scores.items(), key=lambda kv: -kv[1])[:3]
    score_text = " ".join(f"{k}={v:.2f}" for k, v in top)
    revision = decision.get("revision", 0)
    rev = f" rev{revision}" if revision else ""
    reasons = ", ".join(decision.get("reasons") or []) or "-"
    spans = ", ".join(
        f"{c['span']!r}" for c in (decision.get("explanations") or [])[:3] if "span" in c
    )
    why = f" because {spans}" if spans else ""
    return (
        f"[{style}]{action.upper():5}[/{style}] {decision.get('comment_id', '?')}{rev} "
        f"[dim]{decision.get('tenant', '')}[/dim] {score_text}  [cyan]{reasons}[/cyan]{why}"
    )


def tail_command(
    from_beginning: bool = typer.Option(False, "--from-beginning", help="Start at the oldest decision."),
    max_messages: int | None = typer.Option(None, "--max", help="Stop after this many decisions."),
    idle_timeout: float | None = typer.Option(None, "--idle-timeout", help="Stop after this many quiet seconds."),
    raw: bool = typer.Option(False, "--json", help="Print the decision JSON as it is."),
    topic: str | None = typer.Option(None, help="Topic (default: settings.decisions_topic)."),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
    since: float | None = typer.Option(
        None, "--since", help="Skip records written before this time (epoch seconds): only this run's."
    ),
    final: bool = typer.Option(
        False, "--final", help="Print each comment's final decision once (highest revision) when the stream has "
        "been quiet for --idle-timeout seconds (default 10); --max is not used.",
    ),
) -> None:
    """Follow the decisions topic.

    Exit codes: 0 done (or interrupted); 2 Kafka unreachable or bad security settings.
    """
    from rich.console import Console

    from streams.clients import ClientError, tail
    from streams.security import SecurityConfigError, kafka_python_kwargs

    settings = get_settings()
    console = Console(highlight=False)
    latest: dict[str, dict[str, Any]] = {}  # --final: comment id -> highest revision, in first-seen order

    def show(decision: dict[str, Any]) -> None:
        if raw:
            print(json.dumps(decision, ensure_ascii=False), flush=True)
        else:
            console.print(render(decision))

    try:
        for received in tail(
            bootstrap=bootstrap or settings.kafka_bootstrap,
            topic=topic or settings.decisions_topic,
            from_beginning=from_beginning,
            max_messages=None if final else max_messages,
            idle_timeout=10.0 if final and idle_timeout is None else idle_timeout,
            security=kafka_python_kwargs(settings),
        ):
            if since is not None and received.timestamp < since:
                continue
            if REASON_HEADER in received.headers:  # a dead letter (e.g. --topic comments.dlq)
                if raw:
                    show(received.decision)
                else:
                    console.print(render_dead_letter(received.key, received.headers, received.size))
                continue
            if not final:
                show(received.decision)
                continue
            cid = str(received.decision.get("comment_id", received.key))
            known = latest.get(cid)
            if known is None or int(received.decision.get("revision", 0)) > int(known.get("revision", 0)):
                latest[cid] = received.decision
    except (ClientError, SecurityConfigError) as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from None
    except KeyboardInterrupt:
        pass
    for decision in latest.values():
        show(decision)
