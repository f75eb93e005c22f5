"""The author stage: per-author rules, and the one place that publishes each comment's decisions.

Keyed by ``tenant|author``. Its store holds, per author, the recent comments in rule-time order
(``a|<tenant>|<author>`` -> :class:`AuthorState`) and, per recent comment, its model decision and
what was last published for it (``c|<comment id>`` -> :class:`CommentState`).

The author rules, for comment *i* of an author, look only at the author's comments *before* it in
(rule time, comment id) order -- never at arrival order, never at the comment itself:

* identical repeat: an earlier comment with the same text digest within ``repeat_window_s`` -> hide;
* author flood: ``flood_author_max`` or more earlier comments within ``flood_author_window_s`` -> flag;
* repeat offender: the decayed sum of earlier comments' flag/hide weights (after the two rules
  above) escalates a borderline allow to flag (``offender_flag_at``) and a flag to hide (``offender_hide_at``).

A comment that arrives after later ones of the same author is slotted in, and the later ones are
decided again; any that change get a new revision. Every comment's published decision is
``combine(author verdict, thread flood, campaign)``; a new record is published only when that
changes, with the next revision number. A comment seen again (a redelivery) changes nothing here,
re-publishes its current decision unchanged and sends its thread tick and campaign candidate again
(those stages skip a comment they hold already).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable

from streams.contracts import ACTION_RANK, Decision, utc_now
from streams.intel.campaigns import campaign_id
from streams.intel.exceptions import IntelStateError
from streams.intel.model import REASON_CAMPAIGN, REASON_ESCALATION, REASON_FLOOD, REASON_REPEAT
from streams.intel.outcome import Output, Published
from streams.intel.records import (
    AuthorEntry,
    AuthorMessage,
    AuthorState,
    CampaignVerdict,
    Candidate,
    CommentRecord,
    CommentState,
    Overturned,
    ThreadTick,
    ThreadVerdict,
    decoder,
)
from streams.intel.settings import IntelSettings
from streams.intel.state import StateStore

STALE_SCORE = 1e-3
"""A folded offence score that has decayed below this is forgotten."""

_AUTHOR_STATE = decoder(AuthorState)
_COMMENT_STATE = decoder(CommentState)


def decayed(score: float, as_of: float, now: float, half_life_s: float) -> float:
    """``score`` recorded at ``as_of`` seen from ``now`` (no decay backwards in time)."""
    return score * 0.5 ** (max(0.0, now - as_of) / half_life_s)


def _stricter(a: str, b: str) -> str:
    return a if ACTION_RANK[a] >= ACTION_RANK[b] else b


def _weight(action: str, s: IntelSettings) -> float:
    return {"flag": s.offender_flag_weight, "hide": s.offender_hide_weight}.get(action, 0.0)


def _entry_weight(entry: AuthorEntry, s: IntelSettings) -> float:
    return 0.0 if entry.overturned else _weight(entry.pre_action, s)


_RETRACTED_KEPT = 16


def author_key(tenant: str, author_id: str) -> str:
    return f"a|{tenant}|{author_id}"


def comment_key(comment_id: str) -> str:
    return f"c|{comment_id}"


def combine(state: CommentState) -> tuple[str, tuple[str, ...]]:
    """A comment's action and rule reasons from everything known of it: campaign > thread flood > author."""
    if state.first_id is not None:
        return "hide", (f"{REASON_CAMPAIGN}:{campaign_id(state.tenant, state.first_id)}", *state.author_rules)
    if state.flood and state.author_action == "allow":
        return "flag", (REASON_FLOOD,)
    return state.author_action, state.author_rules


