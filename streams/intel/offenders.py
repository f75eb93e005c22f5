"""Repeat offenders: a per-author score of recent flag and hide decisions that decays with time.

State: ``o|<tenant>|<author>`` -> ``{"s": score, "t": as_of, "c": [recent comment hashes]}``.
Only flag and hide decisions write; the decay is computed when read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from streams.contracts import Action
from streams.intel.model import Store, short_hash
from streams.intel.settings import IntelSettings
from streams.metrics.registry import ESCALATIONS

_RECENT = 8


def decayed(score: float, as_of: float, now: float, half_life_s: float) -> float:
    """``score`` recorded at ``as_of`` seen from ``now`` (no decay backwards in time)."""
    return score * 0.5 ** (max(0.0, now - as_of) / half_life_s)


STALE_SCORE = 1e-3
"""A decayed score below this is forgotten (the key is swept)."""


def offender_state_stale(state: dict[str, Any], now: float, s: IntelSettings) -> bool:
    """Whether an author's offence score has decayed to (practically) nothing."""
    return decayed(state["s"], state["t"], now, s.offender_half_life_s) < STALE_SCORE


class Offenders:
    """Reads and updates authors' offence scores; escalates borderline comments."""

    def __init__(self, store: Store, settings: Callable[[str], IntelSettings]) -> None:
        self.store = store
        self.settings = settings

    @staticmethod
    def _key(tenant: str, author_id: str) -> str:
        return f"o|{tenant}|{author_id}"

    def score(self, tenant: str, author_id: str, now: float) -> float:
        """The author's current (decayed) offence score."""
        state: dict[str, Any] | None = self.store.get(self._key(tenant, author_id))
        if not state:
            return 0.0
        return decayed(state["s"], state["t"], now, self.settings(tenant).offender_half_life_s)

    def escalate(
        self, tenant: str, author_id: str, action: Action, scores: Mapping[str, float], now: float
    ) -> Action:
        """The action for this author's comment: borderline allow -> flag, flag -> hide, by level."""
        s = self.settings(tenant)
        if not s.offenders_enabled or action == "hide":
            return action
        level = self.score(tenant, author_id, now)
        escalated: Action = action
        if action == "flag" and level >= s.offender_hide_at:
            escalated = "hide"
        elif action == "allow" and level >= s.offender_flag_at:
            borderline = max(scores.values(), default=0.0) >= s.offender_borderline
            if borderline:
                escalated = "flag"
        if escalated != action:
            ESCALATIONS.labels(from_action=action, to_action=escalated).inc()
        return escalated

    def record(self, tenant: str, author_id: str, comment_id: str, action: Action, now: float) -> None:
        """Add a flag or hide decision to the author's score (a redelivered comment counts once)."""
        s = self.settings(tenant)
        weight = {"flag": s.offender_flag_weight, "hide": s.offender_hide_weight}.get(action, 0.0)
        if not s.offenders_enabled or weight <= 0:
            return
        key = self._key(tenant, author_id)
        cid = short_hash(comment_id, 6)
        state: dict[str, Any] = self.store.get(key) or {"s": 0.0, "t": now, "c": []}
        if cid in state["c"]:
            return
        as_of = max(now, state["t"])
        current = decayed(state["s"], state["t"], as_of, s.offender_half_life_s)
        self.store[key] = {
            "s": round(current + weight, 6),
            "t": as_of,
            "c": [*state["c"], cid][-_RECENT:],
        }
