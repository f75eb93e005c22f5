"""Where the model runs: off the event loop, in a thread or in a child process.

The Faust event loop must keep heartbeating, fetching and producing while a batch is scored.
A thread is enough for that, but normalisation is pure Python and holds the GIL, so on a
multi-core machine a child process (the default) lets Kafka I/O and stateful rules run on one
core while the model uses another.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from streams.contracts import CommentEvent
from streams.pipeline import Moderated, Moderator

_child_moderator: Moderator | None = None


def _load_in_child(model_path: Path, policy_path: Path, classify: bool) -> None:
    global _child_moderator
    _child_moderator = Moderator.from_paths(model_path, policy_path, classify=classify)
    _child_moderator.warm_up()


def _moderate_in_child(events: Sequence[CommentEvent], stamps: Sequence[float]) -> list[Moderated]:
    if _child_moderator is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("model process not initialised")
    return _child_moderator.moderate(events, stamps)


class ModelRunner:
    """Runs ``Moderator.moderate`` on an executor and awaits the result."""

    def __init__(self, moderator: Moderator, *, in_process: bool, model_path: Path, policy_path: Path) -> None:
        self.moderator = moderator
        self.in_process = in_process
        self._executor: Executor
        if in_process:
            # spawn, not fork: the worker already runs threads (aiokafka, the web server).
            self._executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_load_in_child,
                initargs=(model_path, policy_path, moderator.scorer is not None),
            )
            # Load the model in the child now, before the worker consumes anything.
            self._executor.submit(_moderate_in_child, [], []).result(timeout=300)
        else:
            moderator.warm_up()
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="modstream-model")

    async def moderate(self, events: Sequence[CommentEvent], stamps: Sequence[float]) -> list[Moderated]:
        """Decide one batch without blocking the event loop."""
        loop = asyncio.get_running_loop()
        if self.in_process:
            return await loop.run_in_executor(self._executor, _moderate_in_child, list(events), list(stamps))
        return await loop.run_in_executor(self._executor, self.moderator.moderate, events, stamps)

    def shutdown(self) -> None:
        """Stop the executor (and its child process)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
