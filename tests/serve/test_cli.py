"""`modstream serve` refuses a public bind without API keys."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from streams.cli import _register, app
from streams.serve.settings import ServeSettings, is_loopback


def test_public_bind_without_keys_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODSTREAM_API_KEYS", raising=False)
    _register()
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "refusing to bind 0.0.0.0 without API keys" in result.output


def test_keys_come_from_modstream_api_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODSTREAM_API_KEYS", " a,b ,,c ")
    monkeypatch.setenv("MODSTREAM_SERVE_PORT", "9001")
    settings = ServeSettings()
    assert settings.keys() == frozenset({"a", "b", "c"}) and settings.port == 9001
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
