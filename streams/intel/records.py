"""Typed records of the stream rules: what travels between stages and what the stores hold.

Every record is a ``msgspec.Struct`` encoded as MessagePack (bytes stay bytes: a decision's JSON
bytes ride inside a record as they are, never as JSON text inside JSON). The same encoding is used
on the worker's internal topics and in its tables, and by the in-memory topology offline.

Time is *rule time*: the event's ``created_at`` in epoch seconds, clamped to at most
``max_future_s`` past the clock of the process that scored it (:func:`rule_time`), so an event
dated in the year 9999 cannot move any stage's clock.
"""

from __future__ import annotations

from typing import Any

import msgspec


class CommentRecord(msgspec.Struct, tag="c", array_like=True, frozen=True):
    """A moderated comment, as the author stage receives it (built where it was scored)."""

    comment_id: str
    thread_id: str
    author_id: str
    tenant: str
    ts: float
    """Rule time (clamped ``created_at``)."""
    action: str
    """The model's action."""
    peak: float
    """The model's highest label score (the repeat-offender borderline test)."""
    spam: float
    """The model's spam score (a high one lowers the campaign bar)."""
    digest: str | None
    """Identity of the text for the identical-repeat rule; None when too short to count."""
    signature: str | None
    """MinHash signature (hex) when the comment is a campaign candidate."""
    band_keys: tuple[str, ...]
    """The candidate's LSH band keys (empty when it is none)."""
    reasons: tuple[str, ...]
    """The model decision's reasons."""
    decision: bytes
    """The model's decision, JSON (published as it is when no rule changes it)."""


class ThreadVerdict(msgspec.Struct, tag="t", array_like=True, frozen=True):
    """The thread stage found that a comment's thread floods (sent back to the author stage)."""

    comment_id: str
    tenant: str
    author_id: str


class CampaignVerdict(msgspec.Struct, tag="k", array_like=True, frozen=True):
    """The band stage found a comment to be a copy in a campaign whose earliest copy is given."""

    comment_id: str
    tenant: str
    author_id: str
    first_ts: float
    first_id: str


class Overturned(msgspec.Struct, tag="o", array_like=True, frozen=True):
    """A moderator overturned a hide: the weight that comment added to its author's offence score goes
    (sent by the feedback join, ``streams.feedback``)."""

    comment_id: str
    tenant: str
    author_id: str
    decided_at: float
    """When the overturned decision was made (epoch s): its rule time, once the entry is folded."""
    counted_action: str
    """The action the comment counted towards the score with (before escalation, campaigns, thread floods)."""


AuthorMessage = CommentRecord | ThreadVerdict | CampaignVerdict | Overturned
"""What the author stage consumes: new comments, verdicts about comments it holds, and retractions."""


class ThreadTick(msgspec.Struct, array_like=True, frozen=True):
    """One comment, as the thread stage counts it."""

    comment_id: str
    tenant: str
    thread_id: str
    author_id: str
    ts: float


class Candidate(msgspec.Struct, array_like=True, frozen=True):
    """A campaign candidate on its way to some of its LSH buckets (``keys``)."""

    comment_id: str
    tenant: str
    author_id: str
    ts: float
    spam: float
    signature: str
    keys: tuple[str, ...]


# -- state ----------------------------------------------------------------------------------------


class AuthorEntry(msgspec.Struct, array_like=True):
    """One comment of an author, with what the author rules made of it."""

    comment_id: str
    ts: float
    digest: str | None
    model_action: str
    peak: float
    pre_action: str = "allow"
    """The action after the repeat and flood rules (what counts towards the offence score)."""
    action: str = "allow"
    """The action after every author rule."""
    rules: tuple[str, ...] = ()
    """The author rules that fired, in order."""
    overturned: bool = False
    """A moderator overturned this comment's hide: it adds nothing to the offence score."""


class AuthorState(msgspec.Struct, array_like=True):
    """An author's recent comments (rule-time order) and the offence score of older ones."""

    entries: list[AuthorEntry]
    folded_score: float = 0.0
    folded_at: float = 0.0
    retracted: list[str] = msgspec.field(default_factory=list)
    """Folded comments whose weight a moderator's overturn already took back (the last few)."""


