"""Join moderators' verdicts to the decisions they concern, by comment id, with bounded retention.

State lives in any ``MutableMapping`` (a dict offline, a Faust table in the worker), two kinds of key:

- ``d|<comment id>``: an actioned decision (flag or hide; allowed comments are not kept) ->
  ``{"a": action, "l": [labels], "tn": tenant, "au": author, "m": model, "pv": policy, "r": revision,
  "t": decided_at (epoch s), "j": signature of the verdict already counted, "p": partition}``
- ``f|<comment id>``: a verdict that arrived before its decision (or concerns an allowed comment) ->
  ``{"v": verdict, "vl": labels, "tn": tenant, "mo": moderator, "t": arrival (epoch s), "p": partition}``

Decisions older than the retention and verdicts that waited longer than ``wait_s`` are swept; a
verdict swept without a decision counts as *unmatched* (the comment was allowed, or its decision is
older than the retention).

**Bounded.** With ``max_keys`` a partition holds at most that many keys of this join (decisions and
waiting verdicts together): each write beyond it evicts the partition's oldest key first (in the order
written; a later revision or a changed waiting verdict counts as new). An evicted verdict is unmatched,
as if its wait had ended; an evicted decision is as if past its retention. Evictions happen inside the
write of the same partition, so a Faust table deletes on the right changelog partition. The order is
kept in memory beside the store and rebuilt from the store (by time) after :meth:`FeedbackJoin.reindex`
(a rebalance, a restore). Repeated strings (action, tenant, model and policy versions, labels) are
interned, so a kept decision costs about 0.9 KB in a dict store (docs/reliability.md).

What counts as right: ``reject`` says the comment should go, ``approve`` that it is fine,
``relabel`` names the labels that apply (an empty list: none apply, i.e. fine). A flag or hide is
*confirmed* when the verdict says the comment should go, otherwise *overturned*. Per label, a label
that earned the action is confirmed when the comment should go and the moderator named no labels
or named that one. A verdict counts once per comment (a redelivered one is ignored); a changed
verdict for the same comment counts again.
"""

from __future__ import annotations

import sys
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from streams.contracts import FeedbackEvent

DEFAULT_RETENTION_S = 7 * 24 * 3600.0
DEFAULT_WAIT_S = 3600.0
RULE_REASONS = frozenset({"campaign", "author-escalation", "flood", "identical-repeat"})
"""Stream-rule reason codes; they count as labels of their own (``rule:<code>``)."""

Store = MutableMapping[str, Any]


def earned_labels(reasons: Iterable[str]) -> list[str]:
    """The labels (and stream rules) behind a flag or hide: ``toxicity:hide`` -> ``toxicity``,
    ``campaign:<id>`` -> ``rule:campaign``."""
    out: list[str] = []
    for reason in reasons:
        label, _, earned = reason.partition(":")
        if earned in ("flag", "hide"):
            out.append(label)
        elif label in RULE_REASONS:
            out.append(f"rule:{label}")
    return list(dict.fromkeys(out))


def counted_action(reasons: Iterable[str]) -> str:
    """What a published decision added to its author's offence score, as the author stage counts it
    (its ``pre_action``): the model's action raised by the identical-repeat (hide) and author-flood
    (flag) rules; an escalation or a campaign adds nothing of its own."""
    reasons = list(reasons)
    earned = {reason.partition(":")[2] for reason in reasons}
    if "hide" in earned or "identical-repeat" in reasons:
        return "hide"
    if "flag" in earned or "flood" in reasons:
        return "flag"
    return "allow"


def should_go(verdict: str, labels: Iterable[str]) -> bool:
    """Whether a verdict says the comment should be taken down (reject, or relabel with labels)."""
    return verdict == "reject" or (verdict == "relabel" and any(True for _ in labels))


