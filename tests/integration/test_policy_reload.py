"""Policy hot reload under a running worker: file change, SIGHUP, and a bad file that changes nothing."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from streams.settings import REPO_ROOT
from tests.factories import event_dict
from tests.integration.conftest import Stack
from tests.integration.scrape import sample, total

pytestmark = pytest.mark.kafka

BENIGN = "Thanks for the article, the photos of the harbour at dawn were lovely."


def write_policy(path: Path, version: str, *, hide_everything: bool = False) -> None:
    """The shipped policy under a new version; ``hide_everything`` puts every threshold at 0."""
    policy: dict[str, Any] = json.loads((REPO_ROOT / "config" / "policy.json").read_text())
    policy["version"] = version
    if hide_everything:
        policy["thresholds"] = {label: {"flag": 0.0, "hide": 0.0} for label in policy["thresholds"]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(policy))
    os.replace(tmp, path)  # atomic, as an operator's deploy tool would do it


def decide(stack: Stack, cid: str) -> dict[str, Any]:
    """Send one benign comment and return its (revision 0) decision."""
    stack.send([event_dict(comment_id=cid, author_id=f"author-{cid}", text=BENIGN)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        docs = [d for d in stack.decisions(1, timeout=5) if d["comment_id"] == cid and d["revision"] == 0]
        if docs:
            return docs[0]
    raise AssertionError(f"no decision for {cid}")


def policy_version(stack: Stack) -> str | None:
    url = stack.metrics_url
    for version in ("v1", "v2", "v3"):
        if sample(url, "modstream_policy_info", version=version) == 1.0:
            return version
    return None


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_threshold_change_applies_to_the_next_decisions_and_a_bad_file_keeps_it(
    stack_factory: Callable[..., Stack], tmp_path: Path
) -> None:
    path = tmp_path / "policy.json"
    write_policy(path, "v1")
    stack = stack_factory()
    worker = stack.worker(policy_path=path, policy_watch_s=0.5)
    before = decide(stack, "before")
    assert (before["action"], before["policy_version"]) == ("allow", "v1")

    write_policy(path, "v2", hide_everything=True)
    assert wait_for(lambda: policy_version(stack) == "v2"), worker.log_tail()
    after = decide(stack, "after")
    assert (after["action"], after["policy_version"]) == ("hide", "v2")
    assert worker.proc is not None and worker.proc.poll() is None  # the same process, never restarted

    errors = total(stack.metrics_url, "modstream_policy_reload_errors_total")
    path.write_text('{"version": "v3", "thresholds": {"toxicity": {"flag": 0.9, "hide": 0.1}}}')
    assert wait_for(lambda: total(stack.metrics_url, "modstream_policy_reload_errors_total") == errors + 1)
    kept = decide(stack, "kept")
    assert (kept["action"], kept["policy_version"]) == ("hide", "v2")
    assert policy_version(stack) == "v2"
    assert "policy reload (file changed) failed; keeping version v2" in worker.log_tail(200)


def test_sighup_reloads_without_a_watcher(stack_factory: Callable[..., Stack], tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    write_policy(path, "v1")
    stack = stack_factory()
    worker = stack.worker(policy_path=path, policy_watch_s=0, model_process=True)
    assert decide(stack, "one")["policy_version"] == "v1"
    write_policy(path, "v2", hide_everything=True)
    time.sleep(1.0)
    assert policy_version(stack) == "v1"  # no watcher: the file alone changes nothing
    worker.signal(signal.SIGHUP)
    assert wait_for(lambda: policy_version(stack) == "v2"), worker.log_tail()
    second = decide(stack, "two")
    assert (second["action"], second["policy_version"]) == ("hide", "v2")
    assert worker.proc is not None and worker.proc.poll() is None
    assert "model process died" not in worker.log_tail(400)
