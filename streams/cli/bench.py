"""``modstream bench classify|e2e|serve``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from streams.settings import get_settings


@contextmanager
def _failures(command: str) -> Iterator[None]:
    """A failed run (missing decisions, no broker, a server that did not start): its message, exit 1."""
    from streams.bench.exceptions import BenchError
    from streams.kafka_admin import BrokerError
    from streams.security import SecurityConfigError

    try:
        yield
    except (BenchError, BrokerError, SecurityConfigError) as exc:
        typer.echo(f"modstream bench {command}: {exc}", err=True)
        raise typer.Exit(code=1) from None


app = typer.Typer(
    rich_markup_mode=None, help="Benchmarks: classification speed on one core, and end to end through Kafka."
)


@app.command("classify")
def classify(
    n: int = typer.Option(20_000, help="Comments to classify."),
    batch_size: int = typer.Option(128, help="Comments per batch (the worker's default is 512)."),
    peer: bool = typer.Option(True, help="Also time alt-profanity-check on the same comments."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Comments/s through parse + normalise + score + decide, pinned to one core.

    Exit codes: 0 measured; 2 bad arguments.
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from rich.console import Console
    from rich.progress import Progress

    from streams.bench.classify import bench_classify, pin_to_one_core
    from streams.pipeline import Moderator

    cpu = pin_to_one_core()
    settings = get_settings()
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path)
    console = Console(stderr=True)
    with Progress(console=console, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("classify", total=n)
        result = bench_classify(
            moderator, n=n, batch_size=batch_size, peer=peer,
            on_progress=lambda done: bar.update(task, completed=done),
        )
    doc = {"cpu": cpu, "model_version": moderator.model_version, **result.as_dict()}
    if as_json:
        print(json.dumps(doc))
        return
    for key, value in doc.items():
        console.print(f"{key:>22}: {value}", highlight=False)


@app.command("e2e")
def e2e(
    n: int = typer.Option(20_000, help="Comments in the throughput burst."),
    latency_rate: float = typer.Option(200.0, help="Events/s in the paced latency run."),
    latency_n: int = typer.Option(2_000, help="Comments in the paced latency run."),
    mode: list[str] = typer.Option(
        ["stateless", "stateful", "ceiling"],
        help="Which configurations to run: stateless, stateful, ceiling, shadow (stateless + a second model), "
        "feedback-join (stateless with the feedback join inside the worker), stateful-2w and stateless-2w "
        "(two worker processes in one group).",
    ),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Throughput and p50/p99 latency through the real broker and a worker process.

    Exit codes: 0 measured; 1 the run failed (decisions missing, broker unreachable: one message on
    stderr); 2 bad arguments.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from streams.bench.e2e import bench_e2e, to_json

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, disable=as_json or not console.is_terminal,
    ) as bar:
        task = bar.add_task("decisions", total=None)

        def on_progress(message: str) -> None:
            bar.update(task, description=message, completed=0, total=None)
            if not console.is_terminal and not as_json:
                console.print(f"[dim]{message}[/dim]")

        with _failures("e2e"):
            results = bench_e2e(
                bootstrap=bootstrap or get_settings().kafka_bootstrap,
                n=n, latency_rate=latency_rate, latency_n=latency_n, modes=tuple(mode),
                on_progress=on_progress,
                on_count=lambda done, total: bar.update(task, completed=done, total=total),
            )
    if as_json:
        print(to_json(results))
        return
    for r in results:
        console.print(
            f"{r.mode:>10}: {r.throughput_per_s:>8.1f} comments/s   "
            f"p50 {r.latency_p50_ms:.1f} ms  p99 {r.latency_p99_ms:.1f} ms at {r.latency_rate_per_s}/s   "
            f"worker RSS {r.worker_max_rss_mb} MB",
            highlight=False,
        )


@app.command("serve")
def serve(
    workers: int = typer.Option(1, help="modstream serve worker processes."),
    concurrency: int = typer.Option(16, help="Connections in the throughput run."),
    duration: float = typer.Option(10.0, help="Seconds of the throughput run."),
    rate: float = typer.Option(200.0, help="Requests/s of the paced latency run."),
    rate_duration: float = typer.Option(10.0, help="Seconds of the paced run."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """comments:analyze requests/s and p50/p99 latency; load from this process, server in a child.

    Exit codes: 0 measured; 1 the server did not start (one message on stderr); 2 bad arguments.
    """
    import tempfile
    from pathlib import Path

    from streams.bench.serve import bench_serve

    with tempfile.TemporaryDirectory(prefix="modstream-bench-serve-") as tmp, _failures("serve"):
        doc = bench_serve(
            workers=workers, concurrency=concurrency, duration_s=duration, rate=rate,
            rate_duration_s=rate_duration, log=Path(tmp) / "serve.log",
        )
    if as_json:
        print(json.dumps(doc))
        return
    print(f"workers {doc['workers']}, cores {doc['cores']}, load average before {doc['load_average_before']}, "
          f"mean request {doc['mean_request_chars']} bytes, "
          f"server CPU {doc['server_cpu_ms_per_request']} ms per request (throughput run)")
    for r in doc["runs"]:
        rate_s = f" at {r['target_rate_per_s']:.0f}/s" if r["target_rate_per_s"] else f", {r['concurrency']} conns"
        print(f"{r['kind']:>10}{rate_s}: {r['requests_per_s']:>8.1f} req/s  p50 {r['p50_ms']:.2f} ms  "
              f"p99 {r['p99_ms']:.2f} ms  max {r['max_ms']:.1f} ms  errors {r['errors']}/{r['requests']}")


@app.command("soak")
def soak(
    rate: float = typer.Option(300.0, help="Comments/s sent, fixed."),
    minutes: float = typer.Option(30.0, help="How long to send."),
    time_scale: float = typer.Option(12.0, help="Event time runs this many times faster than the clock."),
    new_authors: float = typer.Option(0.4, help="Share of comments from authors never seen before."),
    sample_s: float = typer.Option(60.0, help="Seconds between samples."),
    feedback_join: bool = typer.Option(
        False, help="Also run the feedback join in the worker, with a verdict for every tenth comment."
    ),
    feedback_max_keys: int | None = typer.Option(
        None, min=1, help="The feedback join's key cap per partition (default: settings)."
    ),
    bootstrap: str | None = typer.Option(None, help="Kafka bootstrap (default: settings)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """A stateful worker at a fixed rate on a real broker: RSS (total, and per process) and table keys over time.

    Exit codes: 0 every comment decided; 1 some undecided, or the run failed (one message on stderr);
    2 bad arguments.
    """
    from rich.console import Console

    from streams.bench.soak import Sample, bench_soak

    console = Console(stderr=True)

    def show(s: Sample) -> None:
        if not as_json:
            keys = "  ".join(f"{k} {v:,.0f}" for k, v in sorted(s.table_keys.items()))
            parts = " + ".join(f"{k} {v:.1f}" for k, v in s.rss_parts_mb.items())
            console.print(
                f"{s.elapsed_s:>7.0f}s  sent {s.sent:>8,}  decided {s.decided:>8,}  "
                f"RSS {s.rss_mb or 0:>6.1f} MB ({parts})  {keys}",
                highlight=False,
            )

    with _failures("soak"):
        result = bench_soak(
            bootstrap=bootstrap or get_settings().kafka_bootstrap, rate=rate, duration_s=minutes * 60,
            time_scale=time_scale, new_author_share=new_authors, sample_s=sample_s, feedback_join=feedback_join,
            feedback_max_keys=feedback_max_keys, on_sample=show,
        )
    doc = result.as_dict()
    if as_json:
        print(json.dumps(doc))
        raise typer.Exit(code=1 if result.missing else 0)
    growth = doc["rss_growth_last_20min"]
    if result.missing:
        console.print(f"[red]{result.missing} comments undecided[/red]")
    console.print(
        f"sent {result.sent:,}, decided {result.decided:,}, missing {result.missing}; RSS change over the last "
        f"20 minutes: {'n/a' if growth is None else f'{growth:+.1%}'}",
        highlight=False,
    )
    if result.missing:
        raise typer.Exit(code=1)
