"""Scores -> action and reasons, per tenant."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from streams.contracts import ACTION_RANK, Action
from streams.policy.exceptions import PolicyError
from streams.policy.model import PolicyConfig, Threshold

UNSUPPORTED_LANGUAGE = "unsupported-language"


class Policy:
    """Applies thresholds to a score vector; tenants inherit defaults and override labels."""

    def __init__(self, config: PolicyConfig, labels: Sequence[str]) -> None:
        missing = [label for label in config.thresholds if label not in labels]
        for override in (config.thresholds, *(t.thresholds for t in config.tenants.values())):
            missing += [s for t in override.values() if t.support for s in t.support.labels if s not in labels]
        if missing:
            raise PolicyError(f"policy has thresholds for labels the model lacks: {sorted(set(missing))}")
        self.config = config
        self.version = config.version
        self.labels = tuple(labels)
        self._default = self._table(config.thresholds)
        self._tenants = {
            name: self._table({**config.thresholds, **override.thresholds})
            for name, override in config.tenants.items()
        }
        self._default_floor = self._floor(self._default)
        self._tenant_floors = {name: self._floor(table) for name, table in self._tenants.items()}

    @classmethod
    def load(cls, path: Path, labels: Sequence[str]) -> Policy:
        """Load ``config/policy.json`` for a model with these labels."""
        return cls(PolicyConfig.load(path), labels)

    def _table(self, thresholds: dict[str, Threshold]) -> list[tuple[int, str, Threshold, tuple[int, ...]]]:
        return [
            (self.labels.index(label), label, t,
             tuple(self.labels.index(s) for s in t.support.labels) if t.support else ())
            for label, t in thresholds.items()
        ]

    def _floor(self, table: list[tuple[int, str, Threshold, tuple[int, ...]]]) -> np.ndarray:
        """The lowest score that earns each label anything (inf: a label without a threshold)."""
        floor = np.full(len(self.labels), np.inf)
        for index, _, threshold, _ in table:
            floor[index] = min(threshold.flag, threshold.hide)
        return floor

    def earns_nothing(self, scores: np.ndarray, tenants: Sequence[str]) -> np.ndarray:
        """bool ``[N]``: rows of ``scores`` (one per tenant) whose :meth:`decide` is surely
        ``("allow", [])``, as no label reaches its flag threshold (NaN reaches none): one
        comparison per batch instead of a call per row."""
        floors = self._default_floor
        if self._tenant_floors and len(tenants):
            floors = np.stack([self._tenant_floors.get(t, self._default_floor) for t in tenants])
        with np.errstate(invalid="ignore"):
            reached = np.asarray(scores, dtype=np.float64) >= floors
        return np.logical_not(reached.any(axis=1))

    def unsupported_language(self, lang: str, tenant: str = "default") -> tuple[Action, list[str]]:
        """The tenant's action for a comment in a language no model covers, with its reason."""
        override = self.config.tenants.get(tenant)
        action = self.config.unsupported_language
        if override is not None and override.unsupported_language is not None:
            action = override.unsupported_language
        return action, [f"{UNSUPPORTED_LANGUAGE}:{lang}"]

    def intel_settings(self, tenant: str) -> dict[str, object]:
        """Stateful-rule settings for a tenant (defaults merged with its override)."""
        merged: dict[str, object] = dict(self.config.intel)
        override = self.config.tenants.get(tenant)
        if override is not None:
            merged.update(override.intel)
        return merged

    def decide(self, scores: Sequence[float] | np.ndarray, tenant: str = "default") -> tuple[Action, list[str]]:
        """The strictest action any label earns, with one reason per label that earned one.

        A label with ``support`` earns at most ``support.otherwise`` unless one of its supporting
        labels scores at least ``support.min``.
        """
        action: Action = "allow"
        hits: list[tuple[float, str]] = []
        for index, label, threshold, support in self._tenants.get(tenant, self._default):
            score = float(scores[index])  # NaN (a label the language's model lacks) earns nothing
            if score >= threshold.hide:
                earned: Action = "hide"
            elif score >= threshold.flag:
                earned = "flag"
            else:
                continue
            cap = threshold.support
            if (
                cap is not None
                and ACTION_RANK[earned] > ACTION_RANK[cap.otherwise]
                and not any(float(scores[i]) >= cap.min for i in support)  # NaN supports nothing
            ):
                if cap.otherwise == "allow":
                    continue
                earned = cap.otherwise
            hits.append((score, f"{label}:{earned}"))
            if ACTION_RANK[earned] > ACTION_RANK[action]:
                action = earned
        hits.sort(reverse=True)
        return action, [reason for _, reason in hits]
