"""Cross-account campaigns: near-duplicate copies from distinct authors within a window.

Candidates (gated by :func:`is_candidate`) are fingerprinted once and observed in each of their LSH
buckets (one bucket per band key; in the worker, one message per band key on a band-keyed topic).
A bucket holds its recent copies: ``<band key>`` -> ``{"w": watermark, "m": [member, ...]}`` with
``member = [comment_id, author_id, ts, signature_hex, campaign_id | null]``; each copy's revision-0
decision (needed to publish its revision) is kept once per store scope, under
``d|<scope>|<comment_id>`` -> ``{"tn": tenant, "t": ts, "d": decision}`` (the worker's scope is the
band partition, so a key is only ever written from the partition that owns it).

When a new copy is similar (estimated Jaccard >= ``campaign_similarity``) to at least
``campaign_min_size - 1`` bucket members and the group spans ``campaign_min_authors`` authors, the
group becomes campaign ``campaign_id(tenant, earliest member)`` and every copy gets a revision-2
hide with reason ``campaign:<id>``; later similar copies join the campaign as they arrive. A copy
that arrives late but is earlier (event time) than the campaign's copies in its bucket renames the
campaign after itself and re-hides them, so buckets that saw the copies in different orders agree.
"""

from __future__ import annotations

import json
from bisect import insort
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from streams.contracts import Decision
from streams.intel.exceptions import IntelStateError
from streams.intel.fingerprint import similarities
from streams.intel.model import (
    REASON_CAMPAIGN,
    REVISION_CAMPAIGN,
    NormalizedLike,
    Store,
    revise,
    short_hash,
)
from streams.intel.settings import IntelSettings
from streams.metrics.registry import CAMPAIGN_SIZE, CAMPAIGNS

_CID, _AUTHOR, _TS, _SIG, _CAMP = range(5)
_SEEN_CAMPAIGNS = 4096


def is_candidate(normalized: NormalizedLike, decision: Decision, settings: IntelSettings) -> bool:
    """Whether a comment may take part in a campaign (short friendly repeats never do)."""
    if not settings.campaigns_enabled or len(normalized.text.strip()) < settings.campaign_min_chars:
        return False
    if not settings.campaign_require_signal:
        return True
    return (
        bool(normalized.urls)
        or normalized.n_money > 0
        or normalized.n_phone > 0
        or decision.scores.get("spam", 0.0) >= settings.campaign_min_spam
    )


def campaign_id(tenant: str, first_comment_id: str) -> str:
    """Stable id of a campaign, derived from its earliest copy."""
    return short_hash(f"{tenant}|{first_comment_id}", 6)


class CampaignCandidate(BaseModel):
    """A candidate copy as it travels to its LSH buckets (also the band-topic wire record)."""

    model_config = ConfigDict(frozen=True)

    tenant: str
    comment_id: str
    author_id: str
    ts: float
    signature: str
    band_keys: list[str]
    decision: str
    """The copy's revision-0 decision as JSON text (kept as text: a third of the memory of a dict)."""

    @field_validator("decision", mode="before")
    @classmethod
    def _decision_text(cls, value: Any) -> Any:
        """Records of older workers carry the decision as an object."""
        return json.dumps(value, separators=(",", ":")) if isinstance(value, dict) else value

    @classmethod
    def from_wire(cls, raw: bytes | str | dict[str, Any]) -> CampaignCandidate:
        """Parse a wire record; raise :class:`IntelStateError` when it is malformed."""
        try:
            if isinstance(raw, dict):
                return cls.model_validate(raw)
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            raise IntelStateError(f"malformed campaign candidate: {exc}") from None


def bucket_stale(state: dict[str, Any], now: float, s: IntelSettings) -> bool:
    """Whether every copy in an LSH bucket is outside the campaign window."""
    return all(m[_TS] <= now - s.campaign_window_s for m in state.get("m", []))


def decision_stale(state: dict[str, Any], now: float, s: IntelSettings) -> bool:
    """Whether a kept decision's copy is outside the campaign window."""
    return float(state["t"]) <= now - s.campaign_window_s


def decision_key(scope: str, comment_id: str) -> str:
    """Where a copy's revision-0 decision is kept."""
    return f"d|{scope}|{comment_id}"


def bucket_tenant(band_key: str) -> str:
    """The tenant a band key (``<tenant>:<band>:<digest>``) belongs to."""
    return band_key.rsplit(":", 2)[0]


def _order(member: list[Any]) -> tuple[float, str]:
    return (member[_TS], member[_CID])


