"""A reloaded policy reaches the model thread with the next batch; decisions carry its version."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from streams.pipeline import Moderator
from streams.policy import PolicyStore
from streams.settings import REPO_ROOT, Settings
from streams.worker.model_runner import ModelRunner, RunnerConfig
from tests.factories import event_bytes


def test_next_batch_is_decided_under_the_reloaded_policy(tmp_path: Path) -> None:
    settings = Settings()
    policy = json.loads((REPO_ROOT / "config" / "policy.json").read_text())
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({**policy, "version": "v1"}))
    moderator = Moderator.from_paths(settings.model_path, path)
    store = PolicyStore(path, moderator.labels, initial=moderator.policy)
    config = RunnerConfig(
        model_path=settings.model_path, policy_path=path, classify=True,
        max_event_bytes=settings.max_event_bytes, max_text_chars=settings.max_text_chars, stateful=True,
    )
    runner = ModelRunner(moderator, config, child_process=False, store=store)
    text = "Thanks for the article, the photos of the harbour at dawn were lovely."

    def one() -> tuple[str, str]:
        result = asyncio.run(runner.moderate([event_bytes(text=text)], [0.0]))
        decision = result.scored[0].decision
        doc = json.loads(decision.value)
        return doc["action"], doc["policy_version"]

    try:
        assert one() == ("allow", "v1")
        everything = {label: {"flag": 0.0, "hide": 0.0} for label in policy["thresholds"]}
        path.write_text(json.dumps({**policy, "version": "v2", "thresholds": everything}))
        assert store.reload()
        assert one() == ("hide", "v2")
    finally:
        runner.shutdown()
