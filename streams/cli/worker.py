"""``modstream worker``: run the Faust worker."""

from __future__ import annotations

import typer

from streams.settings import get_settings


def worker_command(
    loglevel: str = typer.Option(None, "--loglevel", "-l", help="Log level (default: settings)."),
) -> None:
    """Consume comments, publish decisions, serve metrics (settings from MODSTREAM_* env).

    Exit codes: 0 stopped; 2 Kafka unreachable at start-up (one line on stderr).
    """
    import faust

    from streams.broker.admin import ensure_topics
    from streams.broker.exceptions import BrokerError
    from streams.pipeline import Moderator
    from streams.security import kafka_python_kwargs
    from streams.worker import create_app
    from streams.worker.heap import tune_for_long_running
    from streams.worker.intel_agents import internal_topics

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
        ensure_topics(settings.kafka_bootstrap, wanted, security=kafka_python_kwargs(settings))
    except BrokerError as exc:  # one line, not a traceback: the usual cause is a broker that is not up
        typer.echo(f"modstream worker: {exc}", err=True)
        raise typer.Exit(code=2) from None
    moderator = Moderator.from_paths(
        settings.model_path, settings.policy_path, classify=settings.classify_enabled
    )
    app = create_app(settings, moderator)
    tune_for_long_running()
    worker = faust.Worker(app, loglevel=loglevel or settings.log_level)
    worker.execute_from_commandline()
