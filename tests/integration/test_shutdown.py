"""SIGTERM to the worker's process group: the worker shuts down in order, the model process is not
killed first (no broken pool, no respawn during shutdown)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.factories import event_dict
from tests.integration.conftest import Stack

pytestmark = pytest.mark.kafka


def test_sigterm_to_the_group_stops_the_worker_before_its_model_process(
    stack_factory: Callable[..., Stack],
) -> None:
    stack = stack_factory(stateful=False)
    worker = stack.worker()
    stack.send([event_dict(comment_id=f"s-{i}") for i in range(20)])
    assert {f"s-{i}" for i in range(20)} <= stack.wait_decided({f"s-{i}" for i in range(20)}, timeout=60)
    started = time.monotonic()
    worker.stop(timeout=30)
    assert worker.proc is not None and worker.proc.returncode is not None
    assert time.monotonic() - started < 30, "the worker had to be killed"
    log = worker.log_path.read_text(errors="replace")
    tail = log[-20_000:]
    assert "BrokenProcessPool" not in tail and "model process died" not in tail.lower(), tail[-3000:]
