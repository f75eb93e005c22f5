"""The author-topic record of one moderated comment: its stateless facts, computed where it is scored.

The identical-repeat digest and the campaign fingerprint depend only on the comment and its
tenant's settings, so they are computed in the worker's model process (off the event loop), and
the record carries them instead of the text. ``modstream classify`` builds the same record with
the same function.
"""

from __future__ import annotations

import time

from streams.intel.campaigns import is_candidate
from streams.intel.fingerprint import fingerprinter
from streams.intel.model import ModeratedLike, event_time, short_hash
from streams.intel.records import CommentRecord
from streams.intel.settings import IntelSettings


def repeat_key(text: str) -> str:
    """Identity of a text for the identical-repeat rule (case and whitespace folded)."""
    return short_hash(" ".join(text.split()).casefold(), 8)


def rule_time(created_at: float, s: IntelSettings, now: float | None = None) -> float:
    """The rules' clock for an event: its ``created_at``, but never more than ``max_future_s`` past ``now``."""
    limit = (time.time() if now is None else now) + s.max_future_s
    return min(created_at, limit)


def comment_record(
    moderated: ModeratedLike, decision: bytes, s: IntelSettings, now: float | None = None
) -> CommentRecord:
    """``moderated`` as the author stage's input; ``decision`` is its decision, encoded once."""
    event, norm, model = moderated.event, moderated.normalized, moderated.decision
    body = " ".join(norm.text.split())
    digest = repeat_key(body) if len(body) >= s.repeat_min_chars else None
    signature: str | None = None
    band_keys: tuple[str, ...] = ()
    if is_candidate(norm, model, s):
        names = [event.author_name] if event.author_name else []
        fp = fingerprinter(s.campaign_bands, s.campaign_rows, s.campaign_shingle_chars, s.campaign_signature)
        print_ = fp.fingerprint(norm.text, names)
        signature, band_keys = print_.hex(), tuple(print_.band_keys(event.tenant))
    return CommentRecord(
        comment_id=event.comment_id,
        thread_id=event.thread_id,
        author_id=event.author_id,
        tenant=event.tenant,
        ts=rule_time(event_time(event), s, now),
        action=model.action,
        peak=max(model.scores.values(), default=0.0),
        spam=model.scores.get("spam", 0.0),
        digest=digest,
        signature=signature,
        band_keys=band_keys,
        reasons=tuple(model.reasons),
        decision=decision,
    )
