"""Unit tests for the local broker: config rendering, env overrides, jar resolution, lifecycle."""

from __future__ import annotations

import base64
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from streams.broker import (
    BrokerError,
    KafkaConfig,
    LocalKafka,
    MavenResolutionError,
    PortInUse,
    free_port_pair,
)
from streams.broker.local import REPO_ROOT, new_cluster_id, render_server_properties
from streams.broker.maven import REQUIRED_JARS, jars_present, mvn_command, resolve_kafka

POM = REPO_ROOT / "config" / "kafka" / "pom.xml"


def _props(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {k.strip(): v.strip() for k, v in pairs}


def _fake_jars(libs: Path, version: str = "4.3.1") -> None:
    libs.mkdir(parents=True, exist_ok=True)
    for prefix in REQUIRED_JARS:
        (libs / f"{prefix}{version}.jar").write_bytes(b"PK")


def test_render_server_properties(tmp_path: Path) -> None:
    config = KafkaConfig(port=29092, controller_port=29093, data_dir=tmp_path)
    text = render_server_properties(config)
    assert "${" not in text
    props = _props(text)
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:29093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:29092"
    assert props["log.dirs"] == (tmp_path / "data").as_posix()
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "min.insync.replicas",
    ):
        assert props[key] == "1", key
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["auto.create.topics.enable"] == "false"
    assert int(props["log.retention.hours"]) <= 24


def test_render_rejects_same_ports(tmp_path: Path) -> None:
    with pytest.raises(BrokerError):
        render_server_properties(KafkaConfig(port=1, controller_port=1, data_dir=tmp_path))


def test_config_defaults() -> None:
    config = KafkaConfig.from_env({})
    assert config.bootstrap == "127.0.0.1:19092"
    assert config.controller_port == 19093
    assert config.home == REPO_ROOT / ".cache" / "kafka" / config.version
    assert config.libs == config.home / "libs"
    assert config.data_dir == REPO_ROOT / "var" / "kafka"
    assert "-Xmx512m" in config.heap_opts


def test_config_from_env(tmp_path: Path) -> None:
    env = {
        "MODSTREAM_KAFKA_PORT": "29092",
        "MODSTREAM_KAFKA_HOME": str(tmp_path / "home"),
        "MODSTREAM_KAFKA_DATA_DIR": str(tmp_path / "var"),
        "MODSTREAM_KAFKA_HEAP_OPTS": "-Xmx1g -Xms1g",
        "MODSTREAM_KAFKA_VERSION": "4.0.0",
    }
    config = KafkaConfig.from_env(env)
    assert (config.port, config.controller_port) == (29092, 29093)
    assert config.home == tmp_path / "home"
    assert config.data_dir == tmp_path / "var"
    assert config.heap_opts == ("-Xmx1g", "-Xms1g")
    assert config.version == "4.0.0"
    explicit = KafkaConfig.from_env({**env, "MODSTREAM_KAFKA_CONTROLLER_PORT": "40000"})
    assert explicit.controller_port == 40000
    assert KafkaConfig.from_env(env, port=5000).controller_port == 5001
    with pytest.raises(BrokerError):
        KafkaConfig.from_env({"MODSTREAM_KAFKA_PORT": "abc"})


def test_cluster_id_format() -> None:
    cid = new_cluster_id()
    assert len(cid) == 22 and not cid.startswith("-")
    assert len(base64.urlsafe_b64decode(cid + "==")) == 16


def test_pom_and_mvn_command(tmp_path: Path) -> None:
    pom = POM.read_text()
    for artifact in ("kafka_2.13", "log4j-core", "log4j-slf4j2-impl", "slf4j-api"):
        assert f"<artifactId>{artifact}</artifactId>" in pom
    cmd = mvn_command("mvn", POM, "4.3.1", tmp_path)
    assert {"-q", "-B", "dependency:copy-dependencies", "-Dkafka.version=4.3.1"} <= set(cmd)
    assert f"-DoutputDirectory={tmp_path}" in cmd


def test_jars_present(tmp_path: Path) -> None:
    libs = tmp_path / "libs"
    assert not jars_present(libs)
    _fake_jars(libs)
    assert jars_present(libs)
    (libs / "log4j-core-4.3.1.jar").unlink()
    assert not jars_present(libs)


