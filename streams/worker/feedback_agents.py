"""The feedback join in the worker: verdicts (``moderation.feedback``) meet decisions, by comment id.

Both topics are keyed by comment id and have ``settings.topic_partitions`` partitions, so a comment's
decision and its verdicts land on the same partition number and one table (``feedback-join``,
changelogged per partition) holds both sides. Allowed decisions are skipped before they are parsed.
Each joined verdict is counted (:mod:`streams.feedback.measure`) and handed to the ``listeners``
(the intel stages can take back the offence score of an overturned hide). With a shadow, its
decisions are joined the same way (keys ``s|``/``g|``) and counted as ``deployment="shadow"``. A malformed verdict
goes to the dead-letter topic with its reason.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, cast

import faust
from faust.types import EventT, StreamT, TopicT

from streams import metrics
from streams.contracts import InvalidEvent, parse_feedback
from streams.feedback import FeedbackJoin, Joined, count_joined, count_unmatched
from streams.metrics.labels import tenant_label
from streams.settings import Settings
from streams.worker.dead_letters import dead_letter

log = logging.getLogger(__name__)

OnJoined = Callable[[Joined], Awaitable[None]]
_ALLOW = b'"action":"allow"'
_SWEEP_EVERY = 256
_SWEEP_STEP = 512
JOIN_TABLE = "feedback-join"


def decided_ts(doc: dict[str, Any]) -> float:
    """A decision's ``decided_at`` in epoch seconds (now, if it has none readable)."""
    try:
        return datetime.fromisoformat(str(doc["decided_at"])).timestamp()
    except (KeyError, ValueError):
        return time.time()


def count_evicted(join: FeedbackJoin, deployment: str) -> None:
    """Count what ``join`` dropped at its cap since the last call; the live join's verdicts are unmatched too."""
    decisions, verdicts = join.take_evicted()
    if decisions:
        metrics.FEEDBACK_EVICTED.labels(kind="decision", deployment=deployment).inc(decisions)
    if verdicts:
        metrics.FEEDBACK_EVICTED.labels(kind="verdict", deployment=deployment).inc(len(verdicts))
    if deployment == "live":
        for unmatched in verdicts:
            count_unmatched(unmatched)


def feedback_changelogs(settings: Settings, app_id: str) -> dict[str, int]:
    """The join table's changelog topic in the Faust app ``app_id``, by name alone.

    Created (compacted) by ``modstream worker`` / ``modstream feedback join`` before the app starts:
    one Faust creates on first use is missing from the consumer's first metadata and the first table
    writes fail (PartitionsMismatch). ``tests/worker/test_feedback_changelog.py`` checks this is the
    table's own name.
    """
    return {f"{app_id}-{JOIN_TABLE}-changelog": settings.topic_partitions}


class FeedbackStage:
    """The join table and its two agents' handlers."""

    def __init__(self, app: faust.App, settings: Settings, dlq: TopicT, shadow: bool = False) -> None:
        self.table = app.Table(
            JOIN_TABLE, partitions=settings.topic_partitions, key_type=str,
            help="flag/hide decisions and verdicts waiting to be joined, by comment id",
        )
        self.join = FeedbackJoin(
            cast(Any, self.table), retention_s=settings.feedback_retention_s, wait_s=settings.feedback_wait_s,
            max_keys=settings.feedback_max_keys,
        )
        self.shadow_join = (
            FeedbackJoin(
                cast(Any, self.table), retention_s=settings.feedback_retention_s, wait_s=settings.feedback_wait_s,
                prefixes=("s", "g"), max_keys=settings.feedback_max_keys,
            )
            if shadow
            else None
        )
        self.dlq = dlq
        self.listeners: list[OnJoined] = []
        self._seen: dict[int, int] = defaultdict(int)
        self._cursor: dict[int, list[str]] = {}

    def reindex(self) -> None:
        """The table changed under the joins (partitions assigned, restored): rebuild their key order."""
        self.join.reindex()
        if self.shadow_join is not None:
            self.shadow_join.reindex()

    def _count_evicted(self) -> None:
        count_evicted(self.join, "live")
        if self.shadow_join is not None:
            count_evicted(self.shadow_join, "shadow")

    async def _joined(self, joined: Joined | None) -> None:
        if joined is None:
            return
        count_joined(joined)
        for listener in self.listeners:
            await listener(joined)

    def _tick(self, partition: int) -> None:
        """Every so often, sweep a slice of this partition's keys (deletes must happen in its events)."""
        self._seen[partition] += 1
        if self._seen[partition] % _SWEEP_EVERY:
            return
        pending = self._cursor.get(partition) or list(self.table.keys())
        step, self._cursor[partition] = pending[:_SWEEP_STEP], pending[_SWEEP_STEP:]
        for unmatched in self.join.sweep(time.time(), step, partition):
            count_unmatched(unmatched)
        if self.shadow_join is not None:
            self.shadow_join.sweep(time.time(), step, partition)

    async def on_decision(self, event: EventT) -> None:
        value = event.message.value
        partition = event.message.partition
        if value and _ALLOW not in value:
            doc = json.loads(value)
            await self._joined(self.join.on_decision(doc, decided_ts(doc), partition))
            self._count_evicted()
        self._tick(partition)

    async def on_shadow_decision(self, event: EventT) -> None:
        value = event.message.value
        partition = event.message.partition
        if self.shadow_join is not None and value and _ALLOW not in value:
            doc = json.loads(value)
            joined = self.shadow_join.on_decision(doc, decided_ts(doc), partition)
            if joined is not None:
                count_joined(joined, "shadow")
            self._count_evicted()

    async def on_feedback(self, event: EventT) -> None:
        partition = event.message.partition
        try:
            verdict = parse_feedback(event.message.value)
        except InvalidEvent as exc:
            await dead_letter(self.dlq, event, exc.reason, exc.detail)
            return
        tenant = tenant_label(verdict.tenant)
        metrics.FEEDBACK_RECEIVED.labels(verdict=verdict.verdict, source=verdict.source, tenant=tenant).inc()
        await self._joined(self.join.on_feedback(verdict, time.time(), partition))
        if self.shadow_join is not None:
            shadow = self.shadow_join.on_feedback(verdict, time.time(), partition)
            if shadow is not None:
                count_joined(shadow, "shadow")
        self._count_evicted()
        self._tick(partition)


