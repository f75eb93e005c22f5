"""Canary: the private Faust/aiokafka attributes in streams/worker/compat.py exist on the installed classes."""

from __future__ import annotations

import asyncio

import faust
import pytest
from faust.types import TP

from streams.worker import compat, transport
from streams.worker.exceptions import CompatError


def test_the_installed_classes_have_every_private_attribute_we_use() -> None:
    assert compat.missing() == []
    compat.check()


def test_a_real_consumer_and_producer_carry_them() -> None:
    transport.register()
    app = faust.App("compat-canary", broker=transport.broker_url("127.0.0.1:1"), web_enabled=False)
    consumer = app.consumer  # built, not started: nothing connects
    tp = TP("comments", 0)
    assert compat.committed_offset(consumer, tp) is None
    compat.forget_gap(consumer, tp)
    assert callable(consumer._thread.call_thread) and callable(consumer._thread.seek)
    producer = app.producer
    assert isinstance(producer, compat.IdempotentProducer)
    assert producer._producer_type is compat.BatchingKafkaProducer
    extra = producer._settings_extra()
    assert extra["acks"] == "all" and extra["enable_idempotence"] is True


def test_a_missing_attribute_fails_fast_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    checks = compat._checks()
    checks["faust Consumer._gap"] = lambda: False
    monkeypatch.setattr(compat, "_checks", lambda: checks)
    with pytest.raises(CompatError, match=r"faust Consumer\._gap"):
        compat.check()


def test_the_producer_runs_its_before_flush_hooks_first_on_every_flush() -> None:
    transport.register()
    app = faust.App("compat-flush-hooks", broker=transport.broker_url("127.0.0.1:1"), web_enabled=False)
    producer = app.producer  # built, not started: its flush has nothing of its own to send
    assert isinstance(producer, compat.IdempotentProducer)
    ran: list[str] = []

    async def first() -> None:
        ran.append("first")

    async def second() -> None:
        ran.append("second")

    producer.before_flush += [first, second]
    asyncio.run(producer.flush())
    asyncio.run(producer.flush())
    assert ran == ["first", "second", "first", "second"]


def test_every_package_compat_reads_privately_is_pinned_exactly_to_the_installed_version() -> None:
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    pins = dict(d.split("==", 1) for d in pyproject["project"]["dependencies"] if "==" in d)
    for package in ("faust-streaming", "mode-streaming", "aiokafka"):  # the "faust", "mode", "aiokafka" checks
        assert pins.get(package) == version(package), package
