"""``/healthz`` (the process answers) and ``/readyz`` (broker reachable, model process answering,
partitions assigned)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import faust
from faust.web import Request, Response, View


def readiness(app: faust.App, model_loaded: bool, source_topic: str) -> dict[str, Any]:
    """What orchestrators need to know before sending traffic or counting this worker in.

    Ready means: the producer is running (so the broker answered), the model process answered a
    call just now (``model_loaded``), and this worker holds at least one partition of the comments topic.
    """
    try:
        assigned = sorted(f"{tp.topic}/{tp.partition}" for tp in app.consumer.assignment())
    except Exception:  # consumer not started yet
        assigned = []
    producer = app.producer
    broker = bool(producer is not None and producer.started and not producer.should_stop)
    owns_source = any(name.rpartition("/")[0] == source_topic for name in assigned)
    checks = {"broker": broker, "model": model_loaded, "partitions_assigned": owns_source}
    return {"ready": all(checks.values()), "checks": checks, "partitions": assigned}


def register_views(app: faust.App, model_alive: Callable[[], Awaitable[bool]], source_topic: str) -> None:
    """Add the health views to the app's web server; ``model_alive`` asks the model process."""

    @app.page("/healthz")
    class Healthz(View):
        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok"})

    @app.page("/readyz")
    class Readyz(View):
        async def get(self, request: Request) -> Response:
            state = readiness(app, await model_alive(), source_topic)
            return self.json(state, status=200 if state["ready"] else 503)
