"""The Faust app: comments -> batches -> moderate (off the event loop) -> decisions; bad events -> DLQ.

At-least-once: one agent instance per partition set (``concurrency=1``), events acked only after
their batch is decided and published; the producer is idempotent and decisions are keyed by
comment id, so a redelivered event yields the same key again, never a lost comment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import faust
from faust.types import TP, EventT, StreamT, TopicT

from streams import metrics
from streams.contracts import EncodedDecision
from streams.intel import Published, campaign_id
from streams.intel.settings import validate_tenants
from streams.lang.tags import metric_language
from streams.metrics.labels import set_known_labels, set_known_tenants, tenant_label
from streams.pipeline import Moderator
from streams.policy import Policy, PolicyStore, install_sighup, watch
from streams.security import faust_credentials, kafka_python_kwargs
from streams.settings import Settings
from streams.worker import compat, heap, lograte, transport
from streams.worker.batch_moderator import Scored
from streams.worker.dead_letters import dead_letter
from streams.worker.feedback_agents import attach_feedback, retraction_sender
from streams.worker.health import BrokerProbe, Progress, readiness, register_views
from streams.worker.intel_agents import attach_intel
from streams.worker.lag import LagTracker
from streams.worker.model_runner import ModelRunner, RunnerConfig
from streams.worker.partition_guard import PartitionGuard
from streams.worker.shadow import ShadowStage

log = logging.getLogger(__name__)


def create_app(settings: Settings, moderator: Moderator) -> faust.App:
    """Build the worker app around an already-loaded moderator."""
    compat.check()
    transport.register()
    app = faust.App(
        settings.app_id,
        broker=transport.broker_url(settings.kafka_bootstrap),
        broker_credentials=faust_credentials(settings),
        producer_max_request_size=settings.producer_max_request_size,
        processing_guarantee="at_least_once",
        producer_acks=-1,
        producer_linger=settings.producer_linger_ms / 1000.0,
        producer_max_batch_size=settings.producer_batch_bytes,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=max(100, settings.batch_size),
        broker_commit_interval=1.0,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=max(1.0, settings.session_timeout_s / 5),
        datadir=str(settings.data_dir),
        web_port=settings.web_port,
        web_bind=settings.web_bind,
        web_host="127.0.0.1",
        web_tables_enabled=False,  # /table/<name>/<key>/ would serve intel state unauthenticated
        web_router_enabled=False,
        stream_wait_empty=True,
        table_cleanup_interval=30.0,
    )
    def raw_topic(name: str) -> TopicT:
        return app.topic(
            name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
            partitions=settings.topic_partitions,
        )

    comments = raw_topic(settings.comments_topic)
    decisions = raw_topic(settings.decisions_topic)
    dlq = raw_topic(settings.dlq_topic)
    feedback = raw_topic(settings.feedback_topic)
    store = policy_store(settings, moderator)
    set_known_labels(moderator.labels)
    set_known_tenants(moderator.policy.config.tenants)  # metric labels: other tenants count as "other"
    store.subscribe(lambda policy: set_known_tenants(policy.config.tenants))
    runner = ModelRunner(
        moderator,
        RunnerConfig(
            model_path=settings.model_path,
            policy_path=settings.policy_path,
            classify=moderator.scorer is not None,
            max_event_bytes=settings.max_event_bytes,
            max_text_chars=settings.max_text_chars,
            stateful=settings.stateful,
        ),
        child_process=settings.model_process,
        store=store,
    )
    lag = LagTracker({settings.comments_topic})
    dlq_limit = settings.producer_max_request_size
    progress = Progress()
    broker_probe = BrokerProbe(settings.kafka_bootstrap, kafka_python_kwargs(settings), group=settings.app_id)

    def liveness() -> dict[str, bool]:
        return {
            "broker": broker_probe.ok,
            "agent_running": progress.running,
            "making_progress": not progress.stuck(lag.waiting(), settings.stall_after_s),
            "partitions_committing": guard.committing(),
        }

    register_views(app, model_alive=runner.alive, source_topic=settings.comments_topic, extra=liveness)

    async def send(comment_id: str, value: bytes) -> None:
        # straight to the producer (Faust's topic send adds a future and callbacks per message);
        # Faust flushes the producer before it commits, as for every send
        await app.producer.send(settings.decisions_topic, comment_id.encode(), value, None, None, None)

    async def send_decision(decision: EncodedDecision) -> None:
        await send(decision.comment_id, decision.value)
        record_decision(decision.action, decision.tenant, decision.reasons, decision.lang)

    async def send_published(published: Published) -> None:
        await send(published.comment_id, published.value)
        record_published(published)

    # When settings.stateful, the stream-intelligence stages (streams/worker/intel_agents.py) take the
    # scored batch and publish the decisions (revision 0) and any revisions; otherwise publish straight away.
    guard = PartitionGuard(
        app, [settings.comments_topic], stall_after_s=settings.stall_after_s, enabled=settings.offset_guard
    )
    intel = (
        attach_intel(app, settings, store, send_published, after=guard.handled)
        if settings.stateful
        else None
    )
    if intel is not None:
        guard.topics |= intel.topic_partitions().keys()
        store.subscribe(lambda policy: intel.settings.clear())

    shadow_decisions = raw_topic(settings.shadow_topic) if (settings.shadow_model or settings.shadow_policy) else None
    joins = (
        attach_feedback(app, settings, decisions, feedback, dlq, shadow_decisions) if settings.feedback_join else None
    )
    if joins is not None and intel is not None:  # an overturned hide takes its offence weight back
        joins.listeners.append(retraction_sender(app, settings))

    async def send_raw(topic: str, key: bytes, value: bytes) -> None:
        await app.producer.send(topic, key, value, None, None, None)

    shadow = ShadowStage.start(settings, send_raw)

    async def publish(scored: Sequence[Scored]) -> None:
        if intel is not None:
            await intel.forward(scored)
            return
        for item in scored:
            await send_decision(item.decision)

    async def handle_batch(batch: Sequence[EventT]) -> None:
        received = time.perf_counter()
        metrics.BATCH_SIZE.observe(len(batch))
        started = time.perf_counter()
        # parse, moderate and encode off the event loop; a child that died fails the whole batch
        values = [event.message.value for event in batch]
        result = await runner.moderate(values, [received] * len(batch))
        metrics.INFERENCE_SECONDS.observe(time.perf_counter() - started)
        metrics.EVENTS_CONSUMED.labels(topic=settings.comments_topic).inc(len(result.scored))
        for rejected in result.rejected:
            if rejected.reason == "processing_error":
                metrics.ERRORS.labels(stage="moderate").inc()
            await dead_letter(dlq, batch[rejected.position], rejected.reason, rejected.detail, limit=dlq_limit)
        await publish(result.scored)
        if shadow is not None:  # in the background: never awaited here
            shadow.submit(values, [received] * len(batch), result.scored)
        now = time.time()
        by_kafka = labelled(metrics.END_TO_END_SECONDS, "kafka")
        by_created = labelled(metrics.END_TO_END_SECONDS, "created_at")
        for item in result.scored:
            by_kafka.observe(max(0.0, now - batch[item.position].message.timestamp))
            by_created.observe(max(0.0, now - item.created_at))
        elapsed = time.perf_counter() - received
        for _ in result.scored:
            metrics.PROCESSING_SECONDS.observe(elapsed)
        for event in batch:
            message = event.message
            lag.processed(TP(message.topic, message.partition), message.offset, message.timestamp)

    @app.agent(comments, concurrency=1)
    async def moderate(stream: StreamT[bytes]) -> None:
        # take_events (not take): keeps each message's offset/timestamp; acks only after the batch.
        batches = stream.take_events(settings.batch_size, within=settings.batch_timeout_s)  # type: ignore[attr-defined]
        progress.agent_started()
        try:
            async for batch in batches:
                await handle_isolated(batch)
                try:
                    await guard.handled(batch)
                except Exception:
                    metrics.ERRORS.labels(stage="offset-guard").inc()
                    log.exception("offset guard failed after a batch; continuing")
                progress.batch_done()
        finally:
            progress.agent_stopped()

    async def handle_isolated(batch: Sequence[EventT]) -> None:
        """The batch at once; if that fails, each event alone, so one bad member costs only itself."""
        try:
            await handle_batch(batch)
            return
        except Exception:  # never let an exception ack events silently
            metrics.ERRORS.labels(stage="batch").inc()
            log.exception("batch of %d failed; retrying its events one by one", len(batch))
        for event in batch:
            try:
                await handle_batch([event])
            except Exception as exc:
                metrics.ERRORS.labels(stage="event").inc()
                await dead_letter(dlq, event, "processing_error", f"{type(exc).__name__}: {exc}", limit=dlq_limit)

    @app.timer(interval=5.0)
    async def sample_lag() -> None:
        lag.sample(app, broker_probe.committed)
        await guard.check_stalls()
        readiness(app, await runner.alive(), settings.comments_topic, liveness())  # the modstream_ready gauges

    @app.task
    async def probe_broker() -> None:
        await broker_probe.run()

    if settings.gc_interval_s > 0:

        @app.timer(interval=settings.gc_interval_s)
        async def collect_garbage() -> None:
            found, took = heap.full_collection()
            metrics.GC_FULL_SECONDS.observe(took)
            log.debug("full garbage collection: %d unreachable objects in %.3f s", found, took)

    @app.on_partitions_assigned.connect
    async def on_assigned(sender: Any, /, *args: Any, **kwargs: Any) -> None:
        metrics.REBALANCES.inc()
        guard.reset(set(args[0] if args else kwargs.get("assigned", set())))

    @app.on_partitions_revoked.connect
    async def on_revoked(sender: Any, /, *args: Any, **kwargs: Any) -> None:
        revoked = args[0] if args else kwargs.get("revoked", set())
        lag.forget(set(revoked))
        guard.reset(set(revoked))

    @app.task
    async def announce() -> None:
        lograte.install()  # outages repeat the same errors many times a second
        metrics.MODEL_INFO.info({"version": moderator.model_version, "labels": ",".join(moderator.labels)})
        metrics.POLICY_INFO.info({"version": store.version})
        if not install_sighup(store):
            log.warning("modstream worker: cannot handle SIGHUP here; the policy reloads on file change only")
        metrics.start_metrics_server(settings.metrics_port, settings.metrics_bind)
        log.info("modstream worker: metrics on %s:%s/metrics", settings.metrics_bind, settings.metrics_port)
        log.info("modstream worker: model %s loaded (%s)", moderator.model_version,
                 "child process" if runner.child_process else "thread")

    if settings.policy_watch_s > 0:

        @app.task
        async def watch_policy() -> None:
            await watch(store, settings.policy_watch_s)

    app.modstream_policy = store  # type: ignore[attr-defined]
    app.modstream_feedback = joins  # type: ignore[attr-defined]
    app.modstream_shadow = shadow  # type: ignore[attr-defined]
    app.modstream_topics = {"comments": comments, "decisions": decisions, "dlq": dlq, "feedback": feedback}  # type: ignore[attr-defined]
    return app


def policy_store(settings: Settings, moderator: Moderator) -> PolicyStore:
    """The worker's policy store, starting from the moderator's policy; reloads must also pass the
    intel validation when the stateful rules run."""

    def intel_valid(policy: Policy) -> None:
        validate_tenants(policy, policy.config.tenants)

    validators = [intel_valid] if settings.stateful else []
    return PolicyStore(settings.policy_path, moderator.labels, validators=validators, initial=moderator.policy)


_LANG_KEY = b'"lang":"'


def lang_of(value: bytes) -> str | None:
    """The ``lang`` of a decision's JSON without parsing it (None when absent or null)."""
    at = value.rfind(_LANG_KEY)
    if at < 0:
        return None
    start = at + len(_LANG_KEY)
    end = value.find(b'"', start)
    return value[start:end].decode("ascii", "replace") if 0 <= end - start <= 16 else None