class CampaignDetector:
    """Observes candidates in LSH buckets held in ``store``; returns campaign hides (revision 2)."""

    def __init__(self, store: Store, settings: Callable[[str], IntelSettings]) -> None:
        self.store = store
        self.settings = settings
        self._sizes: OrderedDict[str, int] = OrderedDict()

    def observe(self, candidate: CampaignCandidate, band_key: str, scope: str = "") -> list[Decision]:
        """Add ``candidate`` to bucket ``band_key``; the hides this causes (maybe its own)."""
        s = self.settings(candidate.tenant)
        kept = decision_key(scope, candidate.comment_id)
        if kept not in self.store:
            self.store[kept] = {"tn": candidate.tenant, "t": candidate.ts, "d": candidate.decision}
        state: dict[str, Any] = self.store.get(band_key) or {"w": candidate.ts, "m": []}
        watermark = max(float(state["w"]), candidate.ts)
        members: list[list[Any]] = state["m"]  # kept in (ts, comment id) order
        horizon = watermark - s.campaign_window_s
        if members and members[0][_TS] <= horizon:
            members = [m for m in members if m[_TS] > horizon]
        for member in members:
            if member[_CID] == candidate.comment_id:  # redelivered: repeat what it earned
                return self._hides([member], scope)

        sims = similarities(candidate.signature, [m[_SIG] for m in members])
        threshold = s.campaign_similarity
        similar = [m for m, v in zip(members, sims, strict=True) if v >= threshold]
        entry: list[Any] = [
            candidate.comment_id,
            candidate.author_id,
            candidate.ts,
            candidate.signature,
            None,
        ]
        hidden: list[list[Any]] = []
        size = 0
        joined = [m for m in similar if m[_CAMP]]
        if joined:
            camp = joined[0][_CAMP]  # the earliest campaign it matches
            entry[_CAMP] = camp
            hidden.append(entry)
            size = 1 + sum(1 for m in joined if m[_CAMP] == camp)
            first = next(m for m in members if m[_CAMP] == camp)  # members are in (ts, id) order
            if _order(entry) < _order(first) and camp == campaign_id(candidate.tenant, first[_CID]):
                # an earlier copy came late (copies reach a bucket in no set order): the campaign is
                # renamed after it and its copies hidden again, so every bucket names it the same
                hidden = self._rename(members, camp, entry, candidate.tenant)
        else:
            group = [*similar, entry]
            authors = {m[_AUTHOR] for m in group}
            if len(group) >= s.campaign_min_size and len(authors) >= s.campaign_min_authors:
                group.sort(key=_order)
                camp = campaign_id(candidate.tenant, group[0][_CID])
                for member in group:
                    member[_CAMP] = camp
                hidden = group
                size = len(group)

        if members and _order(entry) < _order(members[-1]):
            insort(members, entry, key=_order)
        else:
            members.append(entry)
        self.store[band_key] = {"w": watermark, "m": members[-s.campaign_max_members :]}
        if hidden:
            self._count(hidden[0][_CAMP], size)
        return self._hides(hidden, scope)

    def _rename(self, members: list[list[Any]], camp: str, entry: list[Any], tenant: str) -> list[list[Any]]:
        """Name campaign ``camp`` after ``entry``, its new earliest copy; every copy now in it."""
        renamed = campaign_id(tenant, entry[_CID])
        copies = [m for m in members if m[_CAMP] == camp]
        for member in copies:
            member[_CAMP] = renamed
        entry[_CAMP] = renamed
        if camp in self._sizes:  # the same campaign for the metrics
            self._sizes[renamed] = self._sizes.pop(camp)
        return [entry, *copies]

    def _hides(self, members: list[list[Any]], scope: str) -> list[Decision]:
        """Revision-2 hides of campaign members (a member whose decision is gone is skipped)."""
        out: list[Decision] = []
        for member in members:
            kept = self.store.get(decision_key(scope, member[_CID]))
            if not member[_CAMP] or kept is None:
                continue
            try:
                raw = kept["d"]
                base = Decision.model_validate_json(raw) if isinstance(raw, str) else Decision.model_validate(raw)
            except (ValidationError, KeyError, TypeError) as exc:
                raise IntelStateError(f"unreadable decision in campaign state: {exc}") from None
            reason = f"{REASON_CAMPAIGN}:{member[_CAMP]}"
            out.append(revise(base, action="hide", reasons=[reason], revision=REVISION_CAMPAIGN))
        return out

    def _count(self, camp: str, size: int) -> None:
        """Metrics, once per campaign and size per process (its buckets all report it)."""
        known = self._sizes.get(camp)
        if known is None:
            CAMPAIGNS.inc()
        if known is None or size > known:
            CAMPAIGN_SIZE.observe(size)
            self._sizes[camp] = size
        self._sizes.move_to_end(camp)
        while len(self._sizes) > _SEEN_CAMPAIGNS:
            self._sizes.popitem(last=False)