def _document(state: CommentState, action: str, rules: tuple[str, ...], revision: int) -> tuple[bytes, tuple[str, ...]]:
    """The decision record: the model's decision with the rules' action, reasons first, and revision."""
    if not rules and revision == 0:
        return state.decision, state.reasons
    try:
        base = Decision.model_validate_json(state.decision)
    except ValueError as exc:
        raise IntelStateError(f"unreadable model decision in comment state: {exc}") from None
    reasons = list(dict.fromkeys([*rules, *base.reasons]))
    revised = base.model_copy(
        update={"action": action, "reasons": reasons, "revision": revision, "decided_at": utc_now()}
    )
    return revised.model_dump_json().encode(), tuple(reasons)


class AuthorStage:
    """The author rules and the publishing of decisions, over one partition's store."""

    def __init__(self, settings: Callable[[str], IntelSettings]) -> None:
        self.settings = settings

    # -- retention ----------------------------------------------------------------------------

    def expiry_of(self, key: str, raw: bytes) -> float:
        """Until when (rule time) the value under ``key`` can matter."""
        if key.startswith("c|"):
            comment = _COMMENT_STATE.decode(raw)
            return self._comment_expiry(comment, self.settings(comment.tenant))
        tenant = key.split("|", 2)[1]
        return self._author_expiry(_AUTHOR_STATE.decode(raw), self.settings(tenant))

    @staticmethod
    def _horizon(s: IntelSettings) -> float:
        return max(s.repeat_window_s, s.flood_author_window_s)

    def _comment_expiry(self, comment: CommentState, s: IntelSettings) -> float:
        rules = s.campaign_window_s if comment.candidate else max(self._horizon(s), s.flood_thread_window_s)
        return comment.ts + rules + s.late_window_s

    def _author_expiry(self, state: AuthorState, s: IntelSettings) -> float:
        newest = state.entries[-1].ts if state.entries else state.folded_at
        expires = newest + self._horizon(s) + s.late_window_s
        if state.folded_score > STALE_SCORE:  # until the folded score decays below STALE_SCORE
            expires = max(expires, state.folded_at + s.offender_half_life_s * _log2(state.folded_score / STALE_SCORE))
        return expires

    # -- inputs -------------------------------------------------------------------------------

    def handle(self, store: StateStore, message: AuthorMessage, out: Output) -> None:
        """Apply one author-topic record."""
        if isinstance(message, CommentRecord):
            self.on_comment(store, message, out)
        elif isinstance(message, ThreadVerdict):
            self._update(store, message.comment_id, out, "flood", flood=True)
        elif isinstance(message, Overturned):
            self.on_overturned(store, message, out)
        else:
            self.on_campaign(store, message, out)

    def on_comment(self, store: StateStore, record: CommentRecord, out: Output) -> None:
        s = self.settings(record.tenant)
        ckey = comment_key(record.comment_id)
        known = store.get(ckey, CommentState)
        if known is not None:  # redelivered: its current decision again, nothing counted twice here
            action, rules = known.published_action, known.published_rules
            value, reasons = _document(known, action, rules, known.revision)
            out.published.append(Published(record.comment_id, record.tenant, known.revision, action, reasons, value,
                                           cause="redelivery"))
            # and its thread tick and campaign candidate again: those stages skip a comment they hold
            # already, and a worker that applies them where they arise (streams/worker/intel_agents.py)
            # may have lost their state in a crash while this stage's state survived
            self._downstream(record, out)
            return
        akey = author_key(record.tenant, record.author_id)
        state = store.get(akey, AuthorState) or AuthorState(entries=[])
        entry = AuthorEntry(record.comment_id, record.ts, record.digest, record.action, record.peak)
        order = [(e.ts, e.comment_id) for e in state.entries]
        if (record.ts, record.comment_id) in order:  # its comment state expired, the entry did not
            return
        insort(state.entries, entry, key=lambda e: (e.ts, e.comment_id))
        position = state.entries.index(entry)
        changed = self._decide_from(state, position, s, out)
        self._fold(state, s)
        store.put(akey, state, self._author_expiry(state, s))

        comment = CommentState(
            ts=record.ts,
            tenant=record.tenant,
            author_id=record.author_id,
            decision=record.decision,
            reasons=record.reasons,
            author_action=entry.action,
            author_rules=entry.rules,
            candidate=record.signature is not None,
        )
        action, rules = combine(comment)
        value, reasons = _document(comment, action, rules, 0)
        comment.published_action, comment.published_rules = action, rules
        store.put(ckey, comment, self._comment_expiry(comment, s))
        out.published.append(Published(record.comment_id, record.tenant, 0, action, reasons, value))
        self._downstream(record, out)
        for later in changed:
            if later.comment_id != record.comment_id:
                self._update(store, later.comment_id, out, later.rules[-1] if later.rules else "author",
                             author=(later.action, later.rules))

    @staticmethod
    def _downstream(record: CommentRecord, out: Output) -> None:
        """The comment's thread tick and, for a campaign candidate, its band record."""
        out.threads.append(ThreadTick(record.comment_id, record.tenant, record.thread_id, record.author_id, record.ts))
        if record.signature is not None:
            out.candidates.append(
                Candidate(record.comment_id, record.tenant, record.author_id, record.ts, record.spam,
                          record.signature, record.band_keys)
            )

    def on_overturned(self, store: StateStore, message: Overturned, out: Output) -> None:
        """Take back the offence weight of a comment whose hide a moderator overturned: a recent one
        stops counting (and later comments it escalated are decided again, revised if they change);
        a folded one's decayed weight leaves the folded score. Once per comment."""
        s = self.settings(message.tenant)
        akey = author_key(message.tenant, message.author_id)
        state = store.get(akey, AuthorState)
        if state is None:  # the author's state expired: nothing left to take back
            out.counts[("retraction", "expired")] += 1
            return
        position = next((i for i, e in enumerate(state.entries) if e.comment_id == message.comment_id), None)
        changed: list[AuthorEntry] = []
        if position is not None:
            entry = state.entries[position]
            if entry.overturned:
                return
            entry.overturned = True
            if position + 1 < len(state.entries):
                changed = self._decide_from(state, position + 1, s, Output())  # counted once already
        else:
            if message.comment_id in state.retracted:
                return
            weight = _weight(message.counted_action, s)
            if weight > 0 and state.folded_score > 0:
                hl = s.offender_half_life_s
                as_of = max(state.folded_at, message.decided_at)
                left = decayed(state.folded_score, state.folded_at, as_of, hl) - decayed(
                    weight, message.decided_at, as_of, hl
                )
                state.folded_score, state.folded_at = round(max(0.0, left), 9), as_of
            state.retracted = [*state.retracted, message.comment_id][-_RETRACTED_KEPT:]
        out.counts[("retraction", "recent" if position is not None else "folded")] += 1
        store.put(akey, state, self._author_expiry(state, s))
        for later in changed:
            self._update(store, later.comment_id, out, "retraction", author=(later.action, later.rules))

    def on_campaign(self, store: StateStore, verdict: CampaignVerdict, out: Output) -> None:
        self._update(store, verdict.comment_id, out, REASON_CAMPAIGN, campaign=(verdict.first_ts, verdict.first_id))

    # -- the rules ----------------------------------------------------------------------------

    def _decide_from(self, state: AuthorState, start: int, s: IntelSettings, out: Output) -> list[AuthorEntry]:
        """Decide entries ``start..`` again from the ones before them; those whose verdict changed."""
        entries = state.entries
        changed: list[AuthorEntry] = []
        for i in range(start, len(entries)):
            entry = entries[i]
            before = (entry.pre_action, entry.action, entry.rules)
            self._decide(state, i, s, out if i == start else None)
            if i == start or (entry.pre_action, entry.action, entry.rules) != before:
                changed.append(entry)
        return changed

    def _decide(self, state: AuthorState, i: int, s: IntelSettings, out: Output | None) -> None:
        entry = state.entries[i]
        earlier = state.entries[:i]
        now = entry.ts
        action = entry.model_action
        rules: list[str] = []
        if s.floods_enabled:
            if entry.digest is not None and any(
                e.digest == entry.digest and e.ts > now - s.repeat_window_s for e in earlier
            ):
                action = _stricter(action, "hide")
                rules.append(REASON_REPEAT)
            recent = sum(1 for e in earlier if e.ts > now - s.flood_author_window_s)
            if recent + 1 > s.flood_author_max:
                action = _stricter(action, "flag")
                rules.append(REASON_FLOOD)
                if out is not None:
                    out.counts[("flood", "author")] += 1
        entry.pre_action = action
        escalated = self._escalate(state, i, s)
        if ACTION_RANK[escalated] > ACTION_RANK[action]:
            if out is not None:
                out.counts[("escalation", entry.model_action, escalated)] += 1
            action = escalated
            rules.append(REASON_ESCALATION)
        entry.action, entry.rules = action, tuple(rules)

    def _escalate(self, state: AuthorState, i: int, s: IntelSettings) -> str:
        entry = state.entries[i]
        model = entry.model_action
        if not s.offenders_enabled or model == "hide":
            return model
        now = entry.ts
        hl = s.offender_half_life_s
        level = decayed(state.folded_score, state.folded_at, now, hl) + sum(
            decayed(_entry_weight(e, s), e.ts, now, hl) for e in state.entries[:i]
        )
        if model == "flag" and level >= s.offender_hide_at:
            return "hide"
        if model == "allow" and level >= s.offender_flag_at and entry.peak >= s.offender_borderline:
            return "flag"
        return model

    def _fold(self, state: AuthorState, s: IntelSettings) -> None:
        """Fold entries too old to be reordered (or beyond the per-author cap) into the offence score."""
        newest = state.entries[-1].ts
        horizon = newest - self._horizon(s) - s.late_window_s
        keep_from = max(0, len(state.entries) - s.repeat_max_tracked)
        while state.entries and (state.entries[0].ts <= horizon or keep_from > 0):
            old = state.entries.pop(0)
            keep_from -= 1
            weight = _entry_weight(old, s)
            if weight > 0:
                as_of = max(state.folded_at, old.ts)
                state.folded_score = round(
                    decayed(state.folded_score, state.folded_at, as_of, s.offender_half_life_s)
                    + decayed(weight, old.ts, as_of, s.offender_half_life_s),
                    9,
                )
                state.folded_at = as_of

    # -- publishing ---------------------------------------------------------------------------

    def _update(
        self,
        store: StateStore,
        comment_id: str,
        out: Output,
        cause: str,
        *,
        author: tuple[str, tuple[str, ...]] | None = None,
        flood: bool = False,
        campaign: tuple[float, str] | None = None,
    ) -> None:
        """Merge new knowledge about a comment; publish the next revision if its decision changed."""
        key = comment_key(comment_id)
        comment = store.get(key, CommentState)
        if comment is None:  # expired (or never seen here): nothing left to revise
            out.counts[("unknown-comment", cause)] += 1
            return
        if author is not None:
            comment.author_action, comment.author_rules = author
        if flood:
            comment.flood = True
        if campaign is not None and (
            comment.first_id is None or campaign < (comment.first_ts or 0.0, comment.first_id)
        ):
            comment.first_ts, comment.first_id = campaign
        action, rules = combine(comment)
        tenant = comment.tenant
        if (action, rules) != (comment.published_action, comment.published_rules):
            previous = comment.published_action
            comment.revision += 1
            comment.published_action, comment.published_rules = action, rules
            value, reasons = _document(comment, action, rules, comment.revision)
            out.published.append(
                Published(comment_id, tenant, comment.revision, action, reasons, value, previous, cause.split(":")[0])
            )
        store.put(key, comment, self._comment_expiry(comment, self.settings(tenant)))


def _log2(x: float) -> float:
    import math

    return math.log2(x) if x > 1 else 0.0