_CHILDREN: dict[tuple[Any, tuple[str, ...]], Any] = {}


def labelled(metric: Any, *values: str) -> Any:
    """``metric.labels(*values)`` (values in the metric's label order), looked up once per label set.

    prometheus_client's ``labels`` validates and locks on every call (~2-3 µs); the worker counts
    several labelled series per decision, so the children are kept here. The label sets are bounded
    (tenants, languages and labels are mapped to ``other`` beyond known sets), and nothing in the
    worker removes a child from its metric, so a kept child stays the one the registry exposes.
    """
    key = (metric, values)
    child = _CHILDREN.get(key)
    if child is None:
        child = _CHILDREN[key] = metric.labels(*values)
    return child


def record_decision(action: str, tenant: str, reasons: Sequence[str], lang: str | None = None) -> None:
    """Count a comment's first decision by action, tenant, language and the labels that earned it."""
    tenant = tenant_label(tenant)
    labelled(metrics.DECISIONS, action, tenant).inc()
    if lang is not None:
        labelled(metrics.LANGUAGE_DECISIONS, metric_language(lang), action).inc()
    if action == "allow":
        return
    for reason in reasons:
        label, _, earned = reason.partition(":")
        if earned in ("flag", "hide"):
            labelled(metrics.LABEL_DECISIONS, label, earned, tenant).inc()


def record_published(published: Published) -> None:
    """Count a record of the author stage: a first decision, or a revision by its cause and change."""
    if published.cause == "redelivery":
        return
    if published.revision == 0:
        record_decision(published.action, published.tenant, published.reasons, lang_of(published.value))
        return
    metrics.REVISIONS.labels(reason=published.cause).inc()
    if published.previous_action is not None and published.previous_action != published.action:
        metrics.ACTION_CHANGES.labels(
            from_action=published.previous_action, to_action=published.action, tenant=tenant_label(published.tenant)
        ).inc()
    if published.cause == "campaign" and f"campaign:{campaign_id(published.tenant, published.comment_id)}" in (
        published.reasons
    ):  # the campaign's first copy: once per campaign (and once more if an earlier copy renames it)
        metrics.CAMPAIGNS.inc()