def test_resolve_skips_maven_when_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_jars(tmp_path / "libs")

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("mvn must not run when the jars are cached")

    monkeypatch.setattr(subprocess, "run", boom)
    assert resolve_kafka(tmp_path, POM, mvn="/nonexistent/mvn") == tmp_path / "libs"


def _fake_mvn(tmp_path: Path, body: str) -> str:
    script = tmp_path / "mvn"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_resolve_runs_maven_once(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    jars = " ".join(f"{p}4.3.1.jar" for p in REQUIRED_JARS)
    mvn = _fake_mvn(
        tmp_path,
        f'echo "$@" >> {calls}\n'
        'for a in "$@"; do case "$a" in -DoutputDirectory=*) out="${a#-DoutputDirectory=}";; '
        "esac; done\n"
        f'mkdir -p "$out" && for j in {jars}; do : > "$out/$j"; done\n',
    )
    home = tmp_path / "home"
    libs = resolve_kafka(home, POM, "4.3.1", mvn=mvn)
    assert jars_present(libs)
    assert "kafka_2.13:4.3.1" in (home / "RESOLVED").read_text()
    assert not list(home.glob("libs.tmp-*"))
    resolve_kafka(home, POM, "4.3.1", mvn=mvn)
    assert len(calls.read_text().splitlines()) == 1


def test_resolve_failure_reports_maven_output(tmp_path: Path) -> None:
    mvn = _fake_mvn(tmp_path, 'echo "Could not resolve kafka_2.13:9.9.9"; exit 1\n')
    home = tmp_path / "home"
    with pytest.raises(MavenResolutionError, match=r"9\.9\.9"):
        resolve_kafka(home, POM, "9.9.9", mvn=mvn)
    assert not (home / "libs").exists()
    assert not list(home.glob("libs.tmp-*"))


def _local(tmp_path: Path, **overrides: object) -> LocalKafka:
    port, controller_port = free_port_pair()
    values: dict[str, object] = {
        "port": port,
        "controller_port": controller_port,
        "data_dir": tmp_path / "var",
        "kafka_home": tmp_path / "home",
    }
    values.update(overrides)
    return LocalKafka(KafkaConfig.from_env({}, **values))


def test_status_when_down_and_stale_pid(tmp_path: Path) -> None:
    kafka = _local(tmp_path)
    st = kafka.status()
    assert not st.running and not st.ready and st.bootstrap == kafka.bootstrap
    dead = subprocess.Popen(["true"])
    dead.wait()
    kafka.config.data_dir.mkdir(parents=True)
    kafka.pid_file.write_text(f"{dead.pid}\n")
    assert kafka.running_pid() is None
    assert not kafka.pid_file.exists()
    assert not kafka.down().stopped
    assert not kafka.is_ready(timeout=0.5)


def test_up_refuses_taken_port(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        kafka = _local(tmp_path, port=sock.getsockname()[1])
        with pytest.raises(PortInUse, match="MODSTREAM_KAFKA_PORT"):
            kafka.up(timeout=1)


def test_cli_status_exit_code_when_down(tmp_path: Path) -> None:
    from streams.cli.kafka import app

    port, _ = free_port_pair()
    env = {"MODSTREAM_KAFKA_DATA_DIR": str(tmp_path), "MODSTREAM_KAFKA_PORT": str(port)}
    result = CliRunner().invoke(app, ["status"], env=env)
    assert result.exit_code == 1
    assert f"down: 127.0.0.1:{port}" in result.output


@pytest.mark.kafka
def test_lifecycle_up_noop_status_down(tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("java not found")
    kafka = _local(tmp_path, kafka_home=KafkaConfig.from_env().kafka_home)  # shared jar cache
    first = kafka.up()
    try:
        assert not first.already_running and first.formatted
        assert kafka.is_ready()
        second = LocalKafka(kafka.config).up()
        assert second.already_running and second.pid == first.pid
        st = kafka.status()
        assert st.running and st.ready and st.pid == first.pid
        assert st.bootstrap == kafka.bootstrap
    finally:
        down = kafka.down()
    assert down.stopped and not down.forced
    assert not kafka.status().running
    again = kafka.up()  # restart on formatted storage
    try:
        assert not again.formatted
    finally:
        kafka.down()
