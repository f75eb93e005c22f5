"""The model process's side of the worker: raw event bytes in, encoded decisions out."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

import pytest

from streams.contracts import CommentEvent, Decision
from streams.intel import author_route
from streams.intel.records import decode_comment
from streams.pipeline import Moderated, Moderator
from streams.settings import Settings
from streams.worker.batch_moderator import BatchModerator
from streams.worker.model_runner import ModelRunner, RunnerConfig
from tests.factories import event_bytes

Build = Callable[..., BatchModerator]


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    settings = Settings()
    return Moderator.from_paths(settings.model_path, settings.policy_path)


@pytest.fixture
def batch_moderator(moderator: Moderator) -> Build:
    def build(*, stateful: bool = False, max_text_chars: int = 10_000) -> BatchModerator:
        return BatchModerator(moderator, max_event_bytes=64_000, max_text_chars=max_text_chars, stateful=stateful)

    return build


def test_good_events_get_their_decisions_encoded_once(batch_moderator: Build) -> None:
    texts = ["Good point.", "You are a moron."]
    values = [event_bytes(comment_id=f"ok-{i}", text=text) for i, text in enumerate(texts)]
    result = batch_moderator().run(values, [0.0, 0.0])
    assert result.rejected == []
    assert [s.position for s in result.scored] == [0, 1]
    for scored in result.scored:
        decision = Decision.model_validate_json(scored.decision.value)
        assert (decision.comment_id, decision.action) == (scored.decision.comment_id, scored.decision.action)
        assert tuple(decision.reasons) == scored.decision.reasons
        assert scored.record is None  # stateless: no author record
    assert result.scored[0].decision.action == "allow" and result.scored[1].decision.action != "allow"


def test_bad_events_are_rejected_with_their_reason_and_the_rest_decided(batch_moderator: Build) -> None:
    values = [b"{not json", event_bytes(comment_id="ok", text="Fine by me."), None, event_bytes(text="x" * 50)]
    result = batch_moderator(max_text_chars=40).run(values, [0.0] * 4)
    rejected = [(r.position, r.reason) for r in result.rejected]
    assert rejected == [(0, "invalid_json"), (2, "empty"), (3, "text_too_long")]
    assert [(s.position, s.decision.comment_id) for s in result.scored] == [(1, "ok")]


def test_stateful_adds_the_author_record_routed_by_tenant_and_author(batch_moderator: Build) -> None:
    text = "Work from home and win $500 a day, sign up at www.easy-cash.example.com before it is gone!"
    value = event_bytes(comment_id="c-9", author_id="a-9", tenant="news", text=text)
    [scored] = batch_moderator(stateful=True).run([value], [0.0]).scored
    assert scored.route == author_route("news", "a-9")
    assert scored.record is not None
    record = decode_comment(scored.record)
    assert record.decision == scored.decision.value  # the same bytes the author stage publishes, not re-encoded
    assert record.signature and record.band_keys  # link + money: a campaign candidate, fingerprinted here
    assert record.comment_id == "c-9" and record.tenant == "news" and record.action == scored.decision.action


class _PoisonedModerator(Moderator):
    """Fails on any batch that contains the comment ``poison``."""

    def moderate(self, events: Sequence[CommentEvent], received_at: Sequence[float] | None = None) -> list[Moderated]:
        if any(e.comment_id == "poison" for e in events):
            raise RuntimeError("cannot score this one")
        return super().moderate(events, received_at)


def test_a_poisoned_event_costs_only_itself(moderator: Moderator) -> None:
    poisoned = _PoisonedModerator(moderator.scorer, moderator.policy)
    runner = BatchModerator(poisoned, max_event_bytes=64_000, max_text_chars=10_000, stateful=False)
    values = [event_bytes(comment_id=cid) for cid in ("a", "poison", "b")]
    result = runner.run(values, [0.0] * 3)
    assert [s.decision.comment_id for s in result.scored] == ["a", "b"]
    assert [(r.position, r.reason) for r in result.rejected] == [(1, "processing_error")]
    assert "cannot score this one" in result.rejected[0].detail


def test_a_model_process_that_dies_is_replaced_and_the_batch_retried(moderator: Moderator) -> None:
    settings = Settings()
    config = RunnerConfig(
        model_path=settings.model_path, policy_path=settings.policy_path, classify=True,
        max_event_bytes=64_000, max_text_chars=10_000, stateful=False,
    )
    runner = ModelRunner(moderator, config, child_process=True)
    try:
        executor = runner._executor
        assert isinstance(executor, ProcessPoolExecutor)
        assert asyncio.run(runner.alive()) is True
        for pid in list(executor._processes):  # the model process, killed as the OOM killer would
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        assert asyncio.run(runner.alive()) is False  # readiness sees it
        result = asyncio.run(runner.moderate([event_bytes(comment_id="after-crash")], [0.0]))
        assert [s.decision.comment_id for s in result.scored] == ["after-crash"]
        assert runner.restarts == 1
    finally:
        runner.shutdown()
