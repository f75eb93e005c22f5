"""The Faust worker: agents, dead letters, health, lag.

``create_app`` is imported lazily: the model process imports modules of this package
(``batch_moderator``, ``model_runner``) and must not load Faust and aiokafka for nothing (~30 MB).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from streams.worker.exceptions import WorkerError

if TYPE_CHECKING:
    from streams.worker.app import create_app

__all__ = ["WorkerError", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from streams.worker.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
