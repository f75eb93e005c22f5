"""Start-up checks: nested size limits, and Faust environment variables that would replace settings."""

from __future__ import annotations

import pytest

from streams.settings import Settings
from streams.worker.exceptions import WorkerError
from streams.worker.limits import check_environment, check_sizes, faust_env_overrides


def test_default_limits_nest_within_the_brokers_default() -> None:
    settings = Settings()
    check_sizes(settings, {"comments.dlq": 1_048_588, "moderation.decisions": 1_048_588})
    assert settings.max_event_bytes < settings.producer_max_request_size <= 1_048_588
    assert settings.producer_batch_bytes <= settings.producer_max_request_size


def test_event_limit_above_the_producer_limit_is_refused() -> None:
    settings = Settings(max_event_bytes=2_000_000, producer_max_request_size=1_000_000)
    with pytest.raises(WorkerError, match="MODSTREAM_MAX_EVENT_BYTES"):
        check_sizes(settings, {})


def test_producer_limit_above_a_topic_limit_is_refused() -> None:
    settings = Settings(producer_max_request_size=2_000_000)
    with pytest.raises(WorkerError, match=r"'comments\.dlq' accepts records up to 1048588"):
        check_sizes(settings, {"comments.dlq": 1_048_588})


@pytest.mark.parametrize("name", ["BROKER_URL", "WEB_BIND", "APP_WEB_TABLES_ENABLED", "PROCESSING_GUARANTEE"])
def test_faust_environment_variables_stop_the_worker(name: str) -> None:
    env = {"PATH": "/usr/bin", name: "x"}
    assert faust_env_overrides(env) == [name]
    with pytest.raises(WorkerError, match=f"refusing to start: {name}"):
        check_environment(env)


def test_clean_environment_passes() -> None:
    check_environment({"PATH": "/usr/bin", "MODSTREAM_KAFKA_BOOTSTRAP": "h:1"})


def test_producer_batch_above_the_producer_limit_is_refused() -> None:
    settings = Settings(producer_batch_bytes=2_000_000, producer_max_request_size=1_000_000)
    with pytest.raises(WorkerError, match="MODSTREAM_PRODUCER_BATCH_BYTES"):
        check_sizes(settings, {})
