"""Test certificates made with openssl: a CA, a broker certificate for 127.0.0.1, a client certificate."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Certs:
    """Paths of the files :func:`make_certs` wrote."""

    ca: Path
    """CA certificate (PEM): clients verify the broker with it; the broker verifies clients with it."""
    keystore: Path
    """The broker's key and certificate chain (PKCS#12, password ``keystore_password``)."""
    keystore_password: str
    client_cert: Path
    client_key: Path


def _openssl(*args: str, cwd: Path) -> None:
    proc = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args[:2])} failed: {proc.stderr.strip()}")


def make_certs(directory: Path, password: str = "keystore-pass") -> Certs:
    """Write a throwaway CA and broker/client certificates (RSA 2048, 2 days) into ``directory``."""
    d = directory
    d.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=modstream-test-ca",
             "-keyout", "ca.key", "-out", "ca.pem", cwd=d)
    (d / "server.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    (d / "client.ext").write_text("extendedKeyUsage=clientAuth\n")
    for name, ext in (("server", "server.ext"), ("client", "client.ext")):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN=modstream-test-{name}",
                 "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=d)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-days", "2", "-extfile", ext, "-out", f"{name}.pem", cwd=d)
    _openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-certfile", "ca.pem",
             "-name", "broker", "-passout", f"pass:{password}", "-out", "server.p12", cwd=d)
    return Certs(d / "ca.pem", d / "server.p12", password, d / "client.pem", d / "client.key")
