"""Metrics of ``modstream serve``, on their own registry (the worker's live in ``streams.metrics``;
the policy's three are shared), and the ASGI middleware that records them. ``/metrics`` of the
service exports this registry."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, PlatformCollector, ProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from streams.metrics.registry import POLICY_INFO, POLICY_RELOAD_ERRORS, POLICY_RELOADS

SERVE_REGISTRY = CollectorRegistry()
ProcessCollector(registry=SERVE_REGISTRY)
PlatformCollector(registry=SERVE_REGISTRY)
for _policy_metric in (POLICY_INFO, POLICY_RELOADS, POLICY_RELOAD_ERRORS):  # the worker's, same meaning
    SERVE_REGISTRY.register(_policy_metric)

HTTP_REQUESTS = Counter(
    "modstream_http_requests_total", "HTTP requests answered by modstream serve, by route and status.",
    ["route", "status"], registry=SERVE_REGISTRY,
)
HTTP_REQUEST_SECONDS = Histogram(
    "modstream_http_request_seconds", "Time to answer an HTTP request (modstream serve), by route.",
    ["route"], registry=SERVE_REGISTRY,
    buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
)
FEEDBACK_PUBLISHED = Counter(
    "modstream_serve_feedback_published_total", "Feedback records published by comments:suggestscore.",
    registry=SERVE_REGISTRY,
)


class MetricsMiddleware:
    """Counts every HTTP request by route (a known path, else ``other``) and status, and times it."""

    def __init__(self, app: ASGIApp, routes: frozenset[str]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        route = scope["path"] if scope["path"] in self.routes else "other"
        status = 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            HTTP_REQUESTS.labels(route=route, status=str(status)).inc()
            HTTP_REQUEST_SECONDS.labels(route=route).observe(time.perf_counter() - started)
