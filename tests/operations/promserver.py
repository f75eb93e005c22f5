"""A real Prometheus server for tests: Debian's ``prometheus`` binary on 127.0.0.1, a free port, a
temporary data dir and a generated config scraping given targets every second."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
import yaml

from streams.worker.process import free_port
from tests.operations.promql import (
    ALERTS,
    Query,
    dashboard_panel_queries,
    load_dashboard,
    substitute_grafana_variables,
)


def debian_prometheus_tool(name: str) -> str:
    """Path of ``prometheus`` or ``promtool``; skip without it (fail when CI is set) with how to get it."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} not found: run scripts/install-prometheus.sh (Debian package `prometheus`)"
        if os.environ.get("CI"):
            pytest.fail(message + " -- required in CI")
        pytest.skip(message)
    return path


def prometheus_binary() -> str:
    """The Prometheus server binary."""
    return debian_prometheus_tool("prometheus")


class PrometheusServer:
    """``with PrometheusServer(binary, ["127.0.0.1:9108"], tmp_path) as prom: prom.query("up")``."""

    def __init__(self, binary: str, targets: list[str], workdir: Path, job: str = "modstream",
                 rule_files: tuple[Path, ...] = (ALERTS,), interval: str = "1s") -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = {
            "global": {"scrape_interval": interval, "evaluation_interval": interval, "scrape_timeout": interval},
            "rule_files": [str(p) for p in rule_files],
            "scrape_configs": [{"job_name": job, "static_configs": [{"targets": targets}]}],
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> PrometheusServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        config_path = self.workdir / "prometheus.yml"
        config_path.write_text(yaml.safe_dump(self.config))
        self.log_path = self.workdir / "prometheus.log"
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [self.binary, f"--config.file={config_path}", f"--storage.tsdb.path={self.workdir / 'data'}",
                 f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self._wait_ready()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"prometheus exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"prometheus not ready after {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def api(self, path: str, **params: str) -> Any:
        url = f"{self.url}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                doc = json.loads(response.read())
        except urllib.error.HTTPError as exc:  # a bad query answers 400 with an error document
            doc = json.loads(exc.read() or b"{}")
        if doc.get("status") != "success":
            raise AssertionError(f"{path} {params}: {doc.get('errorType')}: {doc.get('error')}")
        return doc["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """Instant query at now: the result vector (or [] when nothing matches)."""
        data = self.api("query", query=expr)
        result = data["result"]
        return [result] if data["resultType"] == "scalar" else list(result)

    def wait_for(self, expr: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            result = self.query(expr)
            if result or time.monotonic() > deadline:
                return result
            time.sleep(0.5)


def dashboard_queries(values: dict[str, str] | None = None) -> list[Query]:
    """Every panel query, with Grafana's variables filled in as the tests evaluate them."""
    return [Query(q.origin, substitute_grafana_variables(q.expr, values))
            for q in dashboard_panel_queries(load_dashboard())]


def queries_without_data(prom: PrometheusServer, queries: list[Query], timeout: float = 30.0) -> list[str]:
    """Evaluate every query until each returns a non-empty result or ``timeout`` passes; what is left."""
    pending = list(queries)
    deadline = time.monotonic() + timeout
    while pending:
        pending = [q for q in pending if not prom.query(q.expr)]
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(1.0)
    return [f"{q.origin}: {q.expr}" for q in pending]
