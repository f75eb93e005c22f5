"""``AuthorInput``: what the author stage reads of one moderated comment.

The identical-repeat digest and the campaign fingerprint depend only on the comment and its
tenant's settings, not on any state, so they are computed where the comment is scored (in the
worker's model process, off the event loop) and travel in the author record instead of the text.
Offline, :meth:`AuthorInput.of` computes them in place with the same function.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from streams.contracts import Action
from streams.intel.campaigns import is_candidate
from streams.intel.fingerprint import fingerprinter
from streams.intel.floods import repeat_key
from streams.intel.model import ModeratedLike, event_time
from streams.intel.settings import IntelSettings


@dataclass(frozen=True, slots=True)
class CommentFacts:
    """Stateless facts about a comment that the author rules use."""

    repeat_digest: str | None
    """:func:`~streams.intel.floods.repeat_key` of the text; None when too short to be a repeat."""
    signature: str | None
    """MinHash signature (hex) when the comment is a campaign candidate, else None."""
    band_keys: tuple[str, ...] = ()
    """The candidate's LSH band keys (empty when it is none)."""


def comment_facts(moderated: ModeratedLike, s: IntelSettings) -> CommentFacts:
    """The repeat digest and, for a campaign candidate, its fingerprint."""
    event, norm = moderated.event, moderated.normalized
    body = " ".join(norm.text.split())
    digest = repeat_key(body) if len(body) >= s.repeat_min_chars else None
    if not is_candidate(norm, moderated.decision, s):
        return CommentFacts(repeat_digest=digest, signature=None)
    names = [event.author_name] if event.author_name else []
    fp = fingerprinter(s.campaign_bands, s.campaign_rows, s.campaign_shingle_chars, s.campaign_signature)
    print_ = fp.fingerprint(norm.text, names)
    return CommentFacts(
        repeat_digest=digest, signature=print_.hex(), band_keys=tuple(print_.band_keys(event.tenant))
    )


@dataclass(frozen=True, slots=True)
class AuthorInput:
    """One comment as the author stage sees it, with the model's decision as JSON text and parsed."""

    comment_id: str
    thread_id: str
    author_id: str
    tenant: str
    ts: float
    decision_text: str
    """The model's decision, serialised (published as is when the author rules leave it alone)."""
    decision: Mapping[str, Any]
    """The same decision parsed (what the rules read: action and scores)."""
    facts: CommentFacts

    @property
    def action(self) -> Action:
        """The model's action."""
        action: Action = self.decision["action"]
        return action

    @property
    def scores(self) -> Mapping[str, float]:
        """The model's scores per label."""
        scores: Mapping[str, float] = self.decision["scores"]
        return scores

    @classmethod
    def of(cls, moderated: ModeratedLike, s: IntelSettings) -> AuthorInput:
        """Build it from a moderated comment (computing the facts here)."""
        event = moderated.event
        text = moderated.decision.model_dump_json()
        return cls(
            comment_id=event.comment_id,
            thread_id=event.thread_id,
            author_id=event.author_id,
            tenant=event.tenant,
            ts=event_time(event),
            decision_text=text,
            decision=json.loads(text),
            facts=comment_facts(moderated, s),
        )
