"""A moderator with the shipped model, policy and language models."""

from __future__ import annotations

import pytest

from streams.pipeline import Moderator
from streams.settings import Settings


@pytest.fixture(scope="session")
def moderator() -> Moderator:
    settings = Settings()
    return Moderator.from_paths(settings.model_path, settings.policy_path)
