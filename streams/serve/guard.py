"""ASGI middleware in front of the routes: API keys first, then the body size limit."""

from __future__ import annotations

import hmac
import json
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from streams.serve.exceptions import ApiError, permission_denied

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect"})
KEY_HEADER = b"x-goog-api-key"


def request_key(scope: Scope) -> str | None:
    """The API key of a request: the ``x-goog-api-key`` header, else the ``key`` query parameter."""
    for name, value in scope.get("headers", ()):
        if name == KEY_HEADER:
            return value.decode("latin-1")
    query = scope.get("query_string", b"")
    if b"key=" in query:
        keys = parse_qs(query.decode("latin-1")).get("key")
        if keys:
            return keys[0]
    return None


def key_allowed(given: str | None, keys: frozenset[str]) -> bool:
    """Whether ``given`` is one of ``keys`` (constant-time per key)."""
    if given is None:
        return False
    given_b = given.encode()
    return any(hmac.compare_digest(given_b, key.encode()) for key in keys)


async def send_error(send: Send, error: ApiError) -> None:
    """Answer with Perspective's error body."""
    body = json.dumps(error.body()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.code,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """403 without a valid key (when keys are configured); 413 for a body over ``max_body_bytes``."""

    def __init__(self, app: ASGIApp, keys: frozenset[str], max_body_bytes: int) -> None:
        self.app = app
        self.keys = keys
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if self.keys:
            given = request_key(scope)
            if not key_allowed(given, self.keys):
                reason = "The request is missing a valid API key." if given is None else "API key not valid."
                await send_error(send, permission_denied(reason))
                return
        if scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        too_large = ApiError(413, "INVALID_ARGUMENT", f"Request body larger than {self.max_body_bytes} bytes.")
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                await send_error(send, too_large)
                return
        chunks: list[bytes] = []
        size = 0
        while True:  # read the body here: a chunked one has no content-length to check
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await send_error(send, too_large)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
