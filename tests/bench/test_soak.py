"""``bench soak``'s own arithmetic and memory readings (no broker)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from streams.bench.soak import Sample, SoakResult, rss_now_mb, rss_parts_mb


def _result(points: list[tuple[float, float | None]]) -> SoakResult:
    result = SoakResult(rate_per_s=30, duration_s=1800, time_scale=12, new_author_share=0.4)
    result.samples = [Sample(t, 0, 0, rss, {}) for t, rss in points]
    return result


def test_rss_growth_is_max_over_min_of_the_last_window() -> None:
    result = _result([(0, 100.0), (600, 300.0), (900, 200.0), (1500, 210.0), (1800, 220.0)])
    assert result.rss_growth(1200.0) == pytest.approx(300 / 200 - 1)  # 600 s onwards
    assert result.rss_growth(900.0) == pytest.approx(220 / 200 - 1)
    assert result.as_dict()["rss_growth_last_20min"] == pytest.approx(0.5)


def test_rss_growth_needs_two_readings() -> None:
    assert _result([(0, 100.0), (1800, None)]).rss_growth(1200.0) is None
    assert _result([]).rss_growth(1200.0) is None


def _sleeping_child(pid: int) -> bool:
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            try:
                if Path(f"/proc/{child}/cmdline").read_bytes().startswith(b"sleep"):
                    return True
            except OSError:
                pass
    return False


def test_rss_is_read_per_process_of_the_tree() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys; subprocess.run(['sleep', '60']); sys.exit(0)"]
    )
    try:
        worker = cast(Any, SimpleNamespace(proc=parent))
        deadline = time.monotonic() + 30
        while not _sleeping_child(parent.pid):  # forked and exec'd: its memory no longer changes
            assert time.monotonic() < deadline, "the child never started"
            time.sleep(0.05)
        parts = rss_parts_mb(worker)
        assert parts["worker"] > 1.0
        children = [name for name in parts if name.startswith("pid-")]
        assert len(children) == 1 and parts[children[0]] > 0
        total = rss_now_mb(worker)
        assert total is not None and total >= parts["worker"] + parts[children[0]] - 1.0
    finally:
        parent.kill()
        parent.wait()
    assert rss_parts_mb(cast(Any, SimpleNamespace(proc=None))) == {}
