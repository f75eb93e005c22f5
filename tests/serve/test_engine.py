"""The engine: concurrent requests batched off the event loop, results in order, a failed batch isolated."""

from __future__ import annotations

import asyncio
import threading

import pytest

from streams.pipeline import Moderator
from streams.serve.engine import SERVE_THREAD, Engine, Job, perspective_event

TEXTS = [f"comment {i}: " + ("you idiot" if i % 3 == 0 else "nice point, thanks") for i in range(40)]


def test_concurrent_jobs_are_batched_in_the_model_thread_in_order(moderator: Moderator) -> None:
    engine = Engine(moderator)
    batches: list[int] = []
    threads: set[str] = set()
    process = engine.process

    def spy(jobs: list[Job]) -> list:  # type: ignore[type-arg]
        batches.append(len(jobs))
        threads.add(threading.current_thread().name)
        return process(jobs)

    engine.process = spy  # type: ignore[method-assign]

    async def main() -> list[float]:
        await engine.start()
        try:
            results = await asyncio.gather(
                *(engine.run([Job(perspective_event(t, None, "en"), decide=False)]) for t in TEXTS)
            )
        finally:
            await engine.stop()
        return [r[0].scores["toxicity"] for r in results]

    scores = asyncio.run(main())
    seen, seen_threads = list(batches), set(threads)
    alone = [engine.process([Job(perspective_event(t, None, "en"), decide=False)])[0].scores["toxicity"] for t in TEXTS]
    assert scores == alone
    assert sum(seen) == len(TEXTS) and max(seen) > 1  # requests waiting together formed batches
    assert all(name.startswith(SERVE_THREAD) for name in seen_threads)


def test_a_failing_batch_fails_its_requests_and_the_engine_goes_on(moderator: Moderator) -> None:
    engine = Engine(moderator)
    process = engine.process
    calls = {"n": 0}

    def flaky(jobs: list[Job]) -> list:  # type: ignore[type-arg]
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return process(jobs)

    engine.process = flaky  # type: ignore[method-assign]

    async def main() -> float:
        await engine.start()
        try:
            with pytest.raises(RuntimeError):
                await engine.run([Job(perspective_event("first", None, "en"), decide=False)])
            second = await engine.run([Job(perspective_event("you idiot", None, "en"), decide=True)])
        finally:
            await engine.stop()
        assert second[0].decision is not None
        return second[0].scores["toxicity"]

    assert asyncio.run(main()) > 0.5
