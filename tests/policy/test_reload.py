"""PolicyStore: a valid file replaces the policy; a bad one keeps the old one and is counted."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY

from streams.policy import Policy, PolicyStore, install_sighup

LABELS = ("toxicity", "spam")


def write(path: Path, version: str, toxicity_hide: float = 0.9, **extra: Any) -> None:
    doc = {
        "version": version,
        "thresholds": {"toxicity": {"flag": 0.5, "hide": toxicity_hide}, "spam": {"flag": 0.7, "hide": 0.95}},
        **extra,
    }
    path.write_text(json.dumps(doc))
    # a reload within the same mtime tick must still be seen: bump the mtime explicitly
    stamp = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(stamp, stamp))


def errors() -> float:
    return REGISTRY.get_sample_value("modstream_policy_reload_errors_total") or 0.0


def info_version() -> str | None:
    for metric in REGISTRY.collect():
        if metric.name == "modstream_policy":
            for sample in metric.samples:
                return sample.labels.get("version")
    return None


def test_changed_file_goes_into_force_on_check(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    write(path, "v1")
    store = PolicyStore(path, LABELS)
    seen: list[Policy] = []
    store.subscribe(seen.append)
    assert store.version == "v1"
    assert store.current.decide((0.95, 0.0)) == ("hide", ["toxicity:hide"])
    assert store.check() is False  # unchanged: nothing reloaded
    write(path, "v2", toxicity_hide=0.99)
    assert store.check() is True
    assert store.version == "v2" and store.generation == 1
    assert store.current.decide((0.95, 0.0)) == ("flag", ["toxicity:flag"])
    assert [p.version for p in seen] == ["v2"]
    assert info_version() == "v2"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"version": "bad", "thresholds": {"toxicity": {"flag": 0.9, "hide": 0.5}}}),  # hide < flag
        json.dumps({"version": "bad", "thresholds": {"unknown_label": {"flag": 0.5, "hide": 0.9}}}),
    ],
)
def test_bad_file_keeps_the_old_policy_and_counts(
    tmp_path: Path, content: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "policy.json"
    write(path, "good")
    store = PolicyStore(path, LABELS)
    before = errors()
    path.write_text(content)
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**6,) * 2)
    assert store.check() is False
    assert store.version == "good" and store.generation == 0
    assert errors() == before + 1
    lines = [r for r in caplog.records if "policy reload" in r.getMessage()]
    assert len(lines) == 1 and "keeping version good" in lines[0].getMessage()
    assert "\n" not in lines[0].getMessage()
    assert store.check() is False  # the same bad file is not retried (and counted) every second
    assert errors() == before + 1


def test_extra_validators_can_refuse_a_policy(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    write(path, "v1")

    def no_kids(policy: Policy) -> None:
        if "kids" in policy.config.tenants:
            raise ValueError("kids tenant not allowed here")

    store = PolicyStore(path, LABELS, validators=[no_kids])
    write(path, "v2", tenants={"kids": {}})
    assert store.reload() is False and store.version == "v1"


def test_intel_settings_follow_the_policy_in_force(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    write(path, "v1", intel={"flood_author_max": 8})
    store = PolicyStore(path, LABELS)
    assert store.intel_settings("default")["flood_author_max"] == 8
    write(path, "v2", intel={"flood_author_max": 3})
    store.check()
    assert store.intel_settings("default")["flood_author_max"] == 3


def test_sighup_reloads(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    write(path, "v1")
    store = PolicyStore(path, LABELS)

    async def scenario() -> None:
        assert install_sighup(store)
        write(path, "v2")
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(100):
            if store.version == "v2":
                break
            await asyncio.sleep(0.01)
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    asyncio.run(scenario())
    assert store.version == "v2"
