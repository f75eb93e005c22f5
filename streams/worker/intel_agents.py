"""Stream intelligence in the worker: three repartitioned stages over Faust tables.

Topology (every internal topic and table has ``settings.topic_partitions`` partitions)::

    comments --moderate--> <app>-intel-authors  (partition = hash(tenant|author); records built in the
                                                 model process, see streams/worker/intel_wire.py)
        author agent: table intel-authors (offence scores, author floods, identical repeats)
            -> moderation.decisions  revision 0 (model + author rules)
            -> <app>-intel-threads   (partition = hash(tenant|thread)): thread-flood ticks
            -> <app>-intel-bands     (partition = hash(band key)): campaign candidates only
        thread agent: table intel-threads -> revision 1 (thread flood flag)
        band agent:   table intel-bands   -> revision 2 (campaign hide, earlier copies included)

Records are batched: one message per destination partition per input batch (the partition is
chosen here with BLAKE2b, never Python's ``hash()``), so an extra stage costs a few messages per
batch, not one per comment. Table writes happen while processing a message of the partition that
owns the key, so each table's changelog partition matches its source topic partition and the
state comes back with the partition after a restart or rebalance.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any, cast

import faust
from faust.types import EventT, StreamT, TopicT

from streams import metrics
from streams.broker.admin import ensure_topics
from streams.contracts import EncodedDecision
from streams.intel import IntelEngine, IntelSettings, IntelStateError
from streams.intel.campaigns import CampaignCandidate
from streams.intel.settings import IntelSource
from streams.settings import Settings
from streams.worker.batch_moderator import Scored
from streams.worker.changelog import DirectChangelog
from streams.worker.intel_wire import decision_from_wire, decode_author_record
from streams.worker.write_back import WriteBackStore

log = logging.getLogger(__name__)

Publish = Callable[[EncodedDecision], Awaitable[None]]
AfterBatch = Callable[[Sequence[EventT]], Awaitable[None]]

_RAW: dict[str, Any] = {
    "key_type": bytes,
    "value_type": bytes,
    "key_serializer": "raw",
    "value_serializer": "raw",
}
_SWEEP_EVERY = 256
_SWEEP_STEP = 512


def partition_for(routing_key: str, partitions: int) -> int:
    """The partition of a routing key: stable across processes and restarts."""
    digest = hashlib.blake2b(routing_key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % partitions


def _records(event: EventT) -> list[dict[str, Any]]:
    value = event.message.value
    if value is None:
        raise IntelStateError("empty intel batch")
    try:
        records = json.loads(value)
    except (TypeError, ValueError) as exc:
        raise IntelStateError(f"unreadable intel batch: {exc}") from None
    if not isinstance(records, list):
        raise IntelStateError("intel batch is not a list")
    return records


# -- housekeeping ----------------------------------------------------------------------------------


class Sweeper:
    """Drops stale table keys a slice at a time, from inside the partition that owns them."""

    def __init__(
        self, name: str, table: MutableMapping[str, Any], engine: IntelEngine, owner: Callable[[str], int]
    ) -> None:
        self.name = name
        self.table = table
        self.engine = engine
        self.owner = owner
        self._seen: dict[int, int] = defaultdict(int)
        self._cursor: dict[int, list[str]] = {}

    def tick(self, partition: int, now: float, processed: int = 1) -> None:
        """Count records of ``partition``; every so often sweep a slice of its keys at ``now``."""
        before = self._seen[partition]
        self._seen[partition] = before + processed
        if before // _SWEEP_EVERY == self._seen[partition] // _SWEEP_EVERY:
            return
        pending = self._cursor.get(partition)
        if not pending:
            pending = list(self.table.keys())
        step, self._cursor[partition] = pending[:_SWEEP_STEP], pending[_SWEEP_STEP:]
        mine = [k for k in step if self.owner(k) == partition]
        self.engine.sweep(self.table, now, mine)


def _owners(partitions: int) -> tuple[Callable[[str], int], Callable[[str], int]]:
    """Which partition owns a key of the author/thread tables, and of the band table."""

    def prefixed(key: str) -> int:  # "o|tenant|author", "a|tenant|author", "t|tenant|thread"
        return partition_for(key[2:], partitions)

    def band(key: str) -> int:  # "<tenant>:<band>:<digest>", or "d|<partition>|<comment id>"
        if key.startswith("d|"):
            return int(key.split("|", 2)[1])
        return partition_for(key, partitions)

    return prefixed, band


# -- the stages ------------------------------------------------------------------------------------


class IntelStages:
    """The intel topics, tables and agents of one worker app."""

    def __init__(self, app: faust.App, settings: Settings, policy: IntelSource, publish: Publish) -> None:
        self.app = app
        self.partitions = settings.topic_partitions
        self.publish = publish
        prefix = settings.app_id
        self.authors_topic = self._topic(app, f"{prefix}-intel-authors")
        self.threads_topic = self._topic(app, f"{prefix}-intel-threads")
        self.bands_topic = self._topic(app, f"{prefix}-intel-bands")
        self.tables = {
            name: app.Table(
                f"intel-{name}",
                partitions=self.partitions,
                key_type=str,  # keys and values go to the changelog as JSON
                help=f"stream-intelligence state by {name[:-1]}",
            )
            for name in ("authors", "threads", "bands")
        }
        # the rules write through buffers: each changed key goes to the changelog once per message,
        # sent straight to the producer (streams/worker/changelog.py)
        self.buffers = {name: WriteBackStore(table) for name, table in self.tables.items()}
        self.changelogs = {
            name: DirectChangelog(table, self._send) for name, table in self.tables.items()
        }
        self.engine = IntelEngine(
            policy,
            author_store=self.buffers["authors"],
            thread_store=self.buffers["threads"],
            campaign_store=self.buffers["bands"],
        )
        prefixed, band = _owners(self.partitions)
        self.sweepers = {
            "authors": Sweeper("authors", self.buffers["authors"], self.engine, prefixed),
            "threads": Sweeper("threads", self.buffers["threads"], self.engine, prefixed),
            "bands": Sweeper("bands", self.buffers["bands"], self.engine, band),
        }
        self._watermarks: dict[tuple[str, int], float] = {}
        self._assigned_at: float | None = None

    async def _send(
        self, topic: str, key: bytes | None, value: bytes | None, partition: int | None,
        timestamp: float | None, headers: Any,
    ) -> Any:
        return await self.app.producer.send(topic, key, value, partition, timestamp, headers)

    def _topic(self, app: faust.App, name: str) -> TopicT:
        return app.topic(name, partitions=self.partitions, internal=True, **_RAW)

    def topic_partitions(self) -> dict[str, int]:
        """The internal topics and their partition counts."""
        topics = (self.authors_topic, self.threads_topic, self.bands_topic)
        return {name: self.partitions for topic in topics for name in topic.topics}

    def settings(self, tenant: str) -> IntelSettings:
        """The intel settings in force for ``tenant``."""
        return self.engine.tenant_settings(tenant)

    async def _send_grouped(self, topic: TopicT, groups: dict[int, list[Any]]) -> None:
        for partition, records in groups.items():
            await topic.send(value=json.dumps(records, separators=(",", ":")).encode(), partition=partition)

    def _watermark(self, stage: str, partition: int, ts: float) -> float:
        key = (stage, partition)
        now = max(self._watermarks.get(key, ts), ts)
        self._watermarks[key] = now
        return now

    # moderation agent -> author stage
    async def forward(self, scored: Sequence[Scored]) -> None:
        """Hand scored comments to the author stage (which publishes their decisions)."""
        groups: dict[int, list[bytes]] = defaultdict(list)
        for item in scored:
            if item.record is None:  # a model process without the stateful rules: cannot happen
                raise IntelStateError("a scored comment without its author record")
            groups[partition_for(item.route, self.partitions)].append(item.record)
        for partition, records in groups.items():
            await self.authors_topic.send(value=b"[" + b",".join(records) + b"]", partition=partition)

    async def on_authors(self, event: EventT) -> None:
        """Revision 0 for each comment; thread ticks and campaign candidates onwards."""
        partition = event.message.partition
        threads: dict[int, list[Any]] = defaultdict(list)
        bands: dict[int, list[Any]] = defaultdict(list)
        now = float("-inf")
        records = _records(event)
        for record in records:
            try:
                item = decode_author_record(record, self.engine.tenant_settings)
                outcome = self.engine.author_stage(item)
                if outcome.revised is not None:
                    decision = EncodedDecision.of(outcome.revised)
                else:  # the model's decision stands: publish its bytes as they came
                    decision = EncodedDecision.wrap(item.decision, item.decision_text)
            except Exception as exc:  # one bad record or rule bug must not cost its batch-mates their decisions
                await self._fall_back(record, exc)
                continue
            now = self._watermark("authors", partition, outcome.ts)
            await self.publish(decision)
            threads[partition_for(f"{item.tenant}|{item.thread_id}", self.partitions)].append(
                {
                    "tn": item.tenant,
                    "th": item.thread_id,
                    "c": item.comment_id,
                    "ts": outcome.ts,
                    "b": decision.value.decode() if decision.action == "allow" else None,
                }
            )
            candidate = outcome.candidate
            if candidate is not None:
                by_partition: dict[int, list[str]] = defaultdict(list)
                for key in candidate.band_keys:
                    by_partition[partition_for(key, self.partitions)].append(key)
                wire = candidate.model_dump(mode="json")
                for band_partition, keys in by_partition.items():
                    bands[band_partition].append({"k": keys, "c": wire})
        await self._send_grouped(self.threads_topic, threads)
        await self._send_grouped(self.bands_topic, bands)
        if records:
            self.sweepers["authors"].tick(partition, now, len(records))

    async def _fall_back(self, record: Any, exc: Exception) -> None:
        """Publish the model's own decision for a record the author stage could not handle, if it has one."""
        metrics.ERRORS.labels(stage="intel-authors").inc()
        log.error("intel authors: a record failed (%s: %s); publishing the model's decision", type(exc).__name__, exc)
        try:
            decision = decision_from_wire(record["d"])
        except (KeyError, TypeError, ValueError):
            log.error("intel authors: the record has no readable decision either; dropped: %.200r", record)
            return
        await self.publish(EncodedDecision.of(decision))

    async def on_threads(self, event: EventT) -> None:
        """Revision 1: flag allowed comments of flooding threads."""
        partition = event.message.partition
        records = _records(event)
        now = float("-inf")
        for record in records:
            ts = float(record["ts"])
            now = self._watermark("threads", partition, ts)
            flood = self.engine.thread_floods.observe(record["tn"], record["th"], record["c"], ts)
            if flood and record.get("b"):  # only allowed comments carry their decision
                await self.publish(EncodedDecision.of(self.engine.flood_revision(decision_from_wire(record["b"]))))
                metrics.REVISIONS.labels(reason="flood").inc()
        if records:
            self.sweepers["threads"].tick(partition, now, len(records))

    async def on_bands(self, event: EventT) -> None:
        """Revision 2: campaign hides, for this copy and for earlier ones."""
        partition = event.message.partition
        records = _records(event)
        now = float("-inf")
        for record in records:
            candidate = CampaignCandidate.from_wire(record["c"])
            now = self._watermark("bands", partition, candidate.ts)
            for key in record["k"]:
                for hide in self.engine.campaign_stage(candidate, key, scope=str(partition)):
                    await self.publish(EncodedDecision.of(hide))
                    metrics.REVISIONS.labels(reason="campaign").inc()
        if records:
            self.sweepers["bands"].tick(partition, now, len(records))

    def sample_tables(self) -> None:
        """Table sizes on this worker, for ``modstream_table_keys``."""
        for name, table in self.tables.items():
            metrics.TABLE_KEYS.labels(table=f"intel-{name}").set(len(table))

    def recovery_started(self) -> None:
        """Partitions were assigned: table recovery from the changelogs begins."""
        self._assigned_at = time.monotonic()

    def recovery_finished(self) -> None:
        """Recovery is complete: record how long it took."""
        if self._assigned_at is not None:
            metrics.STATE_RECOVERY_SECONDS.set(time.monotonic() - self._assigned_at)
            self._assigned_at = None
            self.sample_tables()


