"""The feedback join table's changelog is known before the app starts (the CLI creates it first)."""

from __future__ import annotations

import faust

from streams.settings import Settings
from streams.worker.feedback_agents import FeedbackStage, feedback_changelogs
from streams.worker.feedback_app import join_app_id


def _table_changelog(app_id: str, settings: Settings) -> dict[str, int]:
    app = faust.App(app_id, broker="kafka://127.0.0.1:1", store="memory://")
    stage = FeedbackStage(app, settings, app.topic("t-dlq"))
    return {stage.table.changelog_topic.get_topic_name(): stage.table.partitions or 0}


def test_feedback_changelog_is_the_tables_own_in_the_worker_and_the_join_app() -> None:
    settings = Settings(app_id="t-app", topic_partitions=3)
    # `modstream worker` (MODSTREAM_FEEDBACK_JOIN=true) and `modstream feedback join` create these
    assert feedback_changelogs(settings, settings.app_id) == _table_changelog(settings.app_id, settings)
    assert feedback_changelogs(settings, join_app_id(settings)) == _table_changelog(join_app_id(settings), settings)
    assert feedback_changelogs(settings, join_app_id(settings)) == {"t-app-feedback-feedback-join-changelog": 3}