@dataclass(frozen=True, slots=True)
class Joined:
    """One verdict matched to the actioned decision it concerns."""

    comment_id: str
    tenant: str
    author_id: str
    action: str
    labels: tuple[str, ...]
    model_version: str
    policy_version: str
    decided_at: float
    verdict: str
    verdict_labels: tuple[str, ...]
    counted_action: str = "allow"
    """What the decision added to its author's offence score (:func:`counted_action`)."""

    @property
    def confirmed(self) -> bool:
        """The moderator agrees the comment should be flagged or hidden."""
        return should_go(self.verdict, self.verdict_labels)

    @property
    def overturned_hide(self) -> bool:
        """A hide the moderator reversed (the comment was fine)."""
        return self.action == "hide" and not self.confirmed

    def label_outcomes(self) -> list[tuple[str, bool]]:
        """``(label, confirmed)`` for each label that earned the action."""
        go = self.confirmed
        named = set(self.verdict_labels)
        return [(label, go and (not named or label in named or label.startswith("rule:"))) for label in self.labels]


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A verdict whose comment had no actioned decision within the retention."""

    comment_id: str
    tenant: str
    verdict: str
    verdict_labels: tuple[str, ...]


def _signature(verdict: str, labels: Iterable[str], moderator: str | None) -> str:
    return "|".join([verdict, ",".join(sorted(labels)), moderator or ""])


def _intern(value: Any) -> Any:
    """The one shared copy of a repeated string (tenant, action, versions, labels); other values as given."""
    return sys.intern(value) if type(value) is str else value


_SHARED = ("a", "tn", "m", "pv", "w", "v")
_SHARED_LISTS = ("l", "vl")


def _share_strings(entry: Any) -> None:
    """Intern an entry's repeated strings in place (the same values, less memory)."""
    if not isinstance(entry, dict):
        return
    for name in _SHARED:
        if name in entry:
            entry[name] = _intern(entry[name])
    for name in _SHARED_LISTS:
        if isinstance(entry.get(name), list):
            entry[name] = [_intern(item) for item in entry[name]]


