"""An optional SASL_SSL listener for the local broker (TLS, SASL PLAIN and SCRAM, optional mTLS).

The local broker always keeps its loopback PLAINTEXT listener (inter-broker traffic and local
development); this adds a second one that clients reach with
:func:`streams.security.kafka_python_kwargs` and ``MODSTREAM_KAFKA_SECURITY_PROTOCOL=SASL_SSL``.
SCRAM users are written into the metadata log when storage is formatted (``kafka-storage format
--add-scram``); PLAIN users live in the listener's JAAS line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from streams.broker.exceptions import BrokerError

SCRAM_MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")
_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class SaslSslListener:
    """A ``SASL_SSL://host:port`` listener and who may log in to it."""

    port: int
    keystore: Path
    """PKCS#12 keystore holding the broker's key and certificate chain."""
    keystore_password: str
    truststore: Path | None = None
    """PEM CA bundle that signs client certificates; with it, clients must present one (mTLS)."""
    plain_users: Mapping[str, str] = field(default_factory=dict)
    scram_users: tuple[tuple[str, str, str], ...] = ()
    """``(mechanism, user, password)``; mechanism ``SCRAM-SHA-256`` or ``SCRAM-SHA-512``."""

    def __post_init__(self) -> None:
        for mechanism, user, password in self.scram_users:
            if mechanism not in SCRAM_MECHANISMS:
                raise BrokerError(f"unknown SCRAM mechanism {mechanism!r} (expected {SCRAM_MECHANISMS})")
            if not (_SAFE.match(user) and _SAFE.match(password)):
                raise BrokerError("SCRAM user names and passwords: letters, digits, '.', '_', '-' only")
        for user, password in self.plain_users.items():
            if not (_SAFE.match(user) and _SAFE.match(password)):
                raise BrokerError("PLAIN user names and passwords: letters, digits, '.', '_', '-' only")

    def mechanisms(self) -> list[str]:
        """SASL mechanisms the listener enables."""
        found = ["PLAIN"] if self.plain_users else []
        return found + sorted({m for m, _, _ in self.scram_users})

    def properties(self) -> list[str]:
        """``server.properties`` lines for the listener (besides the listener lists)."""
        prefix = "listener.name.sasl_ssl."
        lines = [
            f"sasl.enabled.mechanisms={','.join(self.mechanisms())}",
            f"{prefix}ssl.keystore.type=PKCS12",
            f"{prefix}ssl.keystore.location={self.keystore.as_posix()}",
            f"{prefix}ssl.keystore.password={self.keystore_password}",
        ]
        if self.truststore is not None:
            lines += [
                f"{prefix}ssl.truststore.type=PEM",
                f"{prefix}ssl.truststore.location={self.truststore.as_posix()}",
                f"{prefix}ssl.client.auth=required",
            ]
        if self.plain_users:
            users = " ".join(f'user_{u}="{p}"' for u, p in sorted(self.plain_users.items()))
            lines.append(
                f"{prefix}plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                f"required {users};"
            )
        for mechanism in sorted({m for m, _, _ in self.scram_users}):
            lines.append(
                f"{prefix}{mechanism.lower()}.sasl.jaas.config="
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"
            )
        return lines

    def format_args(self) -> list[str]:
        """``kafka-storage format`` arguments that create the SCRAM users."""
        args: list[str] = []
        for mechanism, user, password in self.scram_users:
            args += ["--add-scram", f"{mechanism}=[name={user},password={password}]"]
        return args


def add_listener(properties: str, host: str, listener: SaslSslListener) -> str:
    """``properties`` (the rendered template) with the SASL_SSL listener added."""
    endpoint = f"SASL_SSL://{host}:{listener.port}"

    def extend(key: str, value: str, text: str) -> str:
        pattern = re.compile(rf"^({re.escape(key)}=.*)$", re.M)
        if not pattern.search(text):
            raise BrokerError(f"server.properties template has no {key} line")
        return pattern.sub(lambda m: f"{m.group(1)},{value}", text, count=1)

    text = extend("listeners", endpoint, properties)
    text = extend("advertised.listeners", endpoint, text)
    text = extend("listener.security.protocol.map", "SASL_SSL:SASL_SSL", text)
    block = "\n".join(["", "# SASL_SSL listener (streams/broker/secure.py)", *listener.properties()])
    return text.rstrip("\n") + "\n" + block + "\n"