def retraction_sender(app: faust.App, settings: Settings) -> OnJoined:
    """A listener that sends each overturned hide to the author stage (``<app_id>-intel-authors``),
    where the weight it added to its author's offence score is taken back."""
    from streams.intel.records import Overturned, encode, encode_batch
    from streams.intel.topology import author_route, partition_for

    topic = app.topic(f"{settings.app_id}-intel-authors", partitions=settings.topic_partitions, internal=True,
                      key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")

    async def retract(joined: Joined) -> None:
        if not joined.overturned_hide or not joined.author_id or joined.counted_action == "allow":
            return
        record = Overturned(
            joined.comment_id, joined.tenant, joined.author_id, joined.decided_at, joined.counted_action
        )
        partition = partition_for(author_route(joined.tenant, joined.author_id), settings.topic_partitions)
        await topic.send(value=encode_batch([encode(record)]), partition=partition)

    return retract


def _loop(handler: Callable[[EventT], Awaitable[None]], stage: str) -> Callable[[StreamT[bytes]], Awaitable[None]]:
    async def loop(stream: StreamT[bytes]) -> None:
        async for event in stream.events():
            try:
                await handler(event)
            except Exception:  # never end the agent (Faust would ack the event anyway)
                metrics.ERRORS.labels(stage=stage).inc()
                log.exception("%s: unexpected error on a record; skipped", stage)

    loop.__name__ = loop.__qualname__ = stage.replace("-", "_")
    return loop


def attach_feedback(
    app: faust.App, settings: Settings, decisions: TopicT, feedback: TopicT, dlq: TopicT,
    shadow: TopicT | None = None,
) -> FeedbackStage:
    """Declare the join table and the agents on the decisions and feedback topics (and on the shadow's
    decisions, whose precision is then counted as ``deployment="shadow"``).

    The table's changelog must exist before the app starts (:func:`feedback_changelogs`; ``modstream
    worker`` and ``modstream feedback join`` create it).
    """
    stage = FeedbackStage(app, settings, dlq, shadow=shadow is not None)
    if shadow is not None:
        app.agent(shadow, name="feedback-shadow", concurrency=1)(_loop(stage.on_shadow_decision, "feedback-shadow"))
    metrics.HIDE_PRECISION_FLOOR.set(settings.hide_precision_floor)
    app.agent(decisions, name="feedback-decisions", concurrency=1)(_loop(stage.on_decision, "feedback-decisions"))
    app.agent(feedback, name="feedback-verdicts", concurrency=1)(_loop(stage.on_feedback, "feedback-verdicts"))

    @app.timer(interval=5.0)
    async def sample_feedback_table() -> None:
        metrics.TABLE_KEYS.labels(table="feedback-join").set(len(stage.table))

    async def feedback_reindex(sender: Any, *args: Any, **kwargs: Any) -> None:
        stage.reindex()

    # the cap's key order is rebuilt from the table after every rebalance (partitions moved, restored);
    # faust's signal stubs reject plain async receivers; the runtime accepts them
    app.on_partitions_assigned.connect(cast(Any, feedback_reindex))
    app.on_rebalance_complete.connect(cast(Any, feedback_reindex))

    return stage
