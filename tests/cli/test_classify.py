"""`modstream classify` end to end through the console script, with the committed model."""

from __future__ import annotations

import json
import subprocess
import sys

from streams.settings import REPO_ROOT
from tests.factories import event_bytes

CLI = [sys.executable, "-c", "from streams.cli import main; main()"]


def run_classify(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, "classify", *args], input=stdin, capture_output=True, timeout=120, check=False)


def test_one_event_in_one_decision_out() -> None:
    done = run_classify(event_bytes(comment_id="c1", text="Damn well said!") + b"\n")
    assert done.returncode == 0, done.stderr.decode()
    (line,) = done.stdout.decode().splitlines()
    decision = json.loads(line)
    assert decision["comment_id"] == "c1"
    assert decision["action"] in ("allow", "flag", "hide")
    assert 0.0 <= decision["scores"]["toxicity"] <= 1.0
    assert 0.0 <= decision["scores"]["spam"] <= 1.0


def test_malformed_lines_are_reported_with_reason_and_the_rest_decided() -> None:
    stdin = event_bytes(comment_id="ok-1") + b"\n{broken\n" + event_bytes(comment_id="ok-2") + b"\n"
    done = run_classify(stdin)
    assert done.returncode == 3
    assert [json.loads(x)["comment_id"] for x in done.stdout.decode().splitlines()] == ["ok-1", "ok-2"]
    (error,) = [json.loads(x) for x in done.stderr.decode().splitlines() if x.startswith("{")]
    assert (error["line"], error["reason"]) == (2, "invalid_json")


def test_sample_file_gives_one_decision_per_valid_event(tmp_path) -> None:
    sample = REPO_ROOT / "samples" / "comments.jsonl"
    out = tmp_path / "decisions.jsonl"
    done = subprocess.run(
        [*CLI, "classify", str(sample), "-o", str(out)], capture_output=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    ids = [json.loads(x)["comment_id"] for x in sample.read_text().splitlines() if x.strip()]
    decided = [json.loads(x) for x in out.read_text().splitlines()]
    assert {d["comment_id"] for d in decided} == set(ids)
    revisions: dict[str, list[int]] = {}
    for d in decided:
        revisions.setdefault(d["comment_id"], []).append(d["revision"])
    # one decision per event, then only higher revisions (a comment that completes a campaign
    # offline is decided once, already hidden)
    assert all(r == sorted(set(r)) for r in revisions.values())
    kinds = {json.loads(x)["comment_id"]: json.loads(x)["metadata"]["kind"] for x in sample.read_text().splitlines()}
    in_campaign = {d["comment_id"] for d in decided if any(r.startswith("campaign:") for r in d["reasons"])}
    assert len(in_campaign) >= 5, "the sample's copy-paste campaign forms offline"
    assert {kinds[c] for c in in_campaign} == {"spam_campaign"}


def test_poison_lines_are_one_line_rejections_never_tracebacks() -> None:
    from streams.bench.poison import poison_events

    poisons = [p for p in poison_events("p") if p.name != "one-mb"]
    stdin = b"\n".join([event_bytes(comment_id="ok-1"), *(p.raw for p in poisons), event_bytes(comment_id="ok-2")])
    done = run_classify(stdin + b"\n")
    assert done.returncode == 3
    assert b"Traceback" not in done.stderr
    assert [json.loads(x)["comment_id"] for x in done.stdout.decode().splitlines()] == ["ok-1", "ok-2"]
    errors = [json.loads(x) for x in done.stderr.decode().splitlines() if x.startswith("{")]
    assert [e["reason"] for e in errors] == [p.reason for p in poisons]
