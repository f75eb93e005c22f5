"""``/healthz`` (the process answers) and ``/readyz`` (broker reachable, model process answering,
partitions assigned, the moderation agent alive and making progress when work waits)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import faust
from faust.web import Request, Response, View

from streams.kafka_admin import BrokerError, group_offsets, probe
from streams.metrics import READY, READY_CHECKS


class Progress:
    """Whether the moderation agent runs, and when it last finished a batch (monotonic seconds)."""

    def __init__(self) -> None:
        self.running = False
        self.last_batch = time.monotonic()

    def agent_started(self) -> None:
        self.running = True
        self.last_batch = time.monotonic()

    def agent_stopped(self) -> None:
        self.running = False

    def batch_done(self) -> None:
        self.last_batch = time.monotonic()

    def stuck(self, waiting: int, after_s: float) -> bool:
        """Records wait (``waiting`` > 0) and no batch finished for ``after_s`` seconds."""
        return waiting > 0 and time.monotonic() - self.last_batch > after_s


class BrokerProbe:
    """The broker's reachability, asked off the event loop with an admin request every ``interval_s``."""

    def __init__(self, bootstrap: str, security: Mapping[str, Any], group: str, interval_s: float = 5.0) -> None:
        self.bootstrap = bootstrap
        self.security = dict(security)
        self.group = group
        self.interval_s = interval_s
        self.ok = True  # until the first answer: the worker only starts after the broker answered
        self.committed: dict[tuple[str, int], int] | None = None
        """The group's committed offsets, read once (where lag counts from after a restart)."""

    def _check(self) -> bool:
        ok = probe(self.bootstrap, 3.0, self.security)
        if ok and self.committed is None:
            with contextlib.suppress(BrokerError):
                self.committed = group_offsets(self.bootstrap, self.group, security=self.security)
        return ok

    async def check(self) -> bool:
        self.ok = await asyncio.to_thread(self._check)
        return self.ok

    async def run(self) -> None:
        while True:
            await self.check()
            await asyncio.sleep(self.interval_s)


def readiness(
    app: faust.App, model_loaded: bool, source_topic: str, extra: Mapping[str, bool] | None = None
) -> dict[str, Any]:
    """What orchestrators need to know before sending traffic or counting this worker in.

    Ready means: the producer is running and the broker answered the last admin probe, the model
    process answered a call just now (``model_loaded``), this worker holds at least one partition of
    the comments topic, and (``extra``) its moderation agent runs and makes progress when records wait.
    """
    try:
        assigned = sorted(f"{tp.topic}/{tp.partition}" for tp in app.consumer.assignment())
    except Exception:  # consumer not started yet
        assigned = []
    producer = app.producer
    broker = bool(producer is not None and producer.started and not producer.should_stop)
    owns_source = any(name.rpartition("/")[0] == source_topic for name in assigned)
    checks = {"broker": broker, "model": model_loaded, "partitions_assigned": owns_source}
    for name, ok in (extra or {}).items():
        checks[name] = checks.get(name, True) and ok
    ready = all(checks.values())
    READY.set(1 if ready else 0)
    for name, ok in checks.items():
        READY_CHECKS.labels(check=name).set(1 if ok else 0)
    return {"ready": ready, "checks": checks, "partitions": assigned}


def register_views(
    app: faust.App,
    model_alive: Callable[[], Awaitable[bool]],
    source_topic: str,
    extra: Callable[[], Mapping[str, bool]] | None = None,
) -> None:
    """Add the health views to the app's web server; ``model_alive`` asks the model process."""

    @app.page("/healthz")
    class Healthz(View):
        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok"})

    @app.page("/readyz")
    class Readyz(View):
        async def get(self, request: Request) -> Response:
            state = readiness(app, await model_alive(), source_topic, extra() if extra else None)
            return self.json(state, status=200 if state["ready"] else 503)
