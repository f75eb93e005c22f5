"""docs/architecture.md cites only names and files that exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"


def _resolve(dotted: str) -> object:
    """Import the longest module prefix of ``dotted``, then walk the attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def test_every_streams_name_the_architecture_cites_resolves() -> None:
    names = set(re.findall(r"`(streams(?:\.\w+)+)`", DOC.read_text()))
    assert len(names) > 40
    missing = []
    for name in sorted(names):
        try:
            _resolve(name)
        except (ImportError, AttributeError):
            missing.append(name)
    assert missing == []


def test_every_file_the_architecture_cites_exists() -> None:
    paths = set(re.findall(r"`((?:streams|tests|scripts|models|config|docs)/[\w./-]+)`", DOC.read_text()))
    assert paths
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


def test_a_name_that_does_not_exist_is_caught() -> None:
    for bad in ("streams.contracts.DeadLetter", "streams.pipeline.Moderator.decide_everything"):
        try:
            _resolve(bad)
        except (ImportError, AttributeError):
            continue
        raise AssertionError(f"{bad} resolved")
