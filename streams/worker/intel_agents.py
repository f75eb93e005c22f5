"""The stream rules on Faust: the pure stages of :mod:`streams.intel` over agents, topics and tables.

Topology (every internal topic and table has ``settings.topic_partitions`` partitions)::

    comments --moderate--> <app>-intel-authors  (partition = hash(tenant|author))
        author agent: table intel-authors -> moderation.decisions (every record: first decisions
                                             and each change of one, one writer per comment)
            -> <app>-intel-threads (partition = hash(tenant|thread))
            -> <app>-intel-bands   (partition = hash(band key)): campaign candidates only
        thread agent: table intel-threads -> ThreadVerdict   -> <app>-intel-authors
        band agent:   table intel-bands   -> CampaignVerdict -> <app>-intel-authors

The author records of the partitions this worker owns (assigned, table recovered) skip the author
topic: the moderate agent applies them itself (:meth:`IntelStages.forward`), as the author agent would
(same store, same changelog partition, same partition clock), and publishes their decisions before
its comments are acked. The same goes for every record a stage sends on (thread ticks, band records,
the verdicts sent back to the author stage): applied at once where this worker owns the destination
partition (:meth:`IntelStages.emit`; ``intel_local_stages``), sent by the topic where another worker
does. With one worker nothing takes an internal topic. Held thread and band changes can be lost in a
crash while the author's reached the changelog; the comments were not committed then, and the author
stage hands a redelivered comment's tick and candidate on again (those stages skip what they hold).

Records are MessagePack (:mod:`streams.intel.records`), batched: one message per destination
partition per input message (partitions chosen with BLAKE2b, never ``hash()``). Table values are
the same records' bytes. Table writes happen while handling a message of the partition that owns
the key, so a table's changelog partition matches its source partition and the state comes back
with the partition after a restart or rebalance. Each partition has its own rule-time clock and
expiry index (:class:`streams.intel.Retention`), rebuilt from the table after recovery.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, cast

import faust
from faust.types import EventT, StreamT, TopicT

from streams import metrics
from streams.contracts import Decision
from streams.intel import BatchDriver, BatchResult, Published, Retention, Stages, TenantSettings, partition_for
from streams.intel.exceptions import IntelStateError
from streams.intel.outcome import Published as _Published
from streams.intel.records import CommentState, DecodeError, decoder, encode_batch, salvage_decision
from streams.intel.settings import IntelSource
from streams.intel.topology import STAGES
from streams.settings import Settings
from streams.worker.batch_moderator import Scored
from streams.worker.changelog import DirectChangelog
from streams.worker.compat import IdempotentProducer
from streams.worker.write_back import WriteBackStore

log = logging.getLogger(__name__)

Publish = Callable[[Published], Awaitable[None]]
AfterBatch = Callable[[Sequence[EventT]], Awaitable[None]]

_RAW: dict[str, Any] = {
    "key_type": bytes,
    "value_type": bytes,
    "key_serializer": "raw",
    "value_serializer": "raw",
}
_COMMENT_STATE = decoder(CommentState)


def internal_topics(settings: Settings) -> dict[str, int]:
    """The intel topics the worker needs, with their partition counts (created before it starts)."""
    return {f"{settings.app_id}-intel-{stage}": settings.topic_partitions for stage in STAGES}


def internal_changelogs(settings: Settings) -> dict[str, int]:
    """The intel tables' changelog topics, by name alone (created, compacted, before the worker starts).

    One Faust creates on first use can be missing from the consumer's first metadata; when a refresh
    finds it (5 minutes later) the group rebalances mid-stream (seen in a soak: intel-bands-changelog,
    0 -> 4 partitions at 300 s). ``tests/worker/test_intel_changelogs.py`` checks these are the
    tables' own names.
    """
    return {f"{settings.app_id}-intel-{stage}-changelog": settings.topic_partitions for stage in STAGES}


def changelog_topics(stages: IntelStages) -> dict[str, int]:
    """The intel tables' changelog topics, with their partition counts."""
    return {table.changelog_topic.get_topic_name(): stages.partitions for table in stages.tables.values()}


def owner(stage: str, key: str, raw: bytes) -> str:
    """The routing key of the partition that owns a table key."""
    if stage == "authors":
        if key.startswith("c|"):
            state = _COMMENT_STATE.decode(raw)
            return f"{state.tenant}|{state.author_id}"
        return key[2:]  # a|tenant|author
    if stage == "threads":
        return key[2:].rsplit("|", 1)[0]  # t|tenant|thread|n
    return key  # a band key


