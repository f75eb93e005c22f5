"""Turn the Kafka security settings into kafka-python, aiokafka and Faust arguments.

``security_protocol`` decides what is used: ``PLAINTEXT`` (default, local development), ``SSL``
(TLS; server certificate verified against ``ssl_cafile`` or the system store; a client certificate
when ``ssl_certfile``/``ssl_keyfile`` are set, for mTLS), ``SASL_PLAINTEXT`` or ``SASL_SSL`` (SASL
``PLAIN``, ``SCRAM-SHA-256`` or ``SCRAM-SHA-512`` with ``sasl_username``/``sasl_password``).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from streams.security.exceptions import SecurityConfigError

if TYPE_CHECKING:
    from faust.types.auth import CredentialsT

    from streams.settings import Settings

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


@dataclass(frozen=True)
class KafkaSecurity:
    """How every Kafka client of the project authenticates and encrypts (validated on creation)."""

    protocol: str = "PLAINTEXT"
    mechanism: str = "PLAIN"
    username: str = ""
    password: str = ""
    cafile: Path | None = None
    certfile: Path | None = None
    keyfile: Path | None = None
    key_password: str | None = None
    check_hostname: bool = True

    def __post_init__(self) -> None:
        if self.protocol not in PROTOCOLS:
            raise SecurityConfigError(
                f"MODSTREAM_KAFKA_SECURITY_PROTOCOL={self.protocol!r}: expected one of {', '.join(PROTOCOLS)}"
            )
        if self.sasl:
            if self.mechanism not in MECHANISMS:
                raise SecurityConfigError(
                    f"MODSTREAM_KAFKA_SASL_MECHANISM={self.mechanism!r}: expected one of {', '.join(MECHANISMS)}"
                )
            if not self.username or not self.password:
                raise SecurityConfigError(
                    f"{self.protocol} needs MODSTREAM_KAFKA_SASL_USERNAME and MODSTREAM_KAFKA_SASL_PASSWORD"
                )
        if (self.certfile is None) != (self.keyfile is None):
            raise SecurityConfigError(
                "a client certificate needs both MODSTREAM_KAFKA_SSL_CERTFILE and MODSTREAM_KAFKA_SSL_KEYFILE"
            )
        if not self.tls and any(p is not None for p in (self.cafile, self.certfile)):
            raise SecurityConfigError(
                f"MODSTREAM_KAFKA_SSL_* files are set but MODSTREAM_KAFKA_SECURITY_PROTOCOL is {self.protocol} "
                "(use SSL or SASL_SSL)"
            )
        for name, path in (("CAFILE", self.cafile), ("CERTFILE", self.certfile), ("KEYFILE", self.keyfile)):
            if path is not None and not path.is_file():
                raise SecurityConfigError(f"MODSTREAM_KAFKA_SSL_{name}={path}: no such file")

    @property
    def sasl(self) -> bool:
        """SASL authentication is on."""
        return self.protocol.startswith("SASL_")

    @property
    def tls(self) -> bool:
        """The connection is encrypted."""
        return self.protocol in ("SSL", "SASL_SSL")

    @classmethod
    def from_settings(cls, settings: Settings) -> KafkaSecurity:
        """The security part of the service settings."""
        key_password = settings.kafka_ssl_key_password
        return cls(
            protocol=settings.kafka_security_protocol.upper(),
            mechanism=settings.kafka_sasl_mechanism.upper(),
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password.get_secret_value(),
            cafile=settings.kafka_ssl_cafile,
            certfile=settings.kafka_ssl_certfile,
            keyfile=settings.kafka_ssl_keyfile,
            key_password=key_password.get_secret_value() if key_password is not None else None,
            check_hostname=settings.kafka_ssl_check_hostname,
        )


def _security(source: Settings | KafkaSecurity) -> KafkaSecurity:
    return source if isinstance(source, KafkaSecurity) else KafkaSecurity.from_settings(source)


def ssl_context(source: Settings | KafkaSecurity) -> ssl.SSLContext | None:
    """A client TLS context that verifies the server (and presents a client certificate for mTLS)."""
    sec = _security(source)
    if not sec.tls:
        return None
    try:
        context = ssl.create_default_context(
            ssl.Purpose.SERVER_AUTH, cafile=str(sec.cafile) if sec.cafile else None
        )
        context.check_hostname = sec.check_hostname
        context.verify_mode = ssl.CERT_REQUIRED
        if sec.certfile is not None and sec.keyfile is not None:
            context.load_cert_chain(str(sec.certfile), str(sec.keyfile), password=sec.key_password)
    except (OSError, ssl.SSLError) as exc:
        raise SecurityConfigError(f"cannot load the Kafka TLS files: {exc}") from None
    return context


def kafka_python_kwargs(source: Settings | KafkaSecurity) -> dict[str, Any]:
    """Keyword arguments for kafka-python's ``KafkaProducer``/``KafkaConsumer``/``KafkaAdminClient``."""
    sec = _security(source)
    kwargs: dict[str, Any] = {"security_protocol": sec.protocol}
    if sec.tls:
        kwargs["ssl_context"] = ssl_context(sec)
        kwargs["ssl_check_hostname"] = sec.check_hostname
    if sec.sasl:
        kwargs.update(
            sasl_mechanism=sec.mechanism, sasl_plain_username=sec.username, sasl_plain_password=sec.password
        )
    return kwargs


def aiokafka_kwargs(source: Settings | KafkaSecurity) -> dict[str, Any]:
    """Keyword arguments for aiokafka's ``AIOKafkaProducer``/``AIOKafkaConsumer``."""
    sec = _security(source)
    kwargs: dict[str, Any] = {"security_protocol": sec.protocol}
    if sec.tls:
        kwargs["ssl_context"] = ssl_context(sec)
    if sec.sasl:
        kwargs.update(
            sasl_mechanism=sec.mechanism, sasl_plain_username=sec.username, sasl_plain_password=sec.password
        )
    return kwargs


def faust_credentials(source: Settings | KafkaSecurity) -> CredentialsT | None:
    """Faust's ``broker_credentials`` for these settings (None: plaintext)."""
    from faust.auth import SASLCredentials, SSLCredentials

    sec = _security(source)
    context = ssl_context(sec)
    if sec.sasl:
        # with a TLS context Faust speaks SASL_SSL, without one SASL_PLAINTEXT
        return SASLCredentials(
            username=sec.username, password=sec.password, mechanism=sec.mechanism, ssl_context=context
        )
    if context is not None:
        return SSLCredentials(context)
    return None
