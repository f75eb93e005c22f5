"""Readiness inputs: the agent's progress is stuck only when records wait and no batch finished."""

from __future__ import annotations

import time

from streams.worker.health import Progress


def test_stuck_needs_waiting_records_and_an_old_last_batch() -> None:
    progress = Progress()
    progress.agent_started()
    assert progress.running
    assert not progress.stuck(waiting=100, after_s=15)  # a batch just now
    progress.last_batch = time.monotonic() - 60
    assert progress.stuck(waiting=100, after_s=15)
    assert not progress.stuck(waiting=0, after_s=15)  # idle is not stuck
    progress.batch_done()
    assert not progress.stuck(waiting=100, after_s=15)
    progress.agent_stopped()
    assert not progress.running
