"""Fixtures of the serve tests: one loaded moderator, in-process apps, and `modstream serve` as a child."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from streams.pipeline import Moderator
from streams.serve.app import create_app
from streams.serve.feedback import FeedbackPublisher
from streams.serve.settings import ServeSettings
from streams.settings import REPO_ROOT, Settings

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"
API_KEY = "test-key-7f3a"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def moderator() -> Moderator:
    settings = Settings()
    return Moderator.from_paths(settings.model_path, settings.policy_path)


@pytest.fixture
def make_client(moderator: Moderator) -> Iterator[Callable[..., TestClient]]:
    """An in-process app; Kafka is unreachable unless ``bootstrap`` is given."""
    clients: list[TestClient] = []

    def make(api_keys: str = "", bootstrap: str = "127.0.0.1:1", topic: str = "moderation.feedback") -> TestClient:
        publisher = FeedbackPublisher(bootstrap, topic, timeout_s=5.0)
        app = create_app(Settings(), ServeSettings(api_keys=api_keys), moderator=moderator, publisher=publisher)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@dataclass
class Server:
    """A running `modstream serve` child process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_server(tmp: Path, env: dict[str, str]) -> Server:
    """`modstream serve --port N` exactly as the README starts it; waits for /readyz."""
    port = free_port()
    log = tmp / "serve.log"
    modstream = Path(sys.executable).with_name("modstream")
    full_env = {**os.environ, **env}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(modstream), "serve", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
            env=full_env, cwd=REPO_ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"modstream serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return Server(url, process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"modstream serve not ready in 60 s: {log.read_text()[-2000:]}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`modstream serve` with an API key (Kafka unreachable: no feedback here)."""
    running = start_server(
        tmp_path_factory.mktemp("serve"),
        {"MODSTREAM_API_KEYS": API_KEY, "MODSTREAM_KAFKA_BOOTSTRAP": "127.0.0.1:1"},
    )
    yield running
    stop_server(running)
