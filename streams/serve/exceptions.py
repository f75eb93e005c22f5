"""Errors of the HTTP service, each carrying the status Perspective would answer with."""

from __future__ import annotations

from typing import Any


class ServeError(Exception):
    """Base class for serve errors."""


class ServeConfigError(ServeError):
    """Settings that cannot run the service (e.g. a public bind without API keys)."""


class ApiError(ServeError):
    """A request answered with Perspective's error shape: ``{"error": {code, message, status}}``."""

    def __init__(self, code: int, status: str, message: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message
        self.details = details or []

    def body(self) -> dict[str, Any]:
        """The JSON body Google APIs answer errors with."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid_argument(message: str, details: list[dict[str, Any]] | None = None) -> ApiError:
    """400 INVALID_ARGUMENT: a bad body, attribute, language or text."""
    return ApiError(400, "INVALID_ARGUMENT", message, details)


def permission_denied(message: str) -> ApiError:
    """403 PERMISSION_DENIED: a missing or unknown API key."""
    return ApiError(403, "PERMISSION_DENIED", message)


def unavailable(message: str) -> ApiError:
    """503 UNAVAILABLE: a dependency (the model, Kafka) is not there right now."""
    return ApiError(503, "UNAVAILABLE", message)
