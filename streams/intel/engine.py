"""``IntelEngine``: the three rule families composed in stream order, over any key-value stores.

The worker runs the stages on different agents (author-, thread- and band-keyed topics); the
offline path (``modstream classify``) calls :meth:`IntelEngine.process` per comment in input order
and gets the same decisions the stream converges to: each stage builds its revision from the
revision-0 decision, with the precedence documented in :mod:`streams.intel.model`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from streams.contracts import ACTION_RANK, Action, Decision
from streams.intel.author_input import AuthorInput
from streams.intel.campaigns import (
    CampaignCandidate,
    CampaignDetector,
    bucket_stale,
    bucket_tenant,
    decision_stale,
)
from streams.intel.exceptions import IntelStateError
from streams.intel.floods import AuthorFloods, ThreadFloods, author_state_stale, thread_state_stale
from streams.intel.model import (
    REASON_ESCALATION,
    REASON_FLOOD,
    REASON_REPEAT,
    REVISION_BASE,
    REVISION_THREAD_FLOOD,
    ModeratedLike,
    Store,
    event_time,
    revise,
)
from streams.intel.offenders import Offenders, offender_state_stale
from streams.intel.settings import IntelSettings, IntelSource, TenantSettings

_EMITTED_MEMORY = 100_000
_AUTHOR_OR_THREAD: dict[str, Callable[[dict[str, Any], float, IntelSettings], bool]] = {
    "o": offender_state_stale,
    "a": author_state_stale,
    "t": thread_state_stale,
}


@dataclass(frozen=True, slots=True)
class AuthorOutcome:
    """The author stage's result: the revision-0 decision if the rules changed the model's, and
    maybe a campaign candidate."""

    revised: Decision | None
    """The model's decision revised by the author rules; None when they left it as it was."""
    ts: float
    candidate: CampaignCandidate | None


@dataclass(frozen=True, slots=True)
class IntelResult:
    """This comment's decision after every rule, plus revised decisions of earlier comments."""

    decision: Decision
    revisions: list[Decision] = field(default_factory=list)


def _stricter(a: Action, b: Action) -> Action:
    return a if ACTION_RANK[a] >= ACTION_RANK[b] else b


