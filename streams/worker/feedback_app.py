"""``modstream feedback join``: the feedback join as its own small Faust app, beside the workers.

Reading the whole decisions topic costs the moderation worker's event loop as much again as its
own output (measured: see docs/benchmarks.md), so the join runs in a process of its own by default:
consumer group ``<app_id>-feedback``, the same topics and table as the in-worker join
(``MODSTREAM_FEEDBACK_JOIN=true``, for small single-process setups), its metrics on
``MODSTREAM_METRICS_PORT`` and ``/readyz`` on ``MODSTREAM_WEB_PORT``.
"""

from __future__ import annotations

import json
import logging

import faust
from faust.types import TopicT

from streams import metrics
from streams.metrics.labels import set_known_labels, set_known_tenants
from streams.policy import PolicyStore, install_sighup, watch
from streams.scoring.onnx_scorer import metadata_path
from streams.security import faust_credentials
from streams.settings import Settings
from streams.worker import compat, transport
from streams.worker.feedback_agents import attach_feedback, retraction_sender
from streams.worker.health import register_views

log = logging.getLogger(__name__)


def join_app_id(settings: Settings) -> str:
    """The join app's id (its consumer group, and the prefix of its table's changelog)."""
    return f"{settings.app_id}-feedback"


def create_join_app(settings: Settings) -> faust.App:
    """The join app: verdicts and decisions (and shadow decisions, if a shadow is configured) in."""
    compat.check()
    transport.register()
    datadir = settings.data_dir / "feedback"
    datadir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        join_app_id(settings),
        broker=transport.broker_url(settings.kafka_bootstrap),
        broker_credentials=faust_credentials(settings),
        processing_guarantee="at_least_once",
        producer_acks=-1,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        broker_commit_interval=1.0,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=max(1.0, settings.session_timeout_s / 5),
        datadir=str(datadir),
        web_port=settings.web_port,
        web_bind=settings.web_bind,
        web_host="127.0.0.1",
        web_tables_enabled=False,
        web_router_enabled=False,
        stream_wait_empty=True,
    )

    def raw_topic(name: str) -> TopicT:
        return app.topic(
            name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
            partitions=settings.topic_partitions,
        )

    shadow = settings.shadow_model is not None or settings.shadow_policy is not None
    stage = attach_feedback(
        app, settings, raw_topic(settings.decisions_topic), raw_topic(settings.feedback_topic),
        raw_topic(settings.dlq_topic), raw_topic(settings.shadow_topic) if shadow else None,
    )
    if settings.stateful:  # the workers keep offence scores: an overturned hide takes its weight back
        stage.listeners.append(retraction_sender(app, settings))

    async def always() -> bool:
        return True

    register_views(app, model_alive=always, source_topic=settings.feedback_topic)
    labels = json.loads(metadata_path(settings.model_path).read_text(encoding="utf-8"))["labels"]
    store = PolicyStore(settings.policy_path, labels)  # its tenants name the metric series; reloaded like the worker's
    set_known_labels(labels)
    set_known_tenants(store.current.config.tenants)
    store.subscribe(lambda policy: set_known_tenants(policy.config.tenants))

    if settings.policy_watch_s > 0:

        @app.task
        async def watch_policy() -> None:
            await watch(store, settings.policy_watch_s)

    @app.task
    async def announce() -> None:
        install_sighup(store)
        metrics.start_metrics_server(settings.metrics_port, settings.metrics_bind)
        log.info("modstream feedback join: metrics on %s:%s/metrics", settings.metrics_bind, settings.metrics_port)

    return app
