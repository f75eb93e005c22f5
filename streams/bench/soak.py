"""``modstream bench soak``: a stateful worker under a fixed rate for a long time; memory and state over time.

Fresh topics and a fresh consumer group on a real broker, one worker process. Comments are sent
at a fixed rate with event time running ``time_scale`` times faster than the clock (so an hour of
the rules' windows passes in minutes), a share of them from authors never seen before. Every
``sample_s`` seconds: the worker's resident memory (worker and model process, now, not the peak;
in total and per process), the keys of each state table (``modstream_table_keys``) and how many
comments have a decision. At the end every comment must be decided.

With ``feedback_join`` the worker also runs the feedback join (``MODSTREAM_FEEDBACK_JOIN=true``,
its key cap ``feedback_max_keys`` per partition if given) and every tenth comment gets a moderator's
verdict right after it is sent (approve and reject in turn): verdicts on flagged or hidden comments
are joined, the others wait, so both kinds of join key are exercised.
"""

from __future__ import annotations

import contextlib
import json
import random
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from streams.bench.corpus import comment_texts
from streams.clients.replay import make_producer
from streams.contracts.feedback import hash_moderator_id
from streams.kafka_admin import BrokerError, delete_topics, ensure_topics
from streams.worker.process import WorkerProcess


@dataclass
class Sample:
    """One point of the soak."""

    elapsed_s: float
    sent: int
    decided: int
    rss_mb: float | None
    table_keys: dict[str, float]
    rss_parts_mb: dict[str, float] = field(default_factory=dict)
    """Resident memory per process: ``worker`` (the event loop), ``model``, ``resource-tracker``."""


@dataclass
class SoakResult:
    rate_per_s: float
    duration_s: float
    time_scale: float
    new_author_share: float
    feedback_join: bool = False
    verdicts_sent: int = 0
    sent: int = 0
    decided: int = 0
    missing: int = 0
    samples: list[Sample] = field(default_factory=list)

    def rss_growth(self, last_s: float) -> float | None:
        """Relative RSS change (max/min - 1) over the last ``last_s`` seconds of samples."""
        end = self.samples[-1].elapsed_s if self.samples else 0.0
        values = [s.rss_mb for s in self.samples if s.elapsed_s >= end - last_s and s.rss_mb]
        if len(values) < 2:
            return None
        return max(values) / min(values) - 1.0

    def as_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["rss_growth_last_20min"] = self.rss_growth(1200.0)
        return doc


def _process_name(pid: int, root: int) -> str:
    if pid == root:
        return "worker"
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return f"pid-{pid}"
    if b"resource_tracker" in cmdline:
        return "resource-tracker"
    if b"spawn_main" in cmdline:
        return "model"
    return f"pid-{pid}"


def rss_parts_mb(worker: WorkerProcess) -> dict[str, float]:
    """Current resident memory (VmRSS, MB) of the worker's process and of each of its children, by name."""
    if worker.proc is None:
        return {}
    root = worker.proc.pid
    pids = [root]
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{root}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
    out: dict[str, float] = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    name = _process_name(pid, root)
                    out[name if name not in out else f"{name}-{pid}"] = int(line.split()[1]) / 1024
    return out


def rss_now_mb(worker: WorkerProcess) -> float | None:
    """Current resident memory (VmRSS) of the worker and its child processes, MB."""
    total = sum(rss_parts_mb(worker).values())
    return total if total else None