class IntelStages:
    """The intel topics, tables and agents of one worker app."""

    def __init__(self, app: faust.App, settings: Settings, policy: IntelSource, publish: Publish) -> None:
        self.app = app
        self.partitions = settings.topic_partitions
        self.publish = publish
        self.settings = TenantSettings(policy)
        self.settings("default")  # fail fast on an invalid intel section
        self.stages = Stages(self.settings)
        self.topics = {
            stage: app.topic(name, partitions=self.partitions, internal=True, **_RAW)
            for stage, name in zip(STAGES, internal_topics(settings), strict=True)
        }
        self.topic_names = dict(zip(STAGES, internal_topics(settings), strict=True))
        self.tables = {
            stage: app.Table(
                f"intel-{stage}",
                partitions=self.partitions,
                key_type=str,
                value_type=bytes,  # raw: the records' own MessagePack bytes
                help=f"stream-rule state by {stage[:-1]}",
            )
            for stage in STAGES
        }
        # writes are buffered per message: each changed key goes to the changelog once per message,
        # straight to the producer (streams/worker/changelog.py)
        self.buffers = {stage: WriteBackStore(table) for stage, table in self.tables.items()}
        self.driver = BatchDriver(self.stages, self.buffers, self.partitions)
        self.changelogs = {stage: DirectChangelog(table, self._send) for stage, table in self.tables.items()}
        self.write_through = True
        """Send each message's table changes at once (until the producer runs :meth:`flush_changelogs`)."""
        self.local = {
            "authors": settings.intel_local_authors,
            "threads": settings.intel_local_authors and settings.intel_local_stages,
            "bands": settings.intel_local_authors and settings.intel_local_stages,
        }
        """Which stages apply the records of owned partitions where they arise (no internal-topic hop)."""
        self.owned: dict[str, frozenset[int]] = {stage: frozenset() for stage in STAGES}
        """Each stage's partitions assigned to this worker with their table recovered (none during a rebalance)."""
        self._assigned_at: float | None = None

    def hold_changes_until_flush(self, producer: Any) -> bool:
        """Hold table changes until ``producer`` is flushed, if it runs hooks first; whether it does."""
        if not isinstance(producer, IdempotentProducer):
            return False
        producer.before_flush.append(self.flush_changelogs)
        self.write_through = False
        return True

    async def flush_changelogs(self) -> None:
        """Send every held table change (the producer runs this before each flush, so before each commit)."""
        for stage, changelog in self.changelogs.items():
            await _send_changes(stage, changelog)

    async def _send(
        self, topic: str, key: bytes | None, value: bytes | None, partition: int | None,
        timestamp: float | None, headers: Any,
    ) -> Any:
        return await self.app.producer.send(topic, key, value, partition, timestamp, headers)

    def topic_partitions(self) -> dict[str, int]:
        """The internal topics and their partition counts."""
        return {name: self.partitions for topic in self.topics.values() for name in topic.topics}

    def applies_here(self, stage: str, partition: int) -> bool:
        """Whether records for ``stage``'s ``partition`` are applied where they arise (this worker owns
        the partition, its table is recovered) instead of going through the stage's topic."""
        return self.local[stage] and partition in self.owned[stage]

    # moderation agent -> author stage
    async def forward(self, scored: Sequence[Scored]) -> None:
        """Hand scored comments to the author stage (which publishes their decisions): here for the
        author partitions this worker owns, through the author topic for the others."""
        groups: dict[int, list[bytes]] = defaultdict(list)
        for item in scored:
            if item.record is None:  # a model process without the stateful rules: cannot happen
                raise IntelStateError("a scored comment without its author record")
            groups[partition_for(item.route, self.partitions)].append(item.record)
        here = {partition for partition in groups if self.applies_here("authors", partition)}
        result: BatchResult | None = None
        for partition in here:  # no await before or in this loop: ownership cannot change meanwhile
            result = BatchResult() if result is None else result
            self._handle("authors", partition, result, records=groups[partition])
        for partition, records in groups.items():
            if partition not in here:
                await self._send(self.topic_names["authors"], None, encode_batch(records), partition, None, None)
        if result is not None:  # an exception here fails the batch: the moderate agent retries its events
            await self.emit("authors", result)
            await self.after_batch("authors")

    def apply(self, stage: str, events: Sequence[EventT]) -> BatchResult:
        """Apply internal-topic messages (each a batch of records) to their stage, each to its partition's
        store, with its table changes held for its changelog partition; what they caused, together."""
        result = BatchResult()
        for event in events:
            self._handle(stage, event.message.partition, result, message=event.message.value or b"")
        return result

    def _handle(
        self, stage: str, partition: int, result: BatchResult, *,
        message: bytes = b"", records: list[bytes] | None = None,
    ) -> None:
        """One message (or the records one would hold) of ``stage``'s partition ``partition``; its table
        changes held for that partition's changelog. Synchronous: nothing else touches the stores meanwhile."""
        try:
            if records is None:
                self.driver.handle(stage, partition, message, result)
            else:
                self.driver.handle_records(stage, partition, records, result)
        except IntelStateError as exc:  # a malformed internal message: skip it, loudly
            metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
            log.error("intel %s: skipping a malformed message: %s", stage, exc)
        except Exception:  # never let an exception end the agent (Faust would ack the event anyway)
            metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
            log.exception("intel %s: unexpected error on a message", stage)
        finally:  # this message's changes, held for the changelog partition of its partition
            _hold_changes(stage, self.buffers[stage], self.changelogs[stage], partition)

    async def after_batch(self, stage: str) -> None:
        """Send ``stage``'s held table changes if they are due (else the producer sends them before the next commit)."""
        changelog = self.changelogs[stage]
        if self.write_through or changelog.waiting > HELD_CHANGES_MAX or changelog.held_for() > HELD_CHANGES_S:
            await _send_changes(stage, changelog)

    async def emit(self, stage: str, result: BatchResult) -> None:
        """Publish the decisions; apply the records for other stages here where this worker owns their
        partition (:meth:`applies_here`), and emit what those caused in turn; send the rest (one
        message per destination partition)."""
        for published in result.published:
            await self.publish(published)
        for raw, exc in result.failed:
            await self._fall_back(stage, raw, exc)
        caused: dict[str, BatchResult] = {}
        for (stage_to, partition_to), records in result.outgoing.items():
            if self.applies_here(stage_to, partition_to):  # checked right before: no await in between
                self._handle(stage_to, partition_to, caused.setdefault(stage_to, BatchResult()), records=records)
            else:
                await self._send(
                    self.topic_names[stage_to], None, encode_batch(records), partition_to, None, None
                )
        count_rules(result.counts)
        # authors -> threads / bands -> authors (verdicts): the verdicts cause no further records
        for stage_to, more in caused.items():
            await self.emit(stage_to, more)
            await self.after_batch(stage_to)

    async def _fall_back(self, stage: str, raw: bytes, exc: Exception) -> None:
        """Publish the model's own decision for a comment the author stage could not handle, if it has one."""
        metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
        log.error("intel %s: a record failed (%s: %s)", stage, type(exc).__name__, exc)
        salvaged = salvage_decision(raw) if stage == "authors" else None
        if salvaged is None:
            return
        comment_id, tenant, decision = salvaged
        try:
            model = Decision.model_validate_json(decision)
        except ValueError:
            log.error("intel %s: the record has no readable decision either; dropped", stage)
            return
        await self.publish(
            _Published(comment_id, tenant, 0, model.action, tuple(model.reasons), decision, cause="fallback")
        )

    def sample_tables(self) -> None:
        """Table sizes on this worker, for ``modstream_table_keys``."""
        for stage, table in self.tables.items():
            metrics.TABLE_KEYS.labels(table=f"intel-{stage}").set(len(table))

    def recovery_started(self) -> None:
        """Partitions were assigned: table recovery from the changelogs begins."""
        self.owned = {stage: frozenset() for stage in STAGES}
        self._assigned_at = time.monotonic()

    def partitions_revoked(self) -> None:
        """A rebalance began (Faust has waited for the events in flight): this worker owns no author
        partition until the next assignment is recovered."""
        self.owned = {stage: frozenset() for stage in STAGES}

    def recovery_finished(self) -> None:
        """Recovery is complete: index the recovered keys for expiry, record how long it took."""
        for stage, table in self.tables.items():
            fresh = Retention()
            fresh.clocks = self.driver.retention[stage].clocks
            fresh.rebuild(self._owned(stage, table), self.stages.expiry_of(stage))
            self.driver.retention[stage] = fresh
        assignment = self.app.consumer.assignment()
        self.owned = {
            stage: frozenset(tp.partition for tp in assignment if tp.topic == self.topic_names[stage])
            for stage in STAGES
        }
        for stage in STAGES:
            if self.local[stage]:
                log.info("intel: %s partitions %s applied where their records arise", stage, sorted(self.owned[stage]))
        if self._assigned_at is not None:
            metrics.STATE_RECOVERY_SECONDS.set(time.monotonic() - self._assigned_at)
            self._assigned_at = None
        self.sample_tables()

    def _owned(self, stage: str, table: Any) -> Iterator[tuple[int, str, bytes]]:
        for key, raw in list(table.data.items()):
            try:
                yield partition_for(owner(stage, key, raw), self.partitions), key, raw
            except DecodeError:  # never written by this version: it expires with nothing
                continue


