"""`modstream serve` reloads the policy under a running server: file change, SIGHUP, and a bad file
that keeps the policy in force (the worker's PolicyStore, tests/integration/test_policy_reload.py)."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from streams.serve.app import POLICY_HEADER
from streams.settings import REPO_ROOT
from tests.serve.conftest import start_server, stop_server

BENIGN = "Thanks for the article, the photos of the harbour at dawn were lovely."


def write_policy(path: Path, version: str, *, hide_everything: bool = False) -> None:
    """The shipped policy under a new version; ``hide_everything`` puts every threshold at 0."""
    policy: dict[str, Any] = json.loads((REPO_ROOT / "config" / "policy.json").read_text())
    policy["version"] = version
    if hide_everything:
        policy["thresholds"] = {label: {"flag": 0.0, "hide": 0.0} for label in policy["thresholds"]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(policy))
    os.replace(tmp, path)


def moderate(url: str, cid: str) -> tuple[str, str, str]:
    """(action, the decision's policy_version, the response header's version) of one benign comment."""
    event = {
        "comment_id": cid, "thread_id": "t-1", "author_id": "a-1", "text": BENIGN,
        "created_at": "2026-12-04T12:00:00+00:00",
    }
    response = httpx.post(f"{url}/v1/moderate", json=event, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["action"], body["policy_version"], response.headers[POLICY_HEADER]


def metric(url: str, name: str) -> float:
    text = httpx.get(f"{url}/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith(name):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_serve_reloads_on_change_keeps_the_old_policy_on_a_bad_file_and_on_sighup(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    write_policy(path, "v1")
    server = start_server(
        tmp_path, {"MODSTREAM_POLICY_PATH": str(path), "MODSTREAM_POLICY_WATCH_S": "0.3",
                   "MODSTREAM_KAFKA_BOOTSTRAP": "127.0.0.1:1"},
    )
    try:
        url = server.url
        assert moderate(url, "c-1") == ("allow", "v1", "v1")
        assert 'modstream_policy_info{version="v1"} 1.0' in httpx.get(f"{url}/metrics", timeout=5).text

        write_policy(path, "v2", hide_everything=True)  # a threshold changes under the running server
        assert wait_for(lambda: moderate(url, "c-2")[1] == "v2"), server.log.read_text()[-2000:]
        assert moderate(url, "c-3") == ("hide", "v2", "v2")
        assert 'modstream_policy_info{version="v2"} 1.0' in httpx.get(f"{url}/metrics", timeout=5).text

        errors = metric(url, "modstream_policy_reload_errors_total")
        path.write_text('{"version": "v3", "thresholds": {"toxicity": {"flag": 0.9, "hide": 0.1}}}')
        assert wait_for(lambda: metric(url, "modstream_policy_reload_errors_total") == errors + 1)
        assert moderate(url, "c-4") == ("hide", "v2", "v2")  # the bad file changed nothing

        write_policy(path, "v4")
        assert wait_for(lambda: moderate(url, "c-5")[1] == "v4")
        reloads = metric(url, "modstream_policy_reloads_total")
        server.process.send_signal(signal.SIGHUP)  # reloads the (unchanged) file at once
        assert wait_for(lambda: metric(url, "modstream_policy_reloads_total") == reloads + 1)
        assert moderate(url, "c-6") == ("allow", "v4", "v4")
        assert server.process.poll() is None  # the same process throughout
    finally:
        stop_server(server)
    assert "policy reload (file changed) failed; keeping version v2" in server.log.read_text()
