"""Shadow scoring in the worker: every batch scored a second time, off the decision path.

After a batch's real decisions are published, its raw events go to a second :class:`ModelRunner`
(its own model process, or thread) built from ``MODSTREAM_SHADOW_MODEL`` and/or
``MODSTREAM_SHADOW_POLICY``. That work runs as a background task: the moderation agent never
awaits it, so a slow or failing shadow cannot delay or change a real decision. At most
``shadow_max_pending`` batches are in flight; a batch beyond that is dropped and counted
(``modstream_shadow_dropped_total{reason="behind"}``), as is one whose scoring failed (``error``).
The shadow's decisions go to ``shadow_topic`` keyed by comment id (same schema as decisions, with
the shadow's model and policy versions), and each is compared with the live model's decision of
the same comment (:mod:`streams.shadow.compare`). Shadow output is best effort: a crash loses the
shadow records of batches in flight (the live decisions are at-least-once as ever).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from streams import metrics
from streams.contracts import EncodedDecision
from streams.pipeline import Moderator
from streams.settings import Settings
from streams.shadow.compare import Comparison, count
from streams.worker.batch_moderator import Scored
from streams.worker.model_runner import ModelRunner, RunnerConfig

log = logging.getLogger(__name__)

Send = Callable[[str, bytes, bytes], Awaitable[None]]


def shadow_config(settings: Settings) -> RunnerConfig | None:
    """The shadow's runner config, or None when no shadow is configured."""
    if settings.shadow_model is None and settings.shadow_policy is None:
        return None
    return RunnerConfig(
        model_path=settings.shadow_model or settings.model_path,
        policy_path=settings.shadow_policy or settings.policy_path,
        classify=True,
        max_event_bytes=settings.max_event_bytes,
        max_text_chars=settings.max_text_chars,
        stateful=False,
    )


class ShadowStage:
    """Schedules shadow scoring of batches and publishes and compares its decisions."""

    def __init__(self, runner: ModelRunner, topic: str, send: Send, max_pending: int) -> None:
        self.runner = runner
        self.topic = topic
        self.send = send
        self.max_pending = max_pending
        self._tasks: set[asyncio.Task[None]] = set()
        self.version = ""

    @classmethod
    def start(cls, settings: Settings, send: Send) -> ShadowStage | None:
        """Load the shadow model (in its own process unless ``model_process`` is off); None if unset."""
        config = shadow_config(settings)
        if config is None:
            return None
        moderator = None if settings.model_process else Moderator.from_paths(config.model_path, config.policy_path)
        runner = ModelRunner(moderator, config, child_process=settings.model_process)
        return cls(runner, settings.shadow_topic, send, settings.shadow_max_pending)

    def submit(self, values: Sequence[bytes | None], stamps: Sequence[float], live: Sequence[Scored]) -> None:
        """Shadow-score this batch in the background (or drop it if too many are in flight)."""
        if not live:
            return
        if len(self._tasks) >= self.max_pending:
            metrics.SHADOW_DROPPED.labels(reason="behind").inc(len(live))
            return
        decisions = {item.decision.comment_id: item.decision for item in live}
        task = asyncio.get_running_loop().create_task(self._run(list(values), list(stamps), decisions))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, values: list[bytes | None], stamps: list[float], live: dict[str, EncodedDecision]) -> None:
        try:
            result = await self.runner.moderate(values, stamps)
            for item in result.scored:
                shadow = item.decision
                real = live.get(shadow.comment_id)
                if real is None:
                    continue
                await self.send(self.topic, shadow.comment_id.encode(), shadow.value)
                count(Comparison.of(shadow.tenant, real.action, real.reasons, shadow.action, shadow.reasons))
        except Exception as exc:  # never reaches the live path
            metrics.SHADOW_DROPPED.labels(reason="error").inc(len(live))
            metrics.ERRORS.labels(stage="shadow").inc()
            log.error("shadow: a batch failed (%s: %s); its shadow decisions are lost", type(exc).__name__, exc)

    async def drain(self) -> None:
        """Wait for the batches in flight (tests, shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def shutdown(self) -> None:
        self.runner.shutdown()
