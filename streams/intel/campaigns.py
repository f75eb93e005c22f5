"""Cross-account campaigns: near-duplicate copies from distinct authors within a window.

The band stage, keyed by LSH band key. A bucket (``<band key>`` -> :class:`Bucket`) holds the
recent candidate copies that share one band value. Whatever order copies arrive in, a copy *x* of
a bucket is in a campaign when some copy *z* of the bucket (maybe *x*) has a group
``S(z)`` = {copies similar to *z* (estimated Jaccard >= ``campaign_similarity``) within
``campaign_window_s`` of it, *z* included} that is big enough -- ``campaign_min_size`` copies from
``campaign_min_authors`` authors, or, counting only copies that score spam >= ``campaign_spam_bar``,
``campaign_spam_min_size`` copies from ``campaign_spam_min_authors`` authors -- and *x* is in it.
The campaign is named after the earliest copy (rule time, then comment id) of the earliest such
group; the author stage keeps, over all buckets, the earliest name it is told. Adding copies only
ever adds campaigns and makes names earlier, so every arrival order ends the same.

Candidates (gated by :func:`is_candidate`) are fingerprinted where they are scored and sent to
each of their buckets by the author stage. Copies are kept while within ``campaign_window_s`` plus
``late_window_s`` of the bucket's newest copy, at most ``campaign_max_members`` of them.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable

import numpy as np

from streams.contracts import Decision
from streams.intel.model import NormalizedLike, short_hash
from streams.intel.outcome import Output
from streams.intel.records import BandMember, Bucket, CampaignVerdict, Candidate, decoder
from streams.intel.settings import IntelSettings
from streams.intel.state import StateStore

_BUCKET = decoder(Bucket)


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




def bucket_tenant(band_key: str) -> str:
    """The tenant a band key (``<tenant>:<band>:<digest>``) belongs to."""
    return band_key.rsplit(":", 2)[0]


def _order(m: BandMember) -> tuple[float, str]:
    return (m.ts, m.comment_id)


def _signatures(members: list[BandMember]) -> np.ndarray:
    width = max(len(m.signature) for m in members)
    rows = [bytes.fromhex(m.signature.ljust(width, "0")) for m in members]
    return np.frombuffer(b"".join(rows), dtype=">u2").reshape(len(members), width // 4)


class BandStage:
    """Campaign detection in LSH buckets over one partition's store."""

    def __init__(self, settings: Callable[[str], IntelSettings]) -> None:
        self.settings = settings

    def expiry_of(self, key: str, raw: bytes) -> float:
        s = self.settings(bucket_tenant(key))
        bucket = _BUCKET.decode(raw)
        newest = bucket.members[-1].ts if bucket.members else 0.0
        return newest + s.campaign_window_s + s.late_window_s

    def handle(self, store: StateStore, candidate: Candidate, out: Output) -> None:
        """Add the candidate to each of its buckets (``candidate.keys``) held here."""
        for key in candidate.keys:
            self._observe(store, key, candidate, out)

    def _observe(self, store: StateStore, key: str, c: Candidate, out: Output) -> None:
        s = self.settings(c.tenant)
        bucket = store.get(key, Bucket) or Bucket(members=[])
        for m in bucket.members:
            if m.comment_id == c.comment_id:  # redelivered: repeat what it earned
                if m.first_id is not None and m.first_ts is not None:
                    out.verdicts.append(CampaignVerdict(m.comment_id, c.tenant, m.author_id, m.first_ts, m.first_id))
                return
        insort(bucket.members, BandMember(c.comment_id, c.author_id, c.ts, c.spam, c.signature), key=_order)
        newest = bucket.members[-1].ts
        horizon = newest - s.campaign_window_s - s.late_window_s
        members = [m for m in bucket.members if m.ts > horizon][-s.campaign_max_members :]
        bucket.members = members
        self._campaigns(members, c.tenant, s, out)
        store.put(key, bucket, newest + s.campaign_window_s + s.late_window_s)

    def _campaigns(self, members: list[BandMember], tenant: str, s: IntelSettings, out: Output) -> None:
        """Name every member that is in a campaign; report the ones whose name is new or earlier."""
        n = len(members)
        if n < 2:
            return
        sigs = _signatures(members)
        similar = (sigs[:, None, :] == sigs[None, :, :]).mean(axis=2) >= s.campaign_similarity
        ts = np.array([m.ts for m in members])
        similar &= np.abs(ts[:, None] - ts[None, :]) < s.campaign_window_s
        spammy = np.array([m.spam >= s.campaign_spam_bar for m in members])
        authors = [m.author_id for m in members]
        best: list[int | None] = [None] * n  # index of the earliest copy naming each member's campaign
        for z in range(n):
            group = np.flatnonzero(similar[z])
            big = len(group) >= s.campaign_min_size and len({authors[i] for i in group}) >= s.campaign_min_authors
            if not big:
                hot = group[spammy[group]]
                big = len(hot) >= s.campaign_spam_min_size and len(
                    {authors[i] for i in hot}
                ) >= s.campaign_spam_min_authors
                if big:
                    group = hot
            if not big:
                continue
            earliest = int(group.min())  # members are in (ts, comment id) order
            for i in group.tolist():
                known = best[i]
                if known is None or earliest < known:
                    best[i] = earliest
        grown = 0
        for i, first in enumerate(best):
            if first is None:
                continue
            head = members[first]
            m = members[i]
            name = (head.ts, head.comment_id)
            if m.first_id is None or name < (m.first_ts or 0.0, m.first_id):
                m.first_ts, m.first_id = name
                out.verdicts.append(CampaignVerdict(m.comment_id, tenant, m.author_id, head.ts, head.comment_id))
                grown += 1
        if grown:
            out.counts[("campaign-copies",)] += grown
