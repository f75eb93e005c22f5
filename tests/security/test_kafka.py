"""The security settings -> client arguments, and the clear errors for inconsistent settings."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from streams.security import (
    KafkaSecurity,
    SecurityConfigError,
    aiokafka_kwargs,
    faust_credentials,
    kafka_python_kwargs,
)
from streams.settings import Settings
from tests.integration.tls import make_certs


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_certs(tmp_path_factory.mktemp("certs"))


def test_default_is_plaintext() -> None:
    security = KafkaSecurity.from_settings(Settings())
    assert kafka_python_kwargs(security) == {"security_protocol": "PLAINTEXT"}
    assert aiokafka_kwargs(security) == {"security_protocol": "PLAINTEXT"}
    assert faust_credentials(security) is None


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch, certs) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MODSTREAM_KAFKA_SECURITY_PROTOCOL", "sasl_ssl")
    monkeypatch.setenv("MODSTREAM_KAFKA_SASL_MECHANISM", "scram-sha-256")
    monkeypatch.setenv("MODSTREAM_KAFKA_SASL_USERNAME", "u")
    monkeypatch.setenv("MODSTREAM_KAFKA_SASL_PASSWORD", "p")
    monkeypatch.setenv("MODSTREAM_KAFKA_SSL_CAFILE", str(certs.ca))
    monkeypatch.setenv("MODSTREAM_KAFKA_SSL_CERTFILE", str(certs.client_cert))
    monkeypatch.setenv("MODSTREAM_KAFKA_SSL_KEYFILE", str(certs.client_key))
    kwargs = kafka_python_kwargs(Settings())
    assert kwargs["security_protocol"] == "SASL_SSL"
    assert kwargs["sasl_mechanism"] == "SCRAM-SHA-256"
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == ("u", "p")
    context = kwargs["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert "p" not in repr(Settings().kafka_sasl_password)  # the password is a secret in settings dumps
    credentials = faust_credentials(Settings())
    assert credentials is not None and credentials.protocol.value == "SASL_SSL"
    assert aiokafka_kwargs(Settings())["sasl_mechanism"] == "SCRAM-SHA-256"


def test_tls_without_sasl(certs) -> None:  # type: ignore[no-untyped-def]
    security = KafkaSecurity(protocol="SSL", cafile=certs.ca)
    kwargs = kafka_python_kwargs(security)
    assert kwargs["security_protocol"] == "SSL" and "sasl_mechanism" not in kwargs
    assert faust_credentials(security).protocol.value == "SSL"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"protocol": "SASL_TLS"}, "MODSTREAM_KAFKA_SECURITY_PROTOCOL"),
        ({"protocol": "SASL_SSL", "username": "u"}, "MODSTREAM_KAFKA_SASL_PASSWORD"),
        ({"protocol": "SASL_SSL", "username": "u", "password": "p", "mechanism": "GSSAPI"},
         "MODSTREAM_KAFKA_SASL_MECHANISM"),
        ({"protocol": "SSL", "certfile": Path("/x.pem")}, "MODSTREAM_KAFKA_SSL_KEYFILE"),
        ({"protocol": "PLAINTEXT", "cafile": Path("/x.pem")}, "SSL or SASL_SSL"),
        ({"protocol": "SSL", "cafile": Path("/nonexistent/ca.pem")}, "no such file"),
    ],
)
def test_inconsistent_settings_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(SecurityConfigError, match=message):
        KafkaSecurity(**fields)  # type: ignore[arg-type]


def test_unreadable_key_is_a_clear_error(tmp_path: Path, certs) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    security = KafkaSecurity(protocol="SSL", cafile=certs.ca, certfile=certs.client_cert, keyfile=bad)
    with pytest.raises(SecurityConfigError, match="cannot load the Kafka TLS files"):
        kafka_python_kwargs(security)
