"""Resolve the Kafka broker jars from Maven Central, once, into a cache directory.

The jars come from ``config/kafka/pom.xml`` (``org.apache.kafka:kafka_2.13`` + log4j2) via
``mvn dependency:copy-dependencies``. When the cache already holds them, Maven is not run.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streams.broker.exceptions import MavenResolutionError

DEFAULT_KAFKA_VERSION = "4.3.1"

#: File-name prefixes that must all be present for a jar directory to count as resolved.
REQUIRED_JARS = ("kafka_2.13-", "kafka-clients-", "log4j-core-", "log4j-slf4j2-impl-")

MVN_TIMEOUT_S = 900.0


def jars_present(libs: Path) -> bool:
    """True when ``libs`` holds a complete broker classpath (any Kafka 4.x version)."""
    if not libs.is_dir():
        return False
    names = [p.name for p in libs.glob("*.jar")]
    return all(any(n.startswith(prefix) for n in names) for prefix in REQUIRED_JARS)


def mvn_command(mvn: str, pom: Path, version: str, output_dir: Path) -> list[str]:
    """The quiet, non-interactive Maven invocation that copies the broker jars to ``output_dir``."""
    return [
        mvn,
        "-q",
        "-B",
        "--no-transfer-progress",
        "-Dstyle.color=never",
        "-f",
        str(pom),
        f"-Dkafka.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={output_dir}",
        "-DincludeScope=runtime",
    ]


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Exclusive advisory lock, so parallel callers resolve only once."""
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def resolve_kafka(
    home: Path,
    pom: Path,
    version: str = DEFAULT_KAFKA_VERSION,
    *,
    mvn: str | None = None,
) -> Path:
    """Return ``<home>/libs`` with the broker jars, running Maven only if they are missing.

    Maven writes into a temporary directory that is renamed into place, so an interrupted
    download never leaves a half-filled ``libs``.
    """
    libs = home / "libs"
    if jars_present(libs):
        return libs
    mvn_bin = mvn or os.environ.get("MODSTREAM_MVN") or shutil.which("mvn")
    if not mvn_bin:
        raise MavenResolutionError(
            f"Kafka jars are not cached in {libs} and `mvn` is not on PATH; "
            "install Maven (apt-get install maven) or point MODSTREAM_KAFKA_HOME at a cache"
        )
    if not pom.is_file():
        raise MavenResolutionError(f"Maven project for the broker not found: {pom}")
    home.mkdir(parents=True, exist_ok=True)
    with file_lock(home / ".resolve.lock"):
        if jars_present(libs):  # resolved by a concurrent caller while we waited
            return libs
        tmp = home / f"libs.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = mvn_command(mvn_bin, pom, version, tmp)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=MVN_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise MavenResolutionError(f"running {' '.join(cmd)} failed: {exc}") from exc
        if proc.returncode != 0 or not jars_present(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
            raise MavenResolutionError(
                f"resolving org.apache.kafka:kafka_2.13:{version} failed "
                f"(exit {proc.returncode}): {' '.join(cmd)}\n{tail}"
            )
        shutil.rmtree(libs, ignore_errors=True)
        tmp.rename(libs)
        (home / "RESOLVED").write_text(f"org.apache.kafka:kafka_2.13:{version}\n")
    return libs