def count_rules(counts: Mapping[tuple[str, ...], int]) -> None:
    """The rule counts of one message, as metrics."""
    for what, n in counts.items():
        if what[0] == "flood":
            metrics.FLOODS.labels(scope=what[1]).inc(n)
        elif what[0] == "escalation":
            metrics.ESCALATIONS.labels(from_action=what[1], to_action=what[2]).inc(n)
        elif what[0] == "campaign-copies":
            metrics.CAMPAIGN_COPIES.inc(n)
        elif what[0] == "retraction" and what[1] != "expired":
            metrics.OFFENDER_RETRACTIONS.inc(n)


HELD_CHANGES_MAX = 2000
"""Changed table keys held for the changelog before the agent sends them (else before the next commit)."""
HELD_CHANGES_S = 0.25
"""How long the agent holds changed table keys before it sends them (else before the next commit)."""


def _hold_changes(stage: str, buffer: WriteBackStore, changelog: DirectChangelog, partition: int) -> None:
    try:
        changelog.apply(buffer.take(), partition)
    except Exception:  # never let the table's store end the agent
        metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
        log.exception("intel %s: could not apply table changes", stage)


async def _send_changes(stage: str, changelog: DirectChangelog) -> None:
    try:
        await changelog.flush()
    except Exception:  # the producer refused them: counted and logged, the agent goes on
        metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
        log.exception("intel %s: could not write table changes to the changelog", stage)


