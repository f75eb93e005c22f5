"""Import boundaries: the worker does not load the dev broker tooling (streams.broker)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STREAMS = REPO / "streams"


def _loaded_after(*modules: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for m in {list(modules)!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize(
    "module",
    ["streams.worker.app", "streams.worker.feedback_app", "streams.worker.health", "streams.cli.worker"],
)
def test_worker_does_not_load_the_dev_broker(module: str) -> None:
    loaded = _loaded_after(module)
    assert module in loaded
    assert "streams.kafka_admin" in loaded or module == "streams.cli.worker"  # the admin helpers it does use
    assert not {m for m in loaded if m == "streams.broker" or m.startswith("streams.broker.")}
