"""The project's own single-node Apache Kafka broker (KRaft, combined broker+controller).

Jars come from Maven Central (:mod:`streams.broker.maven`), the broker listens on 127.0.0.1
(19092 broker, 19093 controller by default) and keeps its data, logs, rendered
``server.properties`` and pid file under ``<repo>/var/kafka/``.

Environment overrides (all optional): ``MODSTREAM_KAFKA_VERSION``, ``MODSTREAM_KAFKA_HOME``
(jar cache), ``MODSTREAM_KAFKA_PORT``, ``MODSTREAM_KAFKA_CONTROLLER_PORT`` (default port+1),
``MODSTREAM_KAFKA_DATA_DIR``, ``MODSTREAM_KAFKA_HEAP_OPTS``, ``MODSTREAM_KAFKA_READY_TIMEOUT``,
``JAVA_HOME``.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import signal
import socket
import string
import subprocess
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.broker.exceptions import BrokerError, BrokerNotReady, PortInUse
from streams.broker.maven import DEFAULT_KAFKA_VERSION, file_lock, jars_present, resolve_kafka
from streams.broker.secure import SaslSslListener, add_listener
from streams.kafka_admin import probe, wait_ready, warm_up_coordinator

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PORT = 19092
KAFKA_MAIN_CLASS = "kafka.Kafka"
STORAGE_TOOL_CLASS = "kafka.tools.StorageTool"
JVM_OPTS = (
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
)


def _default_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    return "java"


@dataclass(frozen=True)
class KafkaConfig:
    """Where the broker's jars, config and data live, and how it listens."""

    version: str = DEFAULT_KAFKA_VERSION
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    controller_port: int = DEFAULT_PORT + 1
    kafka_home: Path | None = None
    data_dir: Path = REPO_ROOT / "var" / "kafka"
    config_dir: Path = REPO_ROOT / "config" / "kafka"
    heap_opts: tuple[str, ...] = ("-Xmx512m", "-Xms256m")
    java: str = field(default_factory=_default_java)
    ready_timeout: float = 120.0
    retention_hours: int = 24
    retention_bytes: int = 256 * 1024 * 1024
    segment_bytes: int = 64 * 1024 * 1024
    sasl_ssl: SaslSslListener | None = None
    """An extra SASL_SSL listener (:mod:`streams.broker.secure`); None: plaintext only."""

    @property
    def home(self) -> Path:
        """Jar cache: ``MODSTREAM_KAFKA_HOME`` or ``<repo>/.cache/kafka/<version>``."""
        return self.kafka_home or REPO_ROOT / ".cache" / "kafka" / self.version

    @property
    def libs(self) -> Path:
        """Directory holding the broker classpath."""
        return self.home / "libs"

    @property
    def bootstrap(self) -> str:
        """``host:port`` clients connect to."""
        return f"{self.host}:{self.port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> KafkaConfig:
        """Defaults, then ``MODSTREAM_KAFKA_*`` variables, then explicit ``overrides``."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}

        def _int(name: str) -> int | None:
            raw = env.get(name)
            if raw is None or raw == "":
                return None
            try:
                return int(raw)
            except ValueError as exc:
                raise BrokerError(f"{name} must be an integer, got {raw!r}") from exc

        if env.get("MODSTREAM_KAFKA_VERSION"):
            values["version"] = env["MODSTREAM_KAFKA_VERSION"]
        if env.get("MODSTREAM_KAFKA_HOME"):
            values["kafka_home"] = Path(env["MODSTREAM_KAFKA_HOME"]).expanduser()
        if env.get("MODSTREAM_KAFKA_DATA_DIR"):
            values["data_dir"] = Path(env["MODSTREAM_KAFKA_DATA_DIR"]).expanduser()
        if env.get("MODSTREAM_KAFKA_HEAP_OPTS"):
            values["heap_opts"] = tuple(env["MODSTREAM_KAFKA_HEAP_OPTS"].split())
        if env.get("MODSTREAM_KAFKA_READY_TIMEOUT"):
            values["ready_timeout"] = float(env["MODSTREAM_KAFKA_READY_TIMEOUT"])
        port = _int("MODSTREAM_KAFKA_PORT")
        if port is not None:
            values["port"] = port
        controller = _int("MODSTREAM_KAFKA_CONTROLLER_PORT")
        if controller is not None:
            values["controller_port"] = controller
        values.update(overrides)
        for key in ("kafka_home", "data_dir", "config_dir"):
            if isinstance(values.get(key), str):
                values[key] = Path(values[key])
        if "port" in values and "controller_port" not in values:
            values["controller_port"] = int(values["port"]) + 1
        return cls(**values)


def render_server_properties(config: KafkaConfig) -> str:
    """``config/kafka/server.properties`` with this config's ports, paths and retention."""
    if config.port == config.controller_port:
        raise BrokerError("broker and controller ports must differ")
    template = string.Template((config.config_dir / "server.properties").read_text())
    text = template.substitute(
        host=config.host,
        broker_port=config.port,
        controller_port=config.controller_port,
        log_dirs=(config.data_dir / "data").as_posix(),
        retention_hours=config.retention_hours,
        retention_bytes=config.retention_bytes,
        segment_bytes=config.segment_bytes,
    )
    return text if config.sasl_ssl is None else add_listener(text, config.host, config.sasl_ssl)


