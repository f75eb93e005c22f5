"""The intel tables' changelog topics are known before the worker starts (``modstream worker`` creates them first)."""

from __future__ import annotations

from typing import Any

import faust

from streams.settings import Settings
from streams.worker.intel_agents import IntelStages, changelog_topics, internal_changelogs


class _Policy:
    def intel_settings(self, tenant: str) -> dict[str, object]:
        return {}


async def _publish(*args: Any) -> None:
    return None


def test_changelog_topics_are_the_tables_own() -> None:
    settings = Settings(app_id="t-app", topic_partitions=3)
    app = faust.App("t-app", broker="kafka://127.0.0.1:1", store="memory://")
    stages = IntelStages(app, settings, _Policy(), _publish)
    assert changelog_topics(stages) == {
        "t-app-intel-authors-changelog": 3, "t-app-intel-threads-changelog": 3, "t-app-intel-bands-changelog": 3,
    }
    assert set(changelog_topics(stages)) == {t.changelog_topic.get_topic_name() for t in stages.tables.values()}
    assert internal_changelogs(settings) == changelog_topics(stages)  # what `modstream worker` creates first
