"""Run ``modstream worker`` (or another Faust command, e.g. ``feedback join``) as a child process
(benchmarks, integration tests, the demo)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from streams.worker.exceptions import WorkerError


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WorkerProcess:
    """A worker child process configured through ``MODSTREAM_*`` variables."""

    def __init__(
        self, settings: dict[str, Any], log_path: Path, ready_timeout: float = 90.0,
        command: tuple[str, ...] = ("worker",),
    ) -> None:
        self.settings = {k.lower(): str(v) for k, v in settings.items()}
        self.settings.setdefault("web_port", str(free_port()))
        self.settings.setdefault("metrics_port", str(free_port()))
        self.log_path = log_path
        self.ready_timeout = ready_timeout
        self.command = command
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.settings['web_port']}"

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.settings['metrics_port']}/metrics"

    def start(self) -> WorkerProcess:
        """Start the worker and wait until ``/readyz`` says it has partitions."""
        env = {**os.environ, **{f"MODSTREAM_{k.upper()}": v for k, v in self.settings.items()}}
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from streams.cli import main; main()", *self.command],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        self.wait_ready()
        return self

    def readiness(self) -> dict[str, Any] | None:
        """The ``/readyz`` document, or None if the worker does not answer yet."""
        try:
            with urllib.request.urlopen(f"{self.web_url}/readyz", timeout=2) as response:
                return dict(json.loads(response.read()))
        except urllib.error.HTTPError as exc:
            return dict(json.loads(exc.read() or b"{}"))
        except (OSError, ValueError):
            return None

    def wait_ready(self) -> None:
        """Block until ready, or raise with the log's tail."""
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise WorkerError(f"worker exited with {self.proc.returncode}:\n{self.log_tail()}")
            state = self.readiness()
            if state and state.get("ready"):
                return
            time.sleep(0.25)
        raise WorkerError(f"worker not ready after {self.ready_timeout}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the worker's log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "<no log>"

    def rss_mb(self) -> float | None:
        """Peak resident memory (VmHWM) of the worker and its model process together, in MB."""
        if self.proc is None:
            return None
        pids = [self.proc.pid]
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024 if total else None

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the worker process itself (not to its model process)."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signum)

    def kill(self) -> None:
        """SIGKILL: the crash case; nothing is flushed or committed."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM and wait; SIGKILL if it does not go."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