async def _write_changes(stage: str, buffer: WriteBackStore, changelog: DirectChangelog, partition: int) -> None:
    try:
        await changelog.write(buffer.take(), partition)
    except Exception:  # the producer refused them: counted and logged, the agent goes on
        metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
        log.exception("intel %s: could not write table changes to the changelog", stage)


def _agent_loop(
    handler: Callable[[EventT], Awaitable[None]],
    stage: str,
    buffer: WriteBackStore,
    changelog: DirectChangelog,
    after: AfterBatch,
) -> Callable[[StreamT[bytes]], Awaitable[None]]:
    async def loop(stream: StreamT[bytes]) -> None:
        async for event in stream.events():
            try:
                await handler(event)
            except IntelStateError as exc:  # a malformed internal record: skip it, loudly
                metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
                log.error("intel %s: skipping a malformed record: %s", stage, exc)
            except Exception:  # never let an exception end the agent (Faust would ack the event anyway)
                metrics.ERRORS.labels(stage=f"intel-{stage}").inc()
                log.exception("intel %s: unexpected error on a record batch", stage)
            finally:  # this event's changes, to the changelog partition of its partition
                await _write_changes(stage, buffer, changelog, event.message.partition)
            await after([event])

    loop.__name__ = loop.__qualname__ = f"intel_{stage}"
    return loop


