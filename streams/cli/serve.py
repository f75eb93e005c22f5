"""``modstream serve``: the moderator over HTTP (Perspective-compatible and native routes)."""

from __future__ import annotations

import os

import typer


def serve_command(
    host: str = typer.Option(None, "--host", help="Address to bind [default: MODSTREAM_SERVE_HOST or 127.0.0.1]."),
    port: int = typer.Option(None, "--port", help="Port [default: MODSTREAM_SERVE_PORT or 8080]."),
    workers: int = typer.Option(None, "--workers", min=1, help="Server processes [default: MODSTREAM_SERVE_WORKERS]."),
    insecure_no_auth: bool = typer.Option(
        False, "--insecure-no-auth", help="Allow a non-loopback bind without MODSTREAM_API_KEYS."
    ),
    log_level: str = typer.Option("warning", "--log-level", help="uvicorn log level."),
) -> None:
    """Serve comments:analyze / suggestscore, /v1/moderate, /healthz, /readyz and /metrics.

    Exit codes: 0 stopped; 2 bad arguments, or a non-loopback bind without API keys; 3 the server
    could not start (uvicorn's startup failure, e.g. the port is taken).
    """
    import uvicorn

    from streams.serve.settings import ServeSettings, is_loopback

    serve = ServeSettings()
    host = host or serve.host
    port = serve.port if port is None else port
    workers = workers or serve.workers
    if not serve.keys() and not is_loopback(host) and not insecure_no_auth:
        typer.echo(
            f"error: refusing to bind {host} without API keys: set MODSTREAM_API_KEYS (or pass --insecure-no-auth)",
            err=True,
        )
        raise typer.Exit(2)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    common = {"host": host, "port": port, "log_level": log_level, "access_log": False}
    if workers > 1:
        uvicorn.run("streams.serve.app:app_from_env", factory=True, workers=workers, **common)  # type: ignore[arg-type]
        return
    from streams.serve.app import app_from_env

    uvicorn.run(app_from_env(), **common)  # type: ignore[arg-type]
