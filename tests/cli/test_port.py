"""``MODSTREAM_KAFKA_PORT`` moves the broker and the default bootstrap of every client."""

from __future__ import annotations

import pytest

from streams.broker import KafkaConfig
from streams.settings import Settings


def test_port_moves_the_default_bootstrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODSTREAM_KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.setenv("MODSTREAM_KAFKA_PORT", "29092")
    settings = Settings()
    assert settings.kafka_bootstrap == "127.0.0.1:29092"
    assert KafkaConfig.from_env({"MODSTREAM_KAFKA_PORT": "29092"}).bootstrap == settings.kafka_bootstrap


def test_default_bootstrap_without_a_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODSTREAM_KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.delenv("MODSTREAM_KAFKA_PORT", raising=False)
    assert Settings().kafka_bootstrap == "127.0.0.1:19092"


def test_explicit_bootstrap_wins_over_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODSTREAM_KAFKA_PORT", "29092")
    monkeypatch.setenv("MODSTREAM_KAFKA_BOOTSTRAP", "kafka:9092")
    assert Settings().kafka_bootstrap == "kafka:9092"
    assert Settings(kafka_bootstrap="h:1").kafka_bootstrap == "h:1"


def test_scripts_take_the_broker_address_from_the_settings() -> None:
    from streams.settings import REPO_ROOT

    for script in sorted((REPO_ROOT / "scripts").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        assert ":19092" not in text, f"{script.name} hard-codes the broker address; use get_settings().kafka_bootstrap"