class FeedbackJoin:
    """Matches decisions and verdicts arriving in any order; pure (no I/O, time passed in)."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        retention_s: float = DEFAULT_RETENTION_S,
        wait_s: float = DEFAULT_WAIT_S,
        prefixes: tuple[str, str] = ("d", "f"),
        max_keys: int | None = None,
    ) -> None:
        if max_keys is not None and max_keys < 1:
            raise ValueError(f"max_keys must be at least 1, not {max_keys}")
        self.store: Store = store if store is not None else {}
        self.retention_s = retention_s
        self.wait_s = wait_s
        self.d, self.f = (f"{p}|" for p in prefixes)
        """Key prefixes of decisions and of waiting verdicts (another pair shares a store, e.g. the
        shadow's decisions as ``s|``/``g|``)."""
        self.max_keys = max_keys
        """Most keys of this join per partition (None: no cap, only the retention)."""
        self._order: dict[int, OrderedDict[str, None]] | None = None
        self._evicted_decisions = 0
        self._evicted_verdicts: list[Unmatched] = []

    def reindex(self) -> None:
        """Forget the in-memory write order; it is rebuilt from the store on the next write (call it after
        the store changed behind the join's back: a rebalance, a table restored from its changelog)."""
        self._order = None

    def _index(self, partition: int) -> OrderedDict[str, None]:
        if self._order is None:
            found: dict[int, list[tuple[float, str]]] = defaultdict(list)
            for key, value in list(self.store.items()):
                if key.startswith((self.d, self.f)) and value is not None:
                    _share_strings(value)  # restored from a changelog: its own copies until now
                    found[int(value.get("p", 0))].append((float(value["t"]), key))
            self._order = {p: OrderedDict.fromkeys(key for _, key in sorted(items)) for p, items in found.items()}
        return self._order.setdefault(partition, OrderedDict())

    def _written(self, key: str, partition: int) -> None:
        """Record a write of ``key`` (newest now) and evict the partition's oldest keys beyond the cap."""
        if self.max_keys is None:
            return
        order = self._index(partition)
        order[key] = None
        order.move_to_end(key)
        while len(order) > self.max_keys:
            oldest, _ = order.popitem(last=False)
            value = self.store.get(oldest)
            if value is None or int(value.get("p", 0)) != partition:
                continue  # gone already, or moved to another partition
            del self.store[oldest]
            if oldest.startswith(self.f):
                self._evicted_verdicts.append(
                    Unmatched(oldest[len(self.f):], value["tn"], value["v"], tuple(value["vl"]))
                )
            else:
                self._evicted_decisions += 1

    def _forget(self, key: str, partition: int) -> None:
        if self._order is not None and partition in self._order:
            self._order[partition].pop(key, None)

    def take_evicted(self) -> tuple[int, list[Unmatched]]:
        """Decisions evicted by the cap since the last call, and the verdicts evicted (unmatched)."""
        decisions, verdicts = self._evicted_decisions, self._evicted_verdicts
        self._evicted_decisions, self._evicted_verdicts = 0, []
        return decisions, verdicts

    def on_decision(self, doc: Mapping[str, Any], decided_at: float, partition: int = 0) -> Joined | None:
        """Remember an actioned decision (a later revision replaces an earlier one); a verdict that was
        waiting for it is joined now and returned."""
        if doc.get("action") not in ("flag", "hide"):
            return None
        cid = str(doc["comment_id"])
        key = f"{self.d}{cid}"
        known = self.store.get(key)
        revision = int(doc.get("revision", 0))
        if known is not None and int(known["r"]) > revision:
            return None  # an older revision arriving late changes nothing
        entry = {
            "a": _intern(doc["action"]),
            "l": [_intern(label) for label in earned_labels(doc.get("reasons", ()))],
            "tn": _intern(doc.get("tenant", "default")),
            "au": doc.get("author_id", ""),
            "m": _intern(doc.get("model_version", "unknown")),
            "pv": _intern(doc.get("policy_version", "unknown")),
            "r": revision,
            "t": decided_at,
            "j": known["j"] if known is not None else None,
            "p": partition,
            "w": counted_action(doc.get("reasons", ())),
        }
        waiting = self.store.get(f"{self.f}{cid}")
        joined = None
        if waiting is not None and entry["j"] is None:
            entry["j"] = _signature(waiting["v"], waiting["vl"], waiting.get("mo"))
            joined = self._joined(cid, entry, waiting["v"], waiting["vl"])
            del self.store[f"{self.f}{cid}"]
            self._forget(f"{self.f}{cid}", int(waiting.get("p", 0)))
        self.store[key] = entry
        self._written(key, partition)
        return joined

    def on_feedback(self, event: FeedbackEvent, now: float, partition: int = 0) -> Joined | None:
        """Join a verdict to its decision if known (None: it waits, or it was already counted)."""
        cid = event.comment_id
        signature = _signature(event.verdict, event.labels, event.moderator_id)
        entry = self.store.get(f"{self.d}{cid}")
        if entry is None:
            self.store[f"{self.f}{cid}"] = {
                "v": _intern(event.verdict),
                "vl": [_intern(label) for label in event.labels],
                "tn": _intern(event.tenant),
                "mo": event.moderator_id,
                "t": now,
                "p": partition,
            }
            self._written(f"{self.f}{cid}", partition)
            return None
        if entry.get("j") == signature:
            return None  # redelivered: counted already
        self.store[f"{self.d}{cid}"] = {**entry, "j": signature}
        return self._joined(cid, entry, event.verdict, event.labels)

    @staticmethod
    def _joined(cid: str, entry: Mapping[str, Any], verdict: str, labels: Iterable[str]) -> Joined:
        return Joined(
            comment_id=cid,
            tenant=entry["tn"],
            author_id=entry["au"],
            action=entry["a"],
            labels=tuple(entry["l"]),
            model_version=entry["m"],
            policy_version=entry["pv"],
            decided_at=float(entry["t"]),
            verdict=verdict,
            verdict_labels=tuple(labels),
            counted_action=entry.get("w", "allow"),
        )

    def expired(self, now: float, keys: Iterable[str] | None = None, partition: int | None = None) -> Iterator[str]:
        """Keys (of ``keys``, or all) past their time at ``now``, of ``partition`` if given."""
        for key in list(self.store) if keys is None else list(keys):
            if not key.startswith((self.d, self.f)):
                continue
            value = self.store.get(key)
            if value is None or (partition is not None and value.get("p", 0) != partition):
                continue
            keep = self.wait_s if key.startswith(self.f) else self.retention_s
            if float(value["t"]) < now - keep:
                yield key

    def sweep(self, now: float, keys: Iterable[str] | None = None, partition: int | None = None) -> list[Unmatched]:
        """Drop expired state; the verdicts that never met an actioned decision come back."""
        unmatched: list[Unmatched] = []
        for key in list(self.expired(now, keys, partition)):
            value = self.store.pop(key)
            self._forget(key, int(value.get("p", 0)))
            if key.startswith(self.f):
                unmatched.append(Unmatched(key[len(self.f):], value["tn"], value["v"], tuple(value["vl"])))
        return unmatched