async def _nothing_after(events: Sequence[EventT]) -> None:
    return None


def attach_intel(
    app: faust.App, settings: Settings, policy: IntelSource, publish: Publish, after: AfterBatch = _nothing_after
) -> IntelStages:
    """Declare the intel topics, tables and agents on ``app``; returns the stages (``forward``).

    ``after`` is awaited with each handled event (the worker's partition guard).

    Creates the internal topics on the broker right away (like the worker command does for its own).
    """
    stages = IntelStages(app, settings, policy, publish)
    # now, before the consumer subscribes: a topic missing from its first metadata is not assigned
    ensure_topics(settings.kafka_bootstrap, stages.topic_partitions())
    app.agent(stages.authors_topic, name="intel-authors", concurrency=1)(
        _agent_loop(stages.on_authors, "authors", stages.buffers["authors"], stages.changelogs["authors"], after)
    )
    app.agent(stages.threads_topic, name="intel-threads", concurrency=1)(
        _agent_loop(stages.on_threads, "threads", stages.buffers["threads"], stages.changelogs["threads"], after)
    )
    app.agent(stages.bands_topic, name="intel-bands", concurrency=1)(
        _agent_loop(stages.on_bands, "bands", stages.buffers["bands"], stages.changelogs["bands"], after)
    )

    @app.timer(interval=5.0)
    async def sample_intel_tables() -> None:
        stages.sample_tables()

    async def intel_assigned(sender: Any, *args: Any, **kwargs: Any) -> None:
        stages.recovery_started()

    async def intel_recovered(sender: Any, *args: Any, **kwargs: Any) -> None:
        stages.recovery_finished()

    # faust's signal stubs reject plain async receivers; the runtime accepts them
    app.on_partitions_assigned.connect(cast(Any, intel_assigned))
    app.on_rebalance_complete.connect(cast(Any, intel_recovered))

    return stages