def new_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, URL-safe base64, no padding, not starting with '-'."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):
            return cid


def _tail(path: Path, lines: int = 40) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(fh.tell() - 64 * 1024, 0))
            text = fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port_pair(host: str = "127.0.0.1") -> tuple[int, int]:
    """Two distinct currently-free TCP ports (broker, controller), e.g. for tests."""
    with socket.socket() as a, socket.socket() as b:
        a.bind((host, 0))
        b.bind((host, 0))
        return a.getsockname()[1], b.getsockname()[1]


@dataclass(frozen=True)
class UpResult:
    """What :meth:`LocalKafka.up` did."""

    bootstrap: str
    pid: int
    already_running: bool
    seconds: float
    resolved_jars: bool = False
    formatted: bool = False
    resolve_seconds: float = 0.0
    format_seconds: float = 0.0


@dataclass(frozen=True)
class BrokerStatus:
    """What :meth:`LocalKafka.status` found."""

    running: bool
    ready: bool
    bootstrap: str
    pid: int | None
    log_file: Path


@dataclass(frozen=True)
class DownResult:
    """What :meth:`LocalKafka.down` did."""

    stopped: bool
    pid: int | None = None
    forced: bool = False
    seconds: float = 0.0


class LocalKafka:
    """Resolve, format, start, probe and stop the local single-node KRaft broker."""

    def __init__(self, config: KafkaConfig | None = None) -> None:
        self.config = config or KafkaConfig.from_env()
        self._proc: subprocess.Popen[bytes] | None = None

    # -- paths -------------------------------------------------------------------------------
    @property
    def bootstrap(self) -> str:
        """Bootstrap address of this (configured) broker."""
        return self.config.bootstrap

    @property
    def data_path(self) -> Path:
        """KRaft metadata + topic data (``log.dirs``)."""
        return self.config.data_dir / "data"

    @property
    def log_file(self) -> Path:
        """Broker stdout/stderr (log4j2 console appender)."""
        return self.config.data_dir / "logs" / "server.log"

    @property
    def properties_file(self) -> Path:
        """Rendered ``server.properties`` the running broker was started with."""
        return self.config.data_dir / "server.properties"

    @property
    def pid_file(self) -> Path:
        """Pid of the detached broker JVM."""
        return self.config.data_dir / "kafka.pid"

    # -- process bookkeeping -----------------------------------------------------------------
    def _alive(self, pid: int) -> bool:
        if self._proc is not None and self._proc.pid == pid:
            return self._proc.poll() is None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rpartition(")")[2].split()[0] == "Z":
                return False
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, IndexError):
            return True  # no /proc (macOS): trust the signal probe
        return KAFKA_MAIN_CLASS.encode() in cmdline  # a recycled pid is not our broker

    def running_pid(self) -> int | None:
        """Pid of the broker started from this data dir, if it is alive (stale files removed)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if self._alive(pid):
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    def running_bootstrap(self) -> str:
        """Bootstrap address from the rendered config of the running broker (or configured)."""
        try:
            text = self.properties_file.read_text()
        except OSError:
            return self.bootstrap
        match = re.search(r"^advertised\.listeners=PLAINTEXT://([^,\s]+)", text, re.M)
        return match.group(1) if match else self.bootstrap

    def is_ready(self, timeout: float = 3.0) -> bool:
        """True when an admin request against the broker succeeds."""
        return probe(self.running_bootstrap() if self.running_pid() else self.bootstrap, timeout)

    def status(self) -> BrokerStatus:
        """Running / ready state, pid and bootstrap address."""
        pid = self.running_pid()
        bootstrap = self.running_bootstrap() if pid else self.bootstrap
        ready = pid is not None and probe(bootstrap, 3.0)
        return BrokerStatus(pid is not None, ready, bootstrap, pid, self.log_file)

    # -- lifecycle ---------------------------------------------------------------------------
    def resolve(self) -> bool:
        """Make sure the jars are cached; True if Maven had to run."""
        needed = not jars_present(self.config.libs)
        resolve_kafka(self.config.home, self.config.config_dir / "pom.xml", self.config.version)
        return needed

    def _check_ports(self) -> None:
        extra = (self.config.sasl_ssl.port,) if self.config.sasl_ssl is not None else ()
        for port in (self.config.port, self.config.controller_port, *extra):
            if not _port_free(self.config.host, port):
                raise PortInUse(
                    f"{self.config.host}:{port} is already in use by another process (not the "
                    f"broker of {self.config.data_dir}); stop it or set MODSTREAM_KAFKA_PORT"
                )

    def _java_base(self) -> list[str]:
        if shutil.which(self.config.java) is None and not Path(self.config.java).exists():
            raise BrokerError(f"java not found ({self.config.java!r}); install JDK 17+")
        log4j = self.config.config_dir / "log4j2.properties"
        return [self.config.java, f"-Dlog4j2.configurationFile={log4j.as_posix()}"]

    def _classpath(self) -> str:
        return f"{self.config.libs.as_posix()}/*"

    def _format_if_needed(self) -> bool:
        if (self.data_path / "meta.properties").exists():
            return False
        self.data_path.mkdir(parents=True, exist_ok=True)
        cmd = [
            *self._java_base(),
            "-Xmx256m",
            "-cp",
            self._classpath(),
            STORAGE_TOOL_CLASS,
            "format",
            "--cluster-id",
            new_cluster_id(),
            "--config",
            str(self.properties_file),
            "--ignore-formatted",
            *(self.config.sasl_ssl.format_args() if self.config.sasl_ssl is not None else ()),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
            raise BrokerError(f"formatting {self.data_path} failed (exit {proc.returncode}):\n{tail}")
        return True

    def _launch(self) -> subprocess.Popen[bytes]:
        logs = self.log_file.parent
        logs.mkdir(parents=True, exist_ok=True)
        if self.log_file.exists():
            self.log_file.replace(logs / "server.log.1")
        cmd = [
            *self._java_base(),
            *self.config.heap_opts,
            *JVM_OPTS,
            f"-Dkafka.logs.dir={logs.as_posix()}",
            "-cp",
            self._classpath(),
            KAFKA_MAIN_CLASS,
            str(self.properties_file),
        ]
        with self.log_file.open("ab") as out:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.config.data_dir,
                start_new_session=True,  # detached: survives the CLI, ignores its Ctrl-C
            )
        self.pid_file.write_text(f"{proc.pid}\n")
        return proc

    def up(self, timeout: float | None = None) -> UpResult:
        """Start the broker (resolving jars and formatting storage first if needed).

        Returns once an admin request succeeds (and the group coordinator is warmed up). A
        no-op when it is already running. Raises :class:`BrokerNotReady` (with the broker log
        tail) if it does not become ready in time.
        """
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        with file_lock(self.config.data_dir / ".up.lock"):  # concurrent `up`s start one broker
            return self._up(self.config.ready_timeout if timeout is None else timeout)

    def _up(self, timeout: float) -> UpResult:
        start = time.monotonic()
        pid = self.running_pid()
        if pid is not None:
            bootstrap = self.running_bootstrap()
            try:
                wait_ready(bootstrap, timeout, is_alive=lambda: self._alive(pid))
            except BrokerNotReady as exc:
                raise BrokerNotReady(str(exc), _tail(self.log_file)) from None
            return UpResult(bootstrap, pid, True, time.monotonic() - start)

        self._check_ports()
        t0 = time.monotonic()
        resolved = self.resolve()
        resolve_s = time.monotonic() - t0
        self.properties_file.write_text(render_server_properties(self.config))
        t0 = time.monotonic()
        formatted = self._format_if_needed()
        format_s = time.monotonic() - t0

        proc = self._proc = self._launch()
        try:
            wait_ready(self.bootstrap, timeout, is_alive=lambda: proc.poll() is None)
        except BrokerNotReady as exc:
            code = proc.poll()
            if code is None:
                self.down()
                message = f"{exc} (stopped it); log: {self.log_file}"
            else:
                self.pid_file.unlink(missing_ok=True)
                message = f"the broker exited with code {code} while starting; log: {self.log_file}"
            raise BrokerNotReady(message, _tail(self.log_file)) from None
        warm_up_coordinator(self.bootstrap)
        return UpResult(
            self.bootstrap,
            proc.pid,
            False,
            time.monotonic() - start,
            resolved_jars=resolved,
            formatted=formatted,
            resolve_seconds=resolve_s,
            format_seconds=format_s,
        )

    def down(self, timeout: float = 30.0) -> DownResult:
        """Stop the broker: SIGTERM (controlled shutdown), wait ``timeout``, then SIGKILL."""
        pid = self.running_pid()
        if pid is None:
            return DownResult(False)
        start = time.monotonic()
        forced = False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not self._wait_exit(pid, timeout):
            forced = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not self._wait_exit(pid, 10.0):
                raise BrokerError(f"broker pid {pid} survived SIGKILL")
        self.pid_file.unlink(missing_ok=True)
        self._proc = None
        return DownResult(True, pid, forced, time.monotonic() - start)

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self._alive(pid):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        return True
