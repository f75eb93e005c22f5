"""Where the model runs: off the event loop, in a thread or in a child process.

The Faust event loop must keep heartbeating, fetching and producing while a batch is scored.
A thread is enough for that, but normalisation is pure Python and holds the GIL, so on a
multi-core machine a child process (the default) lets Kafka I/O and stateful rules run on one
core while the model uses another. Raw event bytes go in and a :class:`BatchResult` of encoded
decisions comes back (:mod:`streams.worker.batch_moderator`), so the event loop neither parses
events nor serialises decisions.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from streams import metrics
from streams.pipeline import Moderator
from streams.policy import Policy, PolicyConfig, PolicyStore, ignore_sighup
from streams.worker.batch_moderator import BatchModerator, BatchResult
from streams.worker.heap import tune_for_long_running

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunnerConfig:
    """How the batch moderator is set up (picklable: the child process builds its own)."""

    model_path: Path
    policy_path: Path
    classify: bool
    max_event_bytes: int
    max_text_chars: int
    stateful: bool
    policy: PolicyConfig | None = None
    """The policy in force when the child starts (None: read ``policy_path``)."""

    def build(self, moderator: Moderator | None = None) -> BatchModerator:
        """A :class:`BatchModerator` around ``moderator``, or around one loaded from the paths."""
        if moderator is None:
            moderator = Moderator.from_paths(
                self.model_path, self.policy_path, classify=self.classify, policy_config=self.policy
            )
        moderator.warm_up()
        return BatchModerator(
            moderator,
            max_event_bytes=self.max_event_bytes,
            max_text_chars=self.max_text_chars,
            stateful=self.stateful,
        )


_child: BatchModerator | None = None


def _load_in_child(config: RunnerConfig) -> None:
    global _child
    ignore_sighup()  # SIGHUP reloads the policy in the worker, which sends it here
    # SIGTERM/SIGINT to the process group: the worker stops first and shuts this process down
    # (an executor sentinel at exit), so no batch is cut off and no respawn happens during shutdown
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _child = config.build()
    tune_for_long_running()  # the loaded model frozen out of collection, the worker's thresholds


def _alive() -> bool:
    return True


def _run_in_child(
    values: Sequence[bytes | None], stamps: Sequence[float], policy: PolicyConfig | None = None
) -> BatchResult:
    if _child is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("model process not initialised")
    if policy is not None:
        _child.set_policy(Policy(policy, _child.moderator.labels))
    return _child.run(values, stamps)


def _run_local(
    local: BatchModerator, values: Sequence[bytes | None], stamps: Sequence[float], policy: Policy | None
) -> BatchResult:
    if policy is not None:
        local.set_policy(policy)
    return local.run(values, stamps)


class ModelRunner:
    """Runs :meth:`BatchModerator.run` on an executor and awaits the result.

    A model process that dies (killed, out of memory) is replaced once per batch and the batch
    retried; if the new one fails too, the error reaches the caller (which dead-letters the batch).

    With a ``store``, a reloaded policy travels with the next batch (in the model's own thread or
    process, between batches), so every decision of a batch is made under one policy version.
    """

    def __init__(
        self,
        moderator: Moderator | None,
        config: RunnerConfig,
        *,
        child_process: bool,
        store: PolicyStore | None = None,
    ) -> None:
        self.child_process = child_process
        self.config = config
        self.store = store
        self._sent = store.generation if store is not None else 0
        self.restarts = 0
        self._executor: Executor
        self._local: BatchModerator | None = None
        if child_process:
            self._executor = self._start_process()
        else:
            self._local = config.build(moderator)
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="modstream-model")

    def _start_process(self) -> ProcessPoolExecutor:
        # spawn, not fork: the worker already runs threads (aiokafka, the web server).
        config = self.config
        if self.store is not None:  # the policy in force, not whatever the file holds now
            config = replace(config, policy=self.store.current.config)
            self._sent = self.store.generation
        executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load_in_child,
            initargs=(config,),
        )
        # Load the model in the child now, before the worker consumes anything.
        executor.submit(_run_in_child, [], []).result(timeout=300)
        return executor

    async def moderate(self, values: Sequence[bytes | None], stamps: Sequence[float]) -> BatchResult:
        """Decide one batch of raw event values without blocking the event loop."""
        loop = asyncio.get_running_loop()
        policy, generation = self._pending_policy()
        if self._local is not None:
            result = await loop.run_in_executor(self._executor, _run_local, self._local, values, stamps, policy)
            self._sent = generation
            return result
        config = policy.config if policy is not None else None
        try:
            result = await loop.run_in_executor(self._executor, _run_in_child, list(values), list(stamps), config)
            self._sent = generation
            return result
        except BrokenProcessPool:
            log.error("the model process died; starting a new one and retrying the batch")
            broken = self._executor
            # if the start fails, the broken pool stays and the next batch tries again
            self._executor = await loop.run_in_executor(None, self._start_process)
            broken.shutdown(wait=False, cancel_futures=True)
            self.restarts += 1
            metrics.ERRORS.labels(stage="model-process").inc()
            return await loop.run_in_executor(self._executor, _run_in_child, list(values), list(stamps))

    async def alive(self, timeout_s: float = 5.0) -> bool:
        """Whether the model process (or thread) answers a no-op call within ``timeout_s``.

        The call queues behind a batch being scored (milliseconds to a second), not beside it.
        """
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._executor, _alive), timeout_s)
        except Exception:  # a broken pool, a dead child, a timeout: not alive
            return False

    def _pending_policy(self) -> tuple[Policy | None, int]:
        """The policy to send with the next batch (None: the model side has it) and its generation."""
        if self.store is None or self.store.generation == self._sent:
            return None, self._sent
        return self.store.current, self.store.generation

    def shutdown(self) -> None:
        """Stop the executor (and its child process)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
