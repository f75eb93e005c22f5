"""``modstream worker``: run the Faust worker."""

from __future__ import annotations

import typer

from streams.settings import get_settings


def worker_command(
    loglevel: str = typer.Option(None, "--loglevel", "-l", help="Log level (default: settings)."),
) -> None:
    """Consume comments, publish decisions, serve metrics (settings from MODSTREAM_* env).

    Exit codes: 0 stopped; 2 cannot start (one line on stderr): Kafka unreachable, inconsistent
    MODSTREAM_KAFKA_* security settings, size limits out of order, or a Faust environment variable
    (BROKER_URL, WEB_BIND...) that would override the worker's settings.
    """
    import faust

    from streams.kafka_admin import BrokerError, ensure_topics, topic_max_message_bytes
    from streams.pipeline import Moderator
    from streams.security import SecurityConfigError, kafka_python_kwargs
    from streams.worker import create_app
    from streams.worker.exceptions import WorkerError
    from streams.worker.feedback_agents import feedback_changelogs
    from streams.worker.heap import tune_for_long_running
    from streams.worker.intel_agents import internal_changelogs, internal_topics
    from streams.worker.limits import check_environment, check_sizes

    settings = get_settings()
    topics: tuple[str, ...] = (
        settings.comments_topic, settings.decisions_topic, settings.dlq_topic, settings.feedback_topic
    )
    if settings.shadow_model is not None or settings.shadow_policy is not None:
        topics = (*topics, settings.shadow_topic)
    wanted = dict.fromkeys(topics, settings.topic_partitions)
    if settings.stateful:  # before the consumer subscribes: a topic missing from its first metadata is not assigned
        wanted |= internal_topics(settings)
    try:
        check_environment()
        security = kafka_python_kwargs(settings)
        ensure_topics(settings.kafka_bootstrap, wanted, security=security)
        changelogs: dict[str, int] = {}  # the tables' changelogs too, compacted, for the same reason
        if settings.stateful:
            changelogs |= internal_changelogs(settings)
        if settings.feedback_join:
            changelogs |= feedback_changelogs(settings, settings.app_id)
        if changelogs:
            compact = {"cleanup.policy": "compact"}
            ensure_topics(settings.kafka_bootstrap, changelogs, configs=compact, security=security)
        outputs = [settings.decisions_topic, settings.dlq_topic]
        check_sizes(settings, topic_max_message_bytes(settings.kafka_bootstrap, outputs, security=security))
    except (WorkerError, BrokerError, SecurityConfigError) as exc:
        typer.echo(f"modstream worker: {exc}", err=True)  # one line, not a traceback
        raise typer.Exit(code=2) from None
    moderator = Moderator.from_paths(
        settings.model_path, settings.policy_path, classify=settings.classify_enabled
    )
    app = create_app(settings, moderator)
    tune_for_long_running()
    worker = faust.Worker(app, loglevel=loglevel or settings.log_level)
    worker.execute_from_commandline()
