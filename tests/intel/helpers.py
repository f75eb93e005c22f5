"""Builders for the intel tests: moderated comments (real normaliser, scores given, no model)."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from streams.contracts import Action, CommentEvent, Decision
from streams.intel import Published, TenantSettings, Topology, comment_record, final
from streams.intel.records import CommentRecord
from streams.normalize import normalize
from streams.pipeline import Moderated

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
_ids = itertools.count(1)


def moderated(
    text: str,
    *,
    author: str | None = None,
    thread: str = "t-1",
    at: float = 0.0,
    action: Action = "allow",
    spam: float = 0.05,
    toxicity: float = 0.05,
    tenant: str = "default",
    comment_id: str | None = None,
    author_name: str | None = None,
) -> Moderated:
    """A moderated comment posted ``at`` seconds after :data:`T0`."""
    n = next(_ids)
    cid = comment_id or f"c-{n}"
    event = CommentEvent(
        comment_id=cid,
        thread_id=thread,
        author_id=author or f"a-{n}",
        text=text,
        created_at=T0 + timedelta(seconds=at),
        tenant=tenant,
        author_name=author_name,
    )
    reasons = [] if action == "allow" else [f"toxicity:{action}"]
    decision = Decision(
        comment_id=cid,
        thread_id=thread,
        author_id=event.author_id,
        tenant=tenant,
        action=action,
        scores={"toxicity": toxicity, "insult": 0.01, "spam": spam},
        reasons=reasons,
        model_version="test",
        policy_version="test",
        decided_at=T0,
        processing_ms=0.0,
    )
    return Moderated(event=event, normalized=normalize(text), decision=decision)


@dataclass
class IntelPolicy:
    """Stands in for ``streams.policy.Policy`` as an intel settings source."""

    defaults: dict[str, object] = field(default_factory=dict)
    tenants: dict[str, dict[str, object]] = field(default_factory=dict)

    def intel_settings(self, tenant: str) -> dict[str, object]:
        merged = dict(self.defaults)
        merged.update(self.tenants.get(tenant, {}))
        return merged


ORDINARY = [
    "I think the council made the right call on the new bike lanes downtown.",
    "This article misses the point about housing costs for young families.",
    "My neighbourhood has had the same pothole for three years now.",
    "Great reporting, thanks for covering the school board meeting.",
    "Does anyone know when the library reopens after the renovation?",
    "The traffic on the bridge has been terrible since the closure.",
    "I disagree, the budget numbers in paragraph four do not add up.",
    "We went to the farmers market on Saturday and it was packed.",
    "Honestly the referee decisions in the second half were baffling.",
    "Interesting read, although I would have liked more data on rents.",
]

CAMPAIGN = [
    "Earn $500 a day from home with this one simple trick, I did it! Visit {url} to start today",
    "Earn $450 a day from home with this one simple trick, I did it!! Visit {url} to start today",
    "Earn $600 a day from home with this one simple trick, I did it! Visit {url} and start today",
    "Earn $500 a day from home with this one simple trick - I did it! Visit {url} to start today",
    "earn $700 a day from home with this one simple trick, I did it! visit {url} to start today",
    "Earn $500 a day from home with this simple trick, I did it! Visit {url} to start today",
    "Earn $550 a day from home with this one simple trick, I really did it! Visit {url} to start today",
    "Earn $500 a day from home with this one simple trick, I did it! Go to {url} to start today",
    "Earn $800 a day from home with this one simple trick, I did it! Visit {url} to start now",
    "Earn $500 per day from home with this one simple trick, I did it! Visit {url} to start today",
]

FRIENDLY = [
    "great article", "thanks!", "Great article!", "thank you", "so true", "well said",
    "love this", "great read", "nice piece", "thanks for sharing", "agreed!", "spot on",
    "good point", "brilliant", "excellent article", "Thanks!!", "great job", "well written",
    "+1", "this ^", "so good", "amazing", "very helpful", "totally agree",
]


_VOCAB = [
    "council", "budget", "river", "bridge", "school", "park", "housing", "tram", "rent", "library",
    "market", "mayor", "station", "festival", "weather", "traffic", "museum", "harbour", "election",
    "hospital", "teacher", "garden", "stadium", "bakery", "winter", "summer", "parking", "cyclists",
    "drivers", "pensioners", "students", "landlords", "tenants", "nurses", "doctors", "police",
    "firefighters", "playground", "pool", "ferry", "airport", "railway", "bus", "timetable", "fares",
    "taxes", "rates", "planning", "permission", "flats", "offices", "shops", "cafe", "pub",
    "restaurant", "cinema", "theatre", "concert", "gallery", "church", "mosque", "synagogue", "temple",
    "beach", "cliffs", "forest", "trail", "allotment", "recycling", "bins", "potholes", "streetlights",
    "pavements", "crossings", "roundabout", "motorway", "noise", "pollution", "flooding", "drought",
    "heatwave", "storm", "snow", "ice", "power", "water", "sewage", "broadband", "phones", "schools",
    "exams", "uniforms", "teachers", "wages", "strikes", "jobs", "factory", "warehouse",
    "harbourmaster", "fishermen", "farmers", "market", "stall", "prices", "groceries", "fuel",
    "heating", "insurance", "mortgage", "savings", "pensions",
]
_OPENERS = (
    "I think", "Honestly,", "My view is that", "Not sure, but", "As a local,", "Funny how", "Surely",
    "To be fair,", "In my experience", "Sadly", "Good to see", "Why does nobody mention that",
)


def ordinary_text(rng: random.Random, i: int) -> str:
    """A distinct, ordinary-looking comment (a quarter of them cite a link)."""
    words = " ".join(rng.choice(_VOCAB) for _ in range(rng.randint(8, 16)))
    text = f"{rng.choice(_OPENERS)} the {words}."
    if i % 4 == 0:
        text += f" Source: https://news.example.org/{rng.choice(_VOCAB)}/{i}"
    return text


NOW = 2_000_000_000.0
"""The scoring clock the tests' records are built with (after every test time: nothing is clamped)."""


@dataclass
class Result:
    """One comment after every stage: its current decision, and revisions it caused for others."""

    decision: Published
    revisions: list[Published]


class Run:
    """The in-memory topology, one comment at a time in the order given (``modstream classify``'s way)."""

    def __init__(self, policy: object | None = None, partitions: int = 1) -> None:
        self.settings = TenantSettings(policy)  # type: ignore[arg-type]
        self.topology = Topology(self.settings, partitions=partitions)
        self.published: list[Published] = []

    def record(self, item: Moderated) -> CommentRecord:
        return comment_record(item, item.decision.model_dump_json().encode(), self.settings(item.event.tenant), NOW)

    def process(self, item: Moderated) -> Result:
        self.topology.submit(self.record(item))
        new = list(self.topology.drain())
        self.published += new
        cid = item.event.comment_id
        return Result(
            decision=final(self.published)[cid], revisions=[p for p in new if p.comment_id != cid and p.revision]
        )

    def final(self) -> dict[str, Published]:
        return final(self.published)

    def store(self, stage: str) -> dict[str, bytes]:
        raw: dict[str, bytes] = self.topology.stores[stage].raw  # type: ignore[assignment]
        return raw
