"""Errors raised by the benchmarks."""

from __future__ import annotations


class BenchError(Exception):
    """A benchmark could not run (no broker, worker did not start, decisions missing)."""
