"""Start-up checks that a worker can always dead-letter what it rejects, and run on its own transport.

Size limits must nest: ``max_event_bytes`` (larger events are rejected) < the producer's
``producer_max_request_size`` (what a dead letter or decision may weigh) <= every output topic's
``max.message.bytes`` (what the broker accepts). An event between the two is dead-lettered as a
bounded prefix (streams/worker/dead_letters.py); a mis-ordered set would make dead-lettering fail.
The producer's per-partition batch (``producer_batch_bytes``) goes out as one record batch, so it
stays within the producer limit too.

Faust reads settings from environment variables (``BROKER_URL``, ``WEB_BIND``...) and lets them win
over the values the worker passes; such a variable would silently replace the at-least-once
transport or the loopback bind, so the worker refuses to start while one is set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from streams.settings import Settings
from streams.worker.dead_letters import PREFIX_BYTES, RECORD_OVERHEAD
from streams.worker.exceptions import WorkerError


def check_sizes(settings: Settings, topic_limits: Mapping[str, int]) -> None:
    """Raise :class:`WorkerError` (one line) unless event limit < producer limit <= each topic's limit."""
    producer = settings.producer_max_request_size
    if settings.max_event_bytes + RECORD_OVERHEAD > producer:
        raise WorkerError(
            f"MODSTREAM_MAX_EVENT_BYTES ({settings.max_event_bytes}) must be at least {RECORD_OVERHEAD} bytes below "
            f"MODSTREAM_PRODUCER_MAX_REQUEST_SIZE ({producer}), or rejected events could not be dead-lettered"
        )
    if producer < PREFIX_BYTES + RECORD_OVERHEAD:
        raise WorkerError(f"MODSTREAM_PRODUCER_MAX_REQUEST_SIZE ({producer}) is below the dead-letter prefix")
    if settings.producer_batch_bytes > producer:
        raise WorkerError(
            f"MODSTREAM_PRODUCER_BATCH_BYTES ({settings.producer_batch_bytes}) must not exceed "
            f"MODSTREAM_PRODUCER_MAX_REQUEST_SIZE ({producer}): a batch goes to the broker as one record batch"
        )
    for topic, limit in sorted(topic_limits.items()):
        if producer > limit:
            raise WorkerError(
                f"topic {topic!r} accepts records up to {limit} bytes (max.message.bytes) but "
                f"MODSTREAM_PRODUCER_MAX_REQUEST_SIZE is {producer}: lower the setting or raise the topic's limit"
            )


def faust_env_overrides(env: Mapping[str, str] | None = None) -> list[str]:
    """Environment variables set here that Faust would read over the worker's own settings."""
    from faust.types.settings.settings import Settings as FaustSettings

    env = os.environ if env is None else env
    names = {param.env_name for param in FaustSettings.SETTINGS.values() if param.env_name}
    return sorted(name for name in names if name in env)


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """Raise :class:`WorkerError` when a Faust environment variable would replace a worker setting."""
    found = faust_env_overrides(env)
    if found:
        raise WorkerError(
            f"refusing to start: {', '.join(found)} set in the environment would override the worker's "
            "Faust settings (transport, bind address...); unset it and use the MODSTREAM_* settings"
        )