class IntelEngine:
    """Stateful rules over ``MutableMapping`` stores (dicts by default, Faust tables in the worker).

    ``author_store`` is partitioned by author, ``thread_store`` by thread and ``campaign_store`` by
    LSH band key; offline they may all be one dict (their key prefixes never collide).
    """

    def __init__(
        self,
        policy: IntelSource | None = None,
        *,
        author_store: Store | None = None,
        thread_store: Store | None = None,
        campaign_store: Store | None = None,
    ) -> None:
        self.settings = TenantSettings(policy)
        self.settings("default")  # fail fast on an invalid intel section
        self.author_store: Store = author_store if author_store is not None else {}
        self.thread_store: Store = thread_store if thread_store is not None else {}
        self.campaign_store: Store = campaign_store if campaign_store is not None else {}
        self.offenders = Offenders(self.author_store, self.settings)
        self.author_floods = AuthorFloods(self.author_store, self.settings)
        self.thread_floods = ThreadFloods(self.thread_store, self.settings)
        self.campaigns = CampaignDetector(self.campaign_store, self.settings)
        self._emitted: OrderedDict[str, tuple[str, tuple[str, ...], int]] = OrderedDict()

    def tenant_settings(self, tenant: str) -> IntelSettings:
        """The validated settings in force for ``tenant``."""
        return self.settings(tenant)

    # -- stages (one per partitioning in the worker) -------------------------------------------

    def author_stage(self, item: AuthorInput) -> AuthorOutcome:
        """Revision 0: escalation, identical repeats, author floods; and the campaign candidate."""
        now, tenant, author = item.ts, item.tenant, item.author_id
        model_action = item.action
        escalated = self.offenders.escalate(tenant, author, model_action, item.scores, now)
        verdict = self.author_floods.observe(tenant, author, item.comment_id, item.facts.repeat_digest, now)
        action: Action = model_action
        reasons: list[str] = []
        if verdict.repeat:
            action = _stricter(action, "hide")
            reasons.append(REASON_REPEAT)
        if verdict.flood:
            action = _stricter(action, "flag")
            reasons.append(REASON_FLOOD)
        self.offenders.record(tenant, author, item.comment_id, action, now)
        if ACTION_RANK[escalated] > ACTION_RANK[action]:
            action = escalated
            reasons.append(REASON_ESCALATION)

        revised = None
        if reasons:
            try:
                base = Decision.model_validate(item.decision)
            except ValidationError as exc:
                raise IntelStateError(f"unreadable model decision: {exc}") from None
            revised = revise(base, action=action, reasons=reasons, revision=REVISION_BASE)

        candidate = None
        facts = item.facts
        if facts.signature is not None:
            candidate = CampaignCandidate(
                tenant=tenant,
                comment_id=item.comment_id,
                author_id=author,
                ts=now,
                signature=facts.signature,
                band_keys=list(facts.band_keys),
                decision=revised.model_dump_json() if revised is not None else item.decision_text,
            )
        return AuthorOutcome(revised=revised, ts=now, candidate=candidate)

    def thread_stage(
        self, tenant: str, thread_id: str, comment_id: str, ts: float, base: Decision | None
    ) -> Decision | None:
        """Revision 1: flag an allowed comment (``base``, if it was allowed) whose thread floods."""
        flood = self.thread_floods.observe(tenant, thread_id, comment_id, ts)
        if not flood or base is None or base.action != "allow":
            return None
        return self.flood_revision(base)

    @staticmethod
    def flood_revision(base: Decision) -> Decision:
        """The revision-1 flag of an allowed comment in a flooding thread."""
        return revise(base, action="flag", reasons=[REASON_FLOOD], revision=REVISION_THREAD_FLOOD)

    def campaign_stage(self, candidate: CampaignCandidate, band_key: str, scope: str = "") -> list[Decision]:
        """Revision 2: campaign hides caused by ``candidate`` arriving in one LSH bucket.

        ``scope`` names the store partition (decisions are kept once per scope).
        """
        return self.campaigns.observe(candidate, band_key, scope)

    # -- the offline path ------------------------------------------------------------------------

    def process(self, moderated: ModeratedLike) -> IntelResult:
        """All stages for one comment, in the order the stream applies them."""
        event = moderated.event
        outcome = self.author_stage(AuthorInput.of(moderated, self.settings(event.tenant)))
        current = outcome.revised if outcome.revised is not None else moderated.decision
        base = current if current.action == "allow" else None
        flooded = self.thread_stage(event.tenant, event.thread_id, event.comment_id, outcome.ts, base)
        if flooded is not None:
            current = flooded
        revisions: list[Decision] = []
        if outcome.candidate is not None:
            for key in outcome.candidate.band_keys:
                for hide in self.campaign_stage(outcome.candidate, key):
                    if hide.comment_id == event.comment_id:
                        current = hide
                    elif self._is_new(hide):
                        revisions.append(hide)
        self._is_new(current)
        return IntelResult(decision=current, revisions=revisions)

    def run(self, items: Iterable[ModeratedLike], sweep_every: int = 10_000) -> Iterator[Decision]:
        """Offline, in input order: each comment's decision, then the revisions it caused.

        Every ``sweep_every`` comments, state that can no longer matter is dropped (bounded memory).
        """
        watermark = float("-inf")
        for n, item in enumerate(items, start=1):
            result = self.process(item)
            watermark = max(watermark, event_time(item.event))
            yield result.decision
            yield from result.revisions
            if n % sweep_every == 0:
                for store in (self.author_store, self.thread_store, self.campaign_store):
                    self.sweep(store, watermark)

    # -- housekeeping ----------------------------------------------------------------------------

    def is_stale(self, key: str, value: Any, now: float) -> bool:
        """Whether the state under ``key`` can no longer affect a decision at event time ``now``."""
        if key[1:2] == "|" and key[:1] in _AUTHOR_OR_THREAD:
            tenant = key[2:].split("|", 1)[0]
            return _AUTHOR_OR_THREAD[key[:1]](value, now, self.settings(tenant))
        if key.startswith("d|"):
            return decision_stale(value, now, self.settings(value.get("tn", "default")))
        return bucket_stale(value, now, self.settings(bucket_tenant(key)))

    def sweep(self, store: Store, now: float, keys: Iterable[str] | None = None) -> int:
        """Delete stale state from ``store`` (all keys, or only ``keys``); how many went."""
        candidates = list(store) if keys is None else list(keys)
        doomed = [k for k in candidates if k in store and self.is_stale(k, store[k], now)]
        for key in doomed:
            del store[key]
        return len(doomed)

    def _is_new(self, decision: Decision) -> bool:
        """False for an exact repeat of the last revision emitted for that comment."""
        signature = (decision.action, tuple(decision.reasons), decision.revision)
        if self._emitted.get(decision.comment_id) == signature:
            return False
        self._emitted[decision.comment_id] = signature
        self._emitted.move_to_end(decision.comment_id)
        while len(self._emitted) > _EMITTED_MEMORY:
            self._emitted.popitem(last=False)
        return True