TAKE_MAX = 64
"""Most internal-topic messages an intel agent handles together."""
TAKE_WITHIN_S = 0.01
"""How long an intel agent waits for more messages before handling what it has. Faust's take wakes
the agent this often even when nothing arrives (each wake-up costs a few tasks on the event loop), so
not much shorter: at 2 ms the three idle agents' wake-ups cost more than the batching saved."""


def _agent_loop(stages: IntelStages, stage: str, after: AfterBatch) -> Callable[[StreamT[bytes]], Awaitable[None]]:
    async def loop(stream: StreamT[bytes]) -> None:
        # take_events: the messages that arrived together are handled together, so their records for
        # another stage go out as one message per destination partition; acked after the batch
        batches = stream.take_events(TAKE_MAX, within=TAKE_WITHIN_S)  # type: ignore[attr-defined]
        async for events in batches:
            result = stages.apply(stage, events)
            try:
                await stages.emit(stage, result)
            except Exception:  # never let an exception end the agent (Faust would ack the events anyway)
                metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
                log.exception("intel %s: could not emit what a batch of messages caused", stage)
            await stages.after_batch(stage)
            await after(events)

    loop.__name__ = loop.__qualname__ = f"intel_{stage}"
    return loop


async def _nothing_after(events: Sequence[EventT]) -> None:
    return None


def attach_intel(
    app: faust.App, settings: Settings, policy: IntelSource, publish: Publish, after: AfterBatch = _nothing_after
) -> IntelStages:
    """Declare the intel topics, tables and agents on ``app``; returns the stages (``forward``).

    ``after`` is awaited with each handled event (the worker's partition guard). The topics and the
    tables' changelogs must exist before the worker starts (:func:`internal_topics`,
    :func:`internal_changelogs`; ``modstream worker`` creates them).
    """
    stages = IntelStages(app, settings, policy, publish)
    if not stages.hold_changes_until_flush(app.producer):
        log.warning("intel: the producer does not run flush hooks; table changes are sent message by message")
    for stage in STAGES:
        topic: TopicT = stages.topics[stage]
        app.agent(topic, name=f"intel-{stage}", concurrency=1)(_agent_loop(stages, stage, after))

    @app.timer(interval=5.0)
    async def sample_intel_tables() -> None:
        stages.sample_tables()

    async def intel_assigned(sender: Any, *args: Any, **kwargs: Any) -> None:
        stages.recovery_started()

    async def intel_recovered(sender: Any, *args: Any, **kwargs: Any) -> None:
        stages.recovery_finished()

    async def intel_revoked(sender: Any, *args: Any, **kwargs: Any) -> None:
        stages.partitions_revoked()

    # faust's signal stubs reject plain async receivers; the runtime accepts them
    app.on_partitions_assigned.connect(cast(Any, intel_assigned))
    app.on_rebalance_complete.connect(cast(Any, intel_recovered))
    app.on_partitions_revoked.connect(cast(Any, intel_revoked))

    return stages
