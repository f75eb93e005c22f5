"""Kafka admin requests (kafka-python): readiness probe, idempotent topic creation, offsets, deletion."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from kafka.admin import KafkaAdminClient
from kafka.errors import TopicAlreadyExistsError, for_code

from streams.kafka_admin.exceptions import BrokerError, BrokerNotReady


def _first_server(bootstrap: str) -> tuple[str, int]:
    """``"h1:p1,h2:p2"`` -> ``("h1", p1)``."""
    first = bootstrap.split(",")[0].strip()
    host, _, port = first.rpartition(":")
    if not host or not port.isdigit():
        raise BrokerError(f"bad bootstrap address {bootstrap!r} (expected host:port)")
    return host.strip("[]"), int(port)


def _tcp_open(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


Security = Mapping[str, Any] | None
"""kafka-python security keyword arguments (:func:`streams.security.kafka_python_kwargs`); None: plaintext."""


def _admin(bootstrap: str, timeout: float, client_id: str, security: Security = None) -> KafkaAdminClient:
    ms = max(int(timeout * 1000), 500)
    return KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        request_timeout_ms=ms,
        bootstrap_timeout_ms=ms,
        reconnect_backoff_max_ms=1000,
        **dict(security or {}),
    )


@contextmanager
def _admin_session(
    bootstrap: str, timeout: float, what: str, security: Security = None
) -> Iterator[KafkaAdminClient]:
    """An admin client for one operation: any failure becomes a :class:`BrokerError` naming ``what``."""
    try:
        admin = _admin(bootstrap, timeout, "modstream-admin", security)
    except Exception as exc:
        raise BrokerError(f"cannot reach Kafka at {bootstrap}: {exc}") from exc
    try:
        yield admin
    except BrokerError:
        raise
    except Exception as exc:
        raise BrokerError(f"{what} against {bootstrap} failed: {exc}") from exc
    finally:
        admin.close()


def probe(bootstrap: str, timeout: float = 3.0, security: Security = None) -> bool:
    """One readiness check: TCP connect, then an admin ``describe_cluster`` listing a broker."""
    host, port = _first_server(bootstrap)
    if not _tcp_open(host, port, min(timeout, 1.0)):
        return False
    try:
        admin = _admin(bootstrap, timeout, "modstream-probe", security)
    except Exception:
        return False
    try:
        cluster: dict[str, Any] = admin.describe_cluster()
        return bool(cluster.get("brokers"))
    except Exception:
        return False
    finally:
        admin.close()


def wait_ready(
    bootstrap: str,
    timeout: float = 60.0,
    *,
    is_alive: Callable[[], bool] | None = None,
    interval: float = 0.25,
    security: Security = None,
) -> float:
    """Block until :func:`probe` succeeds; return the seconds waited.

    Raises :class:`BrokerNotReady` on timeout, or as soon as ``is_alive()`` turns false.
    """
    start = time.monotonic()
    deadline = start + timeout
    while True:
        if is_alive is not None and not is_alive():
            raise BrokerNotReady(f"the broker process exited before {bootstrap} became ready")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        if probe(bootstrap, timeout=min(max(remaining, 0.5), 5.0), security=security):
            return time.monotonic() - start
        time.sleep(min(interval, max(deadline - time.monotonic(), 0)))
    raise BrokerNotReady(f"Kafka at {bootstrap} did not answer an admin request within {timeout:g}s")


def warm_up_coordinator(bootstrap: str, timeout: float = 10.0, security: Security = None) -> bool:
    """Best effort: have the broker create ``__consumer_offsets`` now (FindCoordinator).

    Saves the first consumer group a round of COORDINATOR_NOT_AVAILABLE. Never raises;
    True when the group coordinator answered.
    """
    deadline = time.monotonic() + timeout
    try:
        admin = _admin(bootstrap, timeout, "modstream-warmup", security)
    except Exception:
        return False
    try:
        while time.monotonic() < deadline:
            try:
                admin.describe_groups(["modstream-warmup"])
                return True
            except Exception:
                time.sleep(0.2)
        return False
    finally:
        admin.close()


def ensure_topics(
    bootstrap: str,
    topics: Mapping[str, int],
    replication: int = 1,
    *,
    configs: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    security: Security = None,
) -> list[str]:
    """Create the missing topics (name -> partitions); return the names created.

    Idempotent: existing topics are left untouched (even if their partition count differs),
    and a concurrent creation (``TopicAlreadyExists``) counts as success. Returns after
    every requested topic has a leader for each partition.
    """
    if replication < 1 or any(p < 1 for p in topics.values()):
        raise ValueError("partitions and replication must be >= 1")
    if not topics:
        return []
    with _admin_session(bootstrap, timeout, "ensure_topics", security) as admin:
        existing = set(admin.list_topics())
        missing = {name: parts for name, parts in topics.items() if name not in existing}
        created: list[str] = []
        if missing:
            request = {
                name: {
                    "num_partitions": parts,
                    "replication_factor": replication,
                    "configs": dict(configs or {}),
                }
                for name, parts in missing.items()
            }
            response = admin.create_topics(request, timeout_ms=int(timeout * 1000), raise_errors=False)
            for result in response["topics"]:
                code = result["error_code"]
                if code == 0:
                    created.append(result["name"])
                elif code != TopicAlreadyExistsError.errno:
                    detail = f"{for_code(code).__name__} {result.get('error_message') or ''}".strip()
                    raise BrokerError(f"cannot create topic {result['name']!r}: {detail}")
        admin.wait_for_topics(list(topics), timeout_ms=int(timeout * 1000))
        return sorted(created)


def missing_topics(bootstrap: str, topics: list[str], timeout: float = 10.0, security: Security = None) -> list[str]:
    """The names in ``topics`` the broker does not have (one metadata request, not a producer's 60 s wait)."""
    with _admin_session(bootstrap, timeout, "list_topics", security) as admin:
        present = set(admin.list_topics())
    return [name for name in topics if name not in present]


def topic_max_message_bytes(
    bootstrap: str, topics: list[str], timeout: float = 30.0, security: Security = None
) -> dict[str, int]:
    """Each topic's ``max.message.bytes`` (the largest record batch the broker accepts for it)."""
    from kafka.admin import ConfigResource, ConfigResourceType

    resources = [ConfigResource(ConfigResourceType.TOPIC, name, configs={"max.message.bytes": None}) for name in topics]
    with _admin_session(bootstrap, timeout, "describe_configs", security) as admin:
        found = admin.describe_configs(resources, config_filter="all").get("topic", {})
    try:
        return {name: int(found[name]["max.message.bytes"]["value"]) for name in topics}
    except (KeyError, TypeError, ValueError) as exc:
        raise BrokerError(f"no max.message.bytes for {exc} in the broker's answer") from None


def group_offsets(
    bootstrap: str, group: str, timeout: float = 5.0, security: Security = None
) -> dict[tuple[str, int], int]:
    """The offsets consumer group ``group`` has committed, by (topic, partition)."""
    with _admin_session(bootstrap, timeout, "list_consumer_group_offsets", security) as admin:
        found = admin.list_consumer_group_offsets(group)
    return {(tp.topic, tp.partition): meta.offset for tp, meta in found.items() if meta.offset >= 0}


def delete_topics(bootstrap: str, prefix: str, timeout: float = 30.0, security: Security = None) -> list[str]:
    """Delete every topic whose name starts with ``prefix`` (a benchmark's or test's own); return them.

    Best effort: a topic that cannot be deleted is left (and not returned).
    """
    if not prefix:
        raise ValueError("a prefix is required: refusing to delete every topic")
    with _admin_session(bootstrap, timeout, "delete_topics", security) as admin:
        doomed = sorted(name for name in admin.list_topics() if name.startswith(prefix))
        if not doomed:
            return []
        response = admin.delete_topics(doomed, timeout_ms=int(timeout * 1000), raise_errors=False)
        results = response.get("topics", []) if isinstance(response, dict) else []
        failed = {r.get("name") for r in results if isinstance(r, dict) and r.get("error_code")}
        return [name for name in doomed if name not in failed]
