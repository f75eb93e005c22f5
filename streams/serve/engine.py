"""The model behind the HTTP routes: one ``Moderator``, requests scored in batches off the event loop.

Requests that arrive while a batch is being scored wait in a queue and form the next batch, so
batching adds no waiting of its own. All model work runs in one thread (the explanation cache of
the scorer is not shared between threads).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from streams.contracts import CommentEvent, Decision, utc_now
from streams.lang import DEFAULT_LANG
from streams.pipeline import Moderator
from streams.policy import PolicyStore
from streams.scoring import OnnxScorer
from streams.serve.spans import Span, SpanFinder

log = logging.getLogger(__name__)

SERVE_THREAD = "modstream-serve-model"
GIL_SWITCH_S = 0.001


@dataclass(frozen=True, slots=True)
class Job:
    """One comment: ``decide`` for the full decision (native routes), else scores only (Perspective);
    ``span_labels`` asks for spans of those labels."""

    event: CommentEvent
    decide: bool
    span_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    """What a job produced: scores per label (rounded as in decisions), the decision when asked for,
    and the version of the policy its batch ran under."""

    scores: dict[str, float]
    decision: Decision | None = None
    spans: dict[str, list[Span]] = field(default_factory=dict)
    policy_version: str = ""


def perspective_event(text: str, client_token: str | None, lang: str | None) -> CommentEvent:
    """A comment event for a Perspective request (which names no thread or author)."""
    return CommentEvent.model_construct(
        schema_version=1,
        comment_id=client_token or "perspective",
        thread_id="perspective",
        author_id="perspective",
        text=text,
        created_at=utc_now(),
        parent_id=None,
        tenant="default",
        lang=lang,
        author_name=None,
        metadata={},
    )


class Engine:
    """Owns the moderator and the model thread; ``await engine.run(jobs)`` from any request.

    With a ``store``, a reloaded policy goes into force in the model thread between two batches, so
    one batch is never decided under two versions.
    """

    def __init__(
        self, moderator: Moderator, *, span_top_k: int = 5, max_batch: int = 256, store: PolicyStore | None = None
    ) -> None:
        self.moderator = moderator
        self.store = store
        self._generation = store.generation if store is not None else 0
        self.labels = moderator.labels
        scorer = moderator.scorer
        self.spans = SpanFinder(scorer, span_top_k) if isinstance(scorer, OnnxScorer) else None
        self.max_batch = max_batch
        self.ready = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=SERVE_THREAD)
        self._queue: asyncio.Queue[tuple[Job, asyncio.Future[Result]]] | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Warm the model up (off the loop) and start the batching task."""
        # The loop and the model thread share the GIL: switch every 1 ms instead of 5 so the loop
        # keeps answering while a batch is scored (measured: more requests/s, lower p99).
        sys.setswitchinterval(GIL_SWITCH_S)
        loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        self._task = loop.create_task(self._serve(), name="modstream-serve-batcher")
        await loop.run_in_executor(self._pool, self.moderator.warm_up)
        self.ready = True

    async def stop(self) -> None:
        """Stop batching and the model thread."""
        self.ready = False
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def run(self, jobs: Sequence[Job]) -> list[Result]:
        """Moderate ``jobs`` (batched with whatever else is waiting); results in the same order."""
        if self._queue is None:
            raise RuntimeError("Engine.start() was not awaited")
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[Result]] = []
        for job in jobs:
            future: asyncio.Future[Result] = loop.create_future()
            self._queue.put_nowait((job, future))
            futures.append(future)
        if len(futures) == 1:
            return [await futures[0]]
        return list(await asyncio.gather(*futures))

    async def _serve(self) -> None:
        assert self._queue is not None
        loop = asyncio.get_running_loop()
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            jobs = [job for job, _ in batch]
            try:
                results = await loop.run_in_executor(self._pool, self.process, jobs)
            except Exception as exc:  # one bad batch must not stop the service: fail its requests
                log.exception("moderation batch of %d failed", len(jobs))
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():  # the client may have gone
                    future.set_result(result)

    def process(self, jobs: Sequence[Job]) -> list[Result]:
        """Moderate a batch in the calling thread (the model thread, or a test)."""
        if self.store is not None and self.store.generation != self._generation:
            self._generation = self.store.generation
            self.moderator.policy = self.store.current
        version = self.moderator.policy.version
        out: list[Result | None] = [None] * len(jobs)
        decide = [i for i, job in enumerate(jobs) if job.decide]
        if decide:
            for i, moderated in zip(decide, self.moderator.moderate([jobs[i].event for i in decide]), strict=True):
                out[i] = Result(moderated.decision.scores, moderated.decision, policy_version=version)
        score = [i for i, job in enumerate(jobs) if not job.decide]
        if score:
            normalized, matrix = self.moderator.score_events([jobs[i].event for i in score])
            rounded = np.round(matrix.astype(np.float64), 4).tolist()
            for i, norm, row in zip(score, normalized, rounded, strict=True):
                spans: dict[str, list[Span]] = {}
                if jobs[i].span_labels and self.spans is not None and norm.lang == DEFAULT_LANG:
                    spans = self.spans.find(jobs[i].event.text, norm.text, jobs[i].span_labels)
                out[i] = Result(dict(zip(self.labels, row, strict=True)), None, spans, version)
        return [r for r in out if r is not None]
