"""The Faust worker: agents, dead letters, health, lag."""

from streams.worker.app import create_app
from streams.worker.exceptions import WorkerError

__all__ = ["WorkerError", "create_app"]
