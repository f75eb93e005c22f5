"""``modstream kafka``: the project's local Apache Kafka broker (KRaft, single node)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from streams.broker import BrokerError, LocalKafka, ensure_topics
from streams.security import SecurityConfigError

app = typer.Typer(
    rich_markup_mode=None,
    help="Local single-node Apache Kafka (KRaft) from Maven Central: fetch, up, down, status, "
    "topics. Ports/paths: MODSTREAM_KAFKA_PORT, MODSTREAM_KAFKA_DATA_DIR, MODSTREAM_KAFKA_HOME.",
    no_args_is_help=True,
)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn broker errors into a message on stderr and exit code 1."""
    try:
        yield
    except (BrokerError, SecurityConfigError) as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None


@app.command()
def fetch() -> None:
    """Resolve the broker jars from Maven Central into the cache (no-op when cached).

    Exit codes: 0 jars cached; 1 a broker error (one line on stderr); 2 bad arguments.
    """
    kafka = LocalKafka()
    with _errors():
        ran = kafka.resolve()
    verb = "resolved into" if ran else "already cached in"
    typer.echo(f"Kafka {kafka.config.version} jars {verb} {kafka.config.libs}")


@app.command()
def up(
    timeout: Annotated[float | None, typer.Option(help="Seconds to wait for the broker to be ready.")] = None,
) -> None:
    """Start the broker (resolve jars, format storage if needed); returns when it is ready.

    Exit codes: 0 up (or already running); 1 a broker error (one line on stderr); 2 bad arguments.
    """
    kafka = LocalKafka()
    with _errors():
        result = kafka.up(timeout)
    if result.already_running:
        typer.echo(f"Kafka is already running at {result.bootstrap} (pid {result.pid})")
        return
    steps = []
    if result.resolved_jars:
        steps.append(f"jars resolved in {result.resolve_seconds:.1f}s")
    if result.formatted:
        steps.append(f"storage formatted in {result.format_seconds:.1f}s")
    extra = f"; {', '.join(steps)}" if steps else ""
    typer.echo(
        f"Kafka {kafka.config.version} is up at {result.bootstrap} (pid {result.pid}) "
        f"in {result.seconds:.1f}s{extra}; log: {kafka.log_file}"
    )


@app.command()
def down(
    timeout: Annotated[float, typer.Option(help="Seconds to wait after SIGTERM.")] = 30.0,
) -> None:
    """Stop the broker gracefully (SIGTERM, then SIGKILL after --timeout).

    Exit codes: 0 stopped (or not running); 1 a broker error (one line on stderr); 2 bad arguments.
    """
    with _errors():
        result = LocalKafka().down(timeout)
    if not result.stopped:
        typer.echo("Kafka is not running")
        return
    how = "killed" if result.forced else "stopped"
    typer.echo(f"Kafka {how} (pid {result.pid}) in {result.seconds:.1f}s")


@app.command()
def status() -> None:
    """Print whether the broker is up and its bootstrap address.

    Exit codes: 0 up and ready; 1 down, starting or unresponsive, or a broker error.
    """
    with _errors():
        st = LocalKafka().status()
    if st.ready:
        typer.echo(f"up: {st.bootstrap} (pid {st.pid})")
        return
    if st.running:
        typer.echo(f"starting/unresponsive: {st.bootstrap} (pid {st.pid}); log: {st.log_file}")
    else:
        typer.echo(f"down: {st.bootstrap}")
    raise typer.Exit(1)


@app.command()
def topics(
    partitions: Annotated[
        int | None, typer.Option(min=1, help="Partitions per topic [default: topic_partitions].")
    ] = None,
    replication: Annotated[int, typer.Option(min=1, help="Replication factor.")] = 1,
    bootstrap: Annotated[
        str | None,
        typer.Option(help="Kafka bootstrap servers [default: MODSTREAM_KAFKA_BOOTSTRAP]."),
    ] = None,
) -> None:
    """Create the project's topics if missing (comments, decisions, DLQ, feedback; names from settings).

    Exit codes: 0 every topic exists; 1 a broker error (one line on stderr); 2 bad arguments.
    """
    from streams.security import kafka_python_kwargs
    from streams.settings import get_settings

    settings = get_settings()
    names = (settings.comments_topic, settings.decisions_topic, settings.dlq_topic, settings.feedback_topic)
    parts = partitions or settings.topic_partitions
    target = bootstrap or settings.kafka_bootstrap
    with _errors():
        security = kafka_python_kwargs(settings)
        created = ensure_topics(target, dict.fromkeys(names, parts), replication, security=security)
    for name in names:
        state = "created" if name in created else "exists"
        typer.echo(f"{name}: {state} ({target})")
