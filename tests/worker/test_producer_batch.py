"""The worker's producer gathers ``producer_batch_bytes`` per partition before a send waits."""

from __future__ import annotations

from pathlib import Path

from streams.pipeline import Moderator
from streams.settings import Settings
from streams.worker.app import create_app


def test_the_workers_producer_takes_the_batch_setting(tmp_path: Path) -> None:
    settings = Settings(
        model_process=False, classify_enabled=False, metrics_port=0, data_dir=tmp_path, producer_batch_bytes=123_456
    )
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path, classify=False)
    app = create_app(settings, moderator)
    assert app.conf.producer_max_batch_size == 123_456

