"""``modstream feedback export``: every verdict on the feedback topic, joined to its decision, as JSONL.

Reads both topics from the start to their current end (kafka-python, no consumer group), joins
them with :class:`~streams.feedback.join.FeedbackJoin` (no retention: the topics' own retention is
the limit) and writes one row per comment with a verdict (the latest verdict wins)::

    {"comment_id", "tenant", "verdict", "verdict_labels", "decided_at", "moderator_id",
     "text" (only when the platform sent it, else null),
     "labels": {label: 1 | 0 | null for each model label},
     "decision": {"action", "labels", "model_version", "policy_version"} | null (allowed or unknown)}

``labels`` is the training target, conservative like every loader in ``streams/corpora/datasets.py``:
approve -> every label 0; reject or relabel with labels -> those labels 1, the rest unknown; reject
without labels -> the labels that earned the decision 1 (if it was joined), the rest unknown.
``streams.corpora.datasets.load_feedback_export`` reads the file back for ``make model``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from streams.contracts import FeedbackEvent, InvalidEvent, parse_feedback
from streams.feedback.exceptions import FeedbackError
from streams.feedback.join import FeedbackJoin, Joined, should_go


@dataclass(frozen=True, slots=True)
class ExportStats:
    """What an export read and wrote."""

    decisions: int
    verdicts: int
    invalid: int
    rows: int
    with_text: int
    joined: int


def target_labels(verdict: FeedbackEvent, joined: Joined | None, labels: Sequence[str]) -> dict[str, int | None]:
    """The training labels a verdict implies (None: the verdict says nothing about that label)."""
    if not should_go(verdict.verdict, verdict.labels):
        return dict.fromkeys(labels, 0)
    named = set(verdict.labels) or ({lb for lb in joined.labels if lb in labels} if joined is not None else set())
    return {label: (1 if label in named else None) for label in labels}


def export_rows(
    decisions: Iterable[bytes], verdicts: Iterable[bytes], labels: Sequence[str], stats: dict[str, int] | None = None
) -> Iterator[dict[str, Any]]:
    """Rows for every comment with a verdict; ``decisions`` are read entirely first."""
    counts = stats if stats is not None else {}
    join = FeedbackJoin(retention_s=float("inf"), wait_s=float("inf"))
    for value in decisions:
        counts["decisions"] = counts.get("decisions", 0) + 1
        try:
            doc = json.loads(value)
        except ValueError:
            continue
        if isinstance(doc, dict):
            join.on_decision(doc, 0.0)
    latest: dict[str, tuple[FeedbackEvent, Joined | None]] = {}
    for value in verdicts:
        counts["verdicts"] = counts.get("verdicts", 0) + 1
        try:
            verdict = parse_feedback(value)
        except InvalidEvent:
            counts["invalid"] = counts.get("invalid", 0) + 1
            continue
        joined = join.on_feedback(verdict, 0.0)
        if joined is None:  # no flag/hide decision, or the same verdict again: keep the earlier join
            previous = latest.get(verdict.comment_id)
            joined = previous[1] if previous is not None and previous[0].verdict == verdict.verdict else None
        latest[verdict.comment_id] = (verdict, joined)
    for cid, (verdict, joined) in latest.items():
        yield {
            "comment_id": cid,
            "tenant": verdict.tenant,
            "verdict": verdict.verdict,
            "verdict_labels": list(verdict.labels),
            "decided_at": verdict.decided_at.isoformat(),
            "moderator_id": verdict.moderator_id,
            "source": verdict.source,
            "text": verdict.text,
            "labels": target_labels(verdict, joined, labels),
            "decision": None if joined is None else {
                "action": joined.action,
                "labels": list(joined.labels),
                "model_version": joined.model_version,
                "policy_version": joined.policy_version,
            },
        }


def read_topic(
    bootstrap: str, topic: str, timeout_s: float = 30.0, security: Mapping[str, Any] | None = None
) -> Iterator[bytes]:
    """Every record value on ``topic``, from the start to the end it had when reading began."""
    import time

    from kafka import KafkaConsumer, TopicPartition
    from kafka.errors import KafkaError

    try:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap.split(","), enable_auto_commit=False, **dict(security or {})
        )
    except KafkaError as exc:
        raise FeedbackError(f"cannot reach Kafka at {bootstrap}: {exc}") from None
    try:
        partitions = consumer.partitions_for_topic(topic)
        if partitions is None:
            raise FeedbackError(f"topic {topic!r} does not exist on {bootstrap}")
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout_s
        while any(consumer.position(tp) < end for tp, end in ends.items()):
            if time.monotonic() > deadline:
                raise FeedbackError(f"reading {topic!r} took longer than {timeout_s:.0f}s")
            for tp, records in consumer.poll(timeout_ms=500).items():
                for record in records:
                    if record.offset < ends[tp] and record.value is not None:
                        yield record.value
    finally:
        consumer.close()


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> tuple[int, int]:
    """Write rows as JSONL; (rows, rows with text)."""
    n = with_text = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
        with_text += row["text"] is not None
    return n, with_text


def export(
    bootstrap: str,
    decisions_topic: str,
    feedback_topic: str,
    out: Path,
    labels: Sequence[str],
    security: Mapping[str, Any] | None = None,
) -> ExportStats:
    """Join the topics and write ``out``; what was read and written."""
    counts: dict[str, int] = {}
    decisions = list(read_topic(bootstrap, decisions_topic, security=security))
    verdicts = list(read_topic(bootstrap, feedback_topic, security=security))
    rows = list(export_rows(decisions, verdicts, labels, counts))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        n, with_text = write_jsonl(rows, handle)
    return ExportStats(
        decisions=counts.get("decisions", 0),
        verdicts=counts.get("verdicts", 0),
        invalid=counts.get("invalid", 0),
        rows=n,
        with_text=with_text,
        joined=sum(row["decision"] is not None for row in rows),
    )
