"""The worker against a real broker: decisions out, dead letters, crash and resume."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from streams.contracts.schemas import build_schemas
from streams.worker.dead_letters import HEADER_DETAIL, HEADER_REASON, HEADER_SOURCE
from tests.factories import event_dict
from tests.integration.conftest import Stack

pytestmark = pytest.mark.kafka

DECISION_SCHEMA = build_schemas()["decision.v1.schema.json"]


def test_n_events_in_exactly_n_valid_decisions_out(running_worker: Stack) -> None:
    events = [event_dict(comment_id=f"n-{i}", text=f"Comment number {i} about the budget.") for i in range(150)]
    running_worker.send(events)
    decisions = running_worker.decisions(150)
    assert sorted(d["comment_id"] for d in decisions) == sorted(e["comment_id"] for e in events)
    for decision in decisions:
        assert decision["_key"] == decision["comment_id"]
        body = {k: v for k, v in decision.items() if k != "_key"}
        jsonschema.validate(body, DECISION_SCHEMA)
        assert decision["action"] in ("allow", "flag", "hide")
        assert {"toxicity", "spam"} <= set(decision["scores"])


def test_malformed_events_go_to_the_dlq_and_the_worker_goes_on(running_worker: Stack) -> None:
    bad = [b"{not json", b"\xff\xfe\x00", b"[1,2,3]", b'{"comment_id": 5}']
    running_worker.send([*bad, event_dict(comment_id="after-bad")])
    letters = running_worker.read(running_worker.dlq_topic, len(bad))
    assert sorted(r.value for r in letters) == sorted(bad)
    reasons = {}
    for record in letters:
        headers = dict(record.headers)
        reasons[record.value] = headers[HEADER_REASON].decode()
        assert headers[HEADER_DETAIL]
        assert headers[HEADER_SOURCE].decode().startswith(running_worker.comments_topic + "/")
    assert reasons == {
        b"{not json": "invalid_json",
        b"\xff\xfe\x00": "invalid_utf8",
        b"[1,2,3]": "not_an_object",
        b'{"comment_id": 5}': "invalid_fields",
    }
    decisions = running_worker.decisions(1)
    assert [d["comment_id"] for d in decisions] == ["after-bad"]
    assert running_worker.workers[-1].readiness()["ready"] is True


def test_killed_worker_resumes_from_committed_offsets(stack_factory: Callable[..., Stack]) -> None:
    stack = stack_factory()
    first = stack.worker()
    ids = [f"k-{i}" for i in range(400)]
    stack.send([event_dict(comment_id=c, text=f"Thoughts on item {c}, mostly positive.") for c in ids[:200]])
    assert len(stack.wait_decided(set(ids[:50]), timeout=60)) >= 50
    first.kill()
    stack.send([event_dict(comment_id=c, text=f"More thoughts on {c}.") for c in ids[200:]])
    stack.worker()
    decided = stack.wait_decided(set(ids), timeout=120)
    assert decided >= set(ids), f"undecided after restart: {sorted(set(ids) - decided)[:10]}"


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp writes them) with a socket listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.rpartition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_web_server_and_metrics_listen_on_loopback_only_and_serve_no_tables(running_worker: Stack) -> None:
    worker = running_worker.workers[-1]
    for port in (int(worker.settings["web_port"]), int(worker.settings["metrics_port"])):
        deadline = time.monotonic() + 20  # the metrics server starts with the app's tasks
        while not _listening_addresses(port) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
    for path in ("/table/intel-authors/x/", "/router/"):
        try:
            with urllib.request.urlopen(worker.web_url + path, timeout=5) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == 404, path
    assert worker.readiness()["checks"]["model"] is True
