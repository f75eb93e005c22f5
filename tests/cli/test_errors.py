"""CLI mistakes end in one line on stderr and a documented exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from streams.worker.process import free_port

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from streams.cli import main; main()", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})},
    )


def test_classify_into_a_missing_directory(tmp_path: Path) -> None:
    done = _run("classify", "samples/comments.jsonl", "-o", str(tmp_path / "nope" / "out.jsonl"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "is not a directory" in done.stderr


def _one_line(done: subprocess.CompletedProcess[str], *, says: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr  # no traceback, no usage block
    assert done.stderr.startswith("modstream classify: ") and says in done.stderr


def test_classify_on_a_directory() -> None:
    _one_line(_run("classify", "samples"), says="samples: it is a directory")


def test_classify_on_a_missing_file(tmp_path: Path) -> None:
    _one_line(_run("classify", str(tmp_path / "absent.jsonl")), says="it does not exist")


def test_classify_into_a_directory(tmp_path: Path) -> None:
    _one_line(_run("classify", "samples/comments.jsonl", "-o", str(tmp_path)), says="it is a directory")


def test_classify_with_a_model_or_policy_that_cannot_be_loaded(tmp_path: Path) -> None:
    _one_line(_run("classify", "samples/comments.jsonl", "--model", str(tmp_path / "m.onnx")), says="m.onnx")
    _one_line(_run("classify", "samples/comments.jsonl", "--policy", str(tmp_path / "p.yaml")), says="p.yaml")


def test_worker_with_the_broker_down() -> None:
    done = _run("worker", env={"MODSTREAM_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}"})
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("modstream worker:") and done.stderr.strip().count("\n") == 0