class CommentState(msgspec.Struct, array_like=True):
    """What the author stage knows of one recent comment, and what it last published for it."""

    ts: float
    tenant: str
    author_id: str
    decision: bytes
    """The model's decision (the base every revision is built from)."""
    reasons: tuple[str, ...]
    """The model decision's reasons."""
    author_action: str
    author_rules: tuple[str, ...]
    flood: bool = False
    """Its thread floods (rule time)."""
    first_ts: float | None = None
    first_id: str | None = None
    """The earliest copy of the campaign it belongs to (rule time, comment id), if any."""
    candidate: bool = False
    published_action: str = "allow"
    published_rules: tuple[str, ...] = ()
    revision: int = 0


class ThreadEntry(msgspec.Struct, array_like=True):
    ts: float
    comment_id: str
    author_id: str
    flood: bool = False


class ThreadBucket(msgspec.Struct, array_like=True):
    """A thread's comments in one window-wide slice of rule time."""

    entries: list[ThreadEntry]


class BandMember(msgspec.Struct, array_like=True):
    comment_id: str
    author_id: str
    ts: float
    spam: float
    signature: str
    first_ts: float | None = None
    first_id: str | None = None
    """The earliest copy of the first-named campaign this copy belongs to in this bucket."""


class Bucket(msgspec.Struct, array_like=True):
    """An LSH bucket: recent candidate copies that share one band value."""

    members: list[BandMember]


_ENCODER = msgspec.msgpack.Encoder()
_BATCH = msgspec.msgpack.Decoder(list[bytes])
_AUTHOR: msgspec.msgpack.Decoder[AuthorMessage] = msgspec.msgpack.Decoder(AuthorMessage)
_THREAD = msgspec.msgpack.Decoder(ThreadTick)
_BAND = msgspec.msgpack.Decoder(Candidate)
_COMMENT = msgspec.msgpack.Decoder(CommentRecord)

DecodeError = (msgspec.DecodeError, msgspec.ValidationError)
"""What decoding a malformed record raises."""


def encode(value: Any) -> bytes:
    """MessagePack bytes of a record or a state value."""
    return _ENCODER.encode(value)


def encode_batch(records: list[bytes]) -> bytes:
    """One internal-topic message: a MessagePack array of encoded records, each kept as bytes so
    that a malformed one can be told apart from its batch-mates (see :func:`split_batch`)."""
    return _ENCODER.encode(records)


def split_batch(raw: bytes) -> list[bytes]:
    """The encoded records of one message; ``DecodeError`` when the message itself is unreadable."""
    return _BATCH.decode(raw)


def decode_author(raw: bytes) -> AuthorMessage:
    """One author-topic record; ``DecodeError`` when malformed."""
    message: AuthorMessage = _AUTHOR.decode(raw)
    return message


def decode_thread(raw: bytes) -> ThreadTick:
    return _THREAD.decode(raw)


def decode_band(raw: bytes) -> Candidate:
    return _BAND.decode(raw)


def decode_comment(raw: bytes) -> CommentRecord:
    return _COMMENT.decode(raw)


def salvage_decision(raw: bytes) -> tuple[str, str, bytes] | None:
    """From a comment record too damaged to decode as one: (comment id, tenant, decision bytes), if
    its first fields and its decision are still there."""
    try:
        value = msgspec.msgpack.decode(raw)
    except DecodeError:
        return None
    if (
        isinstance(value, list)
        and len(value) > 4
        and value[0] == "c"
        and isinstance(value[1], str)
        and isinstance(value[-1], bytes)
    ):
        tenant = value[4] if isinstance(value[4], str) else "default"
        return value[1], tenant, value[-1]
    return None


def decoder(kind: type[Any]) -> msgspec.msgpack.Decoder[Any]:
    """A decoder for one state type."""
    return msgspec.msgpack.Decoder(kind)
