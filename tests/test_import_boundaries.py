"""Import boundaries: the worker does not load the dev broker tooling; streams/ never imports models/.

models/ (training code, not installed with the package) may use streams.*; the other direction
would make the installed package depend on a checkout, and made an import circle before.
"""

from __future__ import annotations

import ast
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


_DYNAMIC = {"import_module", "find_spec", "__import__"}


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (function-level imports included), or names to importlib."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in _DYNAMIC:
                out.add(str(node.args[0].value))
    return out


def test_the_checker_sees_function_level_and_dynamic_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text(
        "def f():\n    from models.splits import load_splits\n"
        "def g():\n    import importlib\n    importlib.import_module('models.baseline')\n",
        encoding="utf-8",
    )
    assert {"models.splits", "models.baseline"} <= _imported_modules(sample)


def test_streams_never_imports_models() -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(m for m in _imported_modules(path) if m.split(".")[0] == "models")
        for path in sorted(STREAMS.rglob("*.py"))
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}
