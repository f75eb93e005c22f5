"""The FastAPI application of ``modstream serve``: Perspective-compatible and native routes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException

from streams.contracts import CommentEvent, utc_now
from streams.lang.models import LanguageModels
from streams.pipeline import Moderator
from streams.policy import PolicyStore, install_sighup, watch
from streams.security import kafka_python_kwargs
from streams.serve.attributes import label_for, resolve_languages
from streams.serve.engine import Engine, Job, Result, perspective_event
from streams.serve.exceptions import ApiError, invalid_argument, unavailable
from streams.serve.feedback import FeedbackPublisher, to_feedback
from streams.serve.guard import GuardMiddleware
from streams.serve.metrics import FEEDBACK_PUBLISHED, SERVE_REGISTRY, MetricsMiddleware
from streams.serve.native import BatchRequest, BatchResponse, ServedDecision
from streams.serve.perspective import (
    AnalyzeRequest,
    AnalyzeResponse,
    SuggestScoreRequest,
    SuggestScoreResponse,
)
from streams.serve.settings import ServeSettings
from streams.serve.spans import blank_html
from streams.settings import Settings

log = logging.getLogger(__name__)

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"
MODERATE = "/v1/moderate"
MODERATE_BATCH = "/v1/moderate:batch"
ROUTES = frozenset({ANALYZE, SUGGEST, MODERATE, MODERATE_BATCH, "/healthz", "/readyz", "/metrics", "/openapi.json"})
_STATUS_NAMES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "INVALID_ARGUMENT", 415: "INVALID_ARGUMENT"}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad body, attribute, language or text: {\"error\": {code, message, status}}"},
    403: {"description": "Missing or unknown API key (when MODSTREAM_API_KEYS is set)"},
}


POLICY_HEADER = "x-modstream-policy-version"
"""Response header of the scoring routes: the policy version their batch was decided under."""


def _json(body: dict[str, Any], status: int = 200, policy_version: str | None = None) -> Response:
    # ASCII-escaped: a lone surrogate echoed from a request (clientToken) stays valid JSON
    headers = {POLICY_HEADER: policy_version} if policy_version else None
    return Response(json.dumps(body), status_code=status, media_type="application/json", headers=headers)


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for item in exc.errors()[:3]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _json(exc.body(), exc.code)

    async def validation_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _json(invalid_argument(_describe(exc)).body(), 400)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = _STATUS_NAMES.get(exc.status_code, "UNKNOWN")
        return _json(ApiError(exc.status_code, status, str(exc.detail)).body(), exc.status_code)

    async def unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unexpected error", exc_info=exc)
        return _json(ApiError(500, "INTERNAL", "Internal error.").body(), 500)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


def _analyze_job(
    body: AnalyzeRequest, labels: tuple[str, ...], max_text_bytes: int, coverage: LanguageModels
) -> tuple[Job, list[str]]:
    """Check an analyze request; return the job and the languages it is scored as."""
    text = body.comment.text
    if not text.strip():
        raise invalid_argument("Comment must be non-empty.")
    size = len(text.encode("utf-8"))
    if size > max_text_bytes:
        raise invalid_argument(f"Comment text too long: {size} bytes > {max_text_bytes}.")
    names = list(body.requestedAttributes)
    wanted = tuple(dict.fromkeys(label_for(name, labels) for name in names))
    for name, params in body.requestedAttributes.items():
        if params.scoreType is not None and params.scoreType.upper() != "PROBABILITY":
            raise invalid_argument(f"Unsupported scoreType {params.scoreType!r} for {name}: only PROBABILITY.")
    languages = resolve_languages(body.languages, text, names, coverage)
    scored = blank_html(text) if body.comment.type == "HTML" else text
    if not scored.strip():
        raise invalid_argument("Comment must be non-empty (nothing is left once the HTML tags are removed).")
    event = perspective_event(scored, body.clientToken, languages[0])
    return Job(event, decide=False, span_labels=wanted if body.spanAnnotations else ()), languages


def _analyze_answer(
    body: AnalyzeRequest, result: Result, labels: tuple[str, ...], languages: list[str]
) -> dict[str, Any]:
    scores = result.scores
    attribute_scores: dict[str, Any] = {}
    for name, params in body.requestedAttributes.items():
        label = label_for(name, labels)
        value = scores.get(label, float("nan"))
        if value != value:  # a language model without this label: never a made-up score
            raise invalid_argument(f"Attribute {name} does not support request languages: {', '.join(languages)}")
        if params.scoreThreshold is not None and value < params.scoreThreshold:
            continue
        entry: dict[str, Any] = {"summaryScore": {"value": value, "type": "PROBABILITY"}}
        if body.spanAnnotations:
            entry["spanScores"] = [
                {"begin": s.begin, "end": s.end, "score": {"value": s.score, "type": "PROBABILITY"}}
                for s in result.spans.get(label, [])
            ]
        attribute_scores[name] = entry
    answer: dict[str, Any] = {
        "attributeScores": attribute_scores,
        "languages": languages,
        "detectedLanguages": languages,
    }
    if body.clientToken is not None:
        answer["clientToken"] = body.clientToken
    return answer


def create_app(
    settings: Settings,
    serve: ServeSettings,
    *,
    moderator: Moderator | None = None,
    publisher: FeedbackPublisher | None = None,
) -> FastAPI:
    """The service; loads the model from ``settings`` unless a ``moderator`` is given.

    The policy file is watched (every ``settings.policy_watch_s``) and reloaded on SIGHUP through a
    :class:`PolicyStore`, as in the worker: a bad file keeps the policy in force.
    """
    moderator = moderator or Moderator.from_paths(settings.model_path, settings.policy_path)
    store = PolicyStore(settings.policy_path, moderator.labels, initial=moderator.policy)
    engine = Engine(moderator, span_top_k=serve.span_top_k, store=store)
    feedback = publisher or FeedbackPublisher(
        settings.kafka_bootstrap, settings.feedback_topic, serve.feedback_timeout_s, kafka_python_kwargs(settings)
    )
    labels = moderator.labels

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await engine.start()
        if not install_sighup(store):
            log.warning("modstream serve: cannot handle SIGHUP here; the policy reloads on file change only")
        watcher = asyncio.create_task(watch(store, settings.policy_watch_s)) if settings.policy_watch_s > 0 else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            await engine.stop()
            await asyncio.get_running_loop().run_in_executor(None, feedback.close)

    app = FastAPI(
        title="modstream serve",
        version="1",
        description=(
            "Comment moderation over HTTP: Perspective API compatible `comments:analyze` and "
            "`comments:suggestscore`, and the native `/v1/moderate`. Errors use Google's shape "
            "`{\"error\": {code, message, status}}`."
        ),
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.policy = store
    _install_error_handlers(app)

    @app.post(ANALYZE, response_model=AnalyzeResponse, responses=_ERRORS, tags=["perspective"])
    async def analyze(body: AnalyzeRequest) -> Response:
        """Score a comment for the requested attributes (Perspective's comments:analyze)."""
        job, languages = _analyze_job(body, labels, serve.max_text_bytes, moderator.languages)
        result = (await engine.run([job]))[0]
        return _json(_analyze_answer(body, result, labels, languages), policy_version=result.policy_version)

    @app.post(SUGGEST, response_model=SuggestScoreResponse, responses={**_ERRORS, 503: {"description": "Kafka"}},
              tags=["perspective"])
    async def suggestscore(body: SuggestScoreRequest) -> Response:
        """Publish a moderator's verdict to the feedback topic (Perspective's comments:suggestscore)."""
        if not body.comment.text.strip():
            raise invalid_argument("Comment must be non-empty.")
        names = list(body.attributeScores)
        languages = resolve_languages(body.languages, body.comment.text, names, moderator.languages)
        event, given = to_feedback(body, labels, utc_now())
        key = event.comment_id if given else None
        loop = asyncio.get_running_loop()
        published = await loop.run_in_executor(None, feedback.publish, event, key)
        FEEDBACK_PUBLISHED.inc()
        answer: dict[str, Any] = {
            "requestedLanguages": list(body.languages or []),
            "detectedLanguages": languages,
            "feedback": {
                "topic": published.topic, "partition": published.partition, "offset": published.offset,
                "key": key, "comment_id": event.comment_id, "verdict": event.verdict,
                "text_stored": event.text is not None,
            },
        }
        if body.clientToken is not None:
            answer["clientToken"] = body.clientToken
        return _json(answer)

    @app.post(MODERATE, response_model=ServedDecision, responses=_ERRORS, tags=["native"])
    async def moderate(event: CommentEvent) -> Response:
        """One comment event (the Kafka contract) -> the full decision; stream rules are not applied."""
        _check_text(event, settings.max_text_chars)
        result = (await engine.run([Job(event, decide=True)]))[0]
        return _json(_served(result), policy_version=result.policy_version)

    @app.post(MODERATE_BATCH, response_model=BatchResponse, responses=_ERRORS, tags=["native"])
    async def moderate_batch(body: BatchRequest) -> Response:
        """Up to 100 comment events -> their decisions, in order; stream rules are not applied."""
        for event in body.events:
            _check_text(event, settings.max_text_chars)
        results = await engine.run([Job(event, decide=True) for event in body.events])
        versions = sorted({r.policy_version for r in results})
        return _json(
            {"decisions": [_served(r) for r in results], "stream_rules": "not_applied"},
            policy_version=",".join(versions),
        )

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], responses={503: {"description": "model still loading"}})
    async def readyz() -> Response:
        """The model is loaded and warm."""
        if not engine.ready:
            raise unavailable("model warming up")
        return _json({"status": "ready", "model_version": moderator.model_version})

    @app.get("/metrics", tags=["operations"])
    async def metrics() -> Response:
        """Prometheus metrics."""
        return Response(generate_latest(SERVE_REGISTRY), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(GuardMiddleware, keys=serve.keys(), max_body_bytes=serve.max_body_bytes)
    app.add_middleware(MetricsMiddleware, routes=ROUTES)
    return app


def _check_text(event: CommentEvent, max_chars: int) -> None:
    if len(event.text) > max_chars:
        raise invalid_argument(f"text of {event.comment_id!r} too long: {len(event.text)} characters > {max_chars}.")


def _served(result: Result) -> dict[str, Any]:
    assert result.decision is not None
    body = result.decision.model_dump(mode="json")
    body["stream_rules"] = "not_applied"
    return body


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` (several worker processes): settings from the environment."""
    return create_app(Settings(), ServeSettings())