def table_keys(metrics_url: str) -> dict[str, float]:
    """``modstream_table_keys`` per table, from the worker's /metrics."""
    out: dict[str, float] = {}
    with contextlib.suppress(OSError), urllib.request.urlopen(metrics_url, timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("modstream_table_keys{"):
                name = line.split('table="', 1)[1].split('"', 1)[0]
                out[name] = float(line.rsplit(" ", 1)[1])
    return out


def _sample(elapsed: float, sent: int, decided: int, worker: WorkerProcess) -> Sample:
    parts = rss_parts_mb(worker)
    return Sample(round(elapsed, 1), sent, decided, round(sum(parts.values()), 1) or None,
                  table_keys(worker.metrics_url), {name: round(mb, 1) for name, mb in parts.items()})


class _Counter(threading.Thread):
    """Counts distinct comment ids on the decisions topic."""

    def __init__(self, bootstrap: str, topic: str, tag: str) -> None:
        super().__init__(daemon=True)
        self.consumer = KafkaConsumer(
            topic, bootstrap_servers=bootstrap.split(","), group_id=f"{tag}-reader",
            auto_offset_reset="earliest", enable_auto_commit=False,
        )
        self.seen: set[bytes] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for records in self.consumer.poll(timeout_ms=500).values():
                self.seen.update(r.key for r in records if r.key)
        self.consumer.close()


def bench_soak(
    *,
    bootstrap: str,
    rate: float = 300.0,
    duration_s: float = 1800.0,
    time_scale: float = 12.0,
    new_author_share: float = 0.4,
    sample_s: float = 60.0,
    feedback_join: bool = False,
    feedback_max_keys: int | None = None,
    on_sample: Callable[[Sample], None] | None = None,
) -> SoakResult:
    """Run the soak; ``missing`` counts comments still undecided two minutes after the last send."""
    tag = f"soak-{uuid.uuid4().hex[:6]}"
    topics = {
        "comments": f"{tag}.comments", "decisions": f"{tag}.decisions", "dlq": f"{tag}.dlq",
        "feedback": f"{tag}.feedback",
    }
    ensure_topics(bootstrap, dict.fromkeys(topics.values(), 4))
    workdir = Path(tempfile.mkdtemp(prefix=f"{tag}-"))
    settings: dict[str, Any] = {
        "kafka_bootstrap": bootstrap, "app_id": tag, "comments_topic": topics["comments"],
        "decisions_topic": topics["decisions"], "dlq_topic": topics["dlq"], "feedback_topic": topics["feedback"],
        "data_dir": workdir / "state", "stateful": "true",
    }
    if feedback_join:
        settings["feedback_join"] = "true"
        if feedback_max_keys is not None:
            settings["feedback_max_keys"] = str(feedback_max_keys)
    worker = WorkerProcess(settings, log_path=workdir / "worker.log")
    result = SoakResult(rate_per_s=rate, duration_s=duration_s, time_scale=time_scale,
                        new_author_share=new_author_share, feedback_join=feedback_join)
    moderator = hash_moderator_id("soak-moderator")
    rng = random.Random(17)
    texts = comment_texts(5000, seed=17)
    producer = make_producer(bootstrap)
    counter = _Counter(bootstrap, topics["decisions"], tag)
    event_start = datetime(2026, 11, 24, tzinfo=UTC)
    try:
        worker.start()
        counter.start()
        t0 = time.time()
        next_sample = 0.0
        sent = 0
        while True:
            elapsed = time.time() - t0
            if elapsed >= duration_s:
                break
            due = int(elapsed * rate)
            while sent < due:
                author = f"new-{sent}" if rng.random() < new_author_share else f"a-{rng.randrange(20_000)}"
                event = {
                    "comment_id": f"{tag}-{sent}",
                    "thread_id": f"t-{rng.randrange(500)}",
                    "author_id": author,
                    "text": texts[sent % len(texts)],
                    "created_at": (event_start + timedelta(seconds=sent / rate * time_scale)).isoformat(),
                    "tenant": "soak",
                }
                producer.send(topics["comments"], key=event["comment_id"].encode(), value=json.dumps(event).encode())
                if feedback_join and sent % 10 == 0:
                    verdict = {
                        "comment_id": event["comment_id"], "verdict": "reject" if sent % 20 else "approve",
                        "moderator_id": moderator, "decided_at": datetime.now(UTC).isoformat(), "tenant": "soak",
                    }
                    producer.send(topics["feedback"], key=event["comment_id"].encode(),
                                  value=json.dumps(verdict).encode())
                    result.verdicts_sent += 1
                sent += 1
            if elapsed >= next_sample:
                sample = _sample(elapsed, sent, len(counter.seen), worker)
                result.samples.append(sample)
                if on_sample:
                    on_sample(sample)
                next_sample += sample_s
            time.sleep(0.01)
        producer.flush()
        result.sent = sent
        deadline = time.time() + 120
        while len(counter.seen) < sent and time.time() < deadline:
            time.sleep(1)
        final = _sample(time.time() - t0, sent, len(counter.seen), worker)
        result.samples.append(final)
        if on_sample:
            on_sample(final)
        result.decided = len(counter.seen)
        result.missing = sent - result.decided
        return result
    finally:
        counter.stop.set()
        worker.stop()
        producer.close()
        with contextlib.suppress(BrokerError):
            delete_topics(bootstrap, tag)
