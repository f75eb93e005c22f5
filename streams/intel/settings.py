"""Typed settings of the stateful rules: the ``intel`` section of ``config/policy.json``.

Keys are flat (``campaign_min_size``, not ``campaign.min_size``) because a tenant override is
merged key by key over the defaults (:meth:`streams.policy.Policy.intel_settings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from streams.intel.exceptions import IntelConfigError


class IntelSource(Protocol):
    """Anything that yields a tenant's merged ``intel`` dict (``streams.policy.Policy``)."""

    def intel_settings(self, tenant: str) -> dict[str, object]: ...


class IntelSettings(BaseModel):
    """Every threshold and window of campaigns, repeat offenders and floods (per tenant)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # -- cross-account campaigns --------------------------------------------------------------
    campaigns_enabled: bool = Field(default=True, description="Detect cross-account campaigns.")
    campaign_window_s: float = Field(
        default=3600.0, gt=0, description="Copies further apart than this (event time) are not one campaign."
    )
    campaign_min_size: int = Field(
        default=5, ge=2, description="Near-duplicate copies needed before a campaign is declared."
    )
    campaign_min_authors: int = Field(
        default=3, ge=2, description="Distinct authors among those copies needed before a campaign is declared."
    )
    campaign_similarity: float = Field(
        default=0.6, gt=0, le=1, description="Estimated Jaccard similarity (MinHash) for two copies to match."
    )
    campaign_min_chars: int = Field(
        default=40, ge=0, description="Candidate gate: normalised text shorter than this is never a candidate."
    )
    campaign_require_signal: bool = Field(
        default=True,
        description="Candidate gate: also need a link, money, a phone number or a spam score >= "
        "campaign_min_spam.",
    )
    campaign_min_spam: float = Field(
        default=0.5, ge=0, le=1.01, description="Candidate gate: spam score that counts as a signal."
    )
    campaign_bands: int = Field(default=8, ge=1, le=64, description="LSH bands (one routing key per band).")
    campaign_rows: int = Field(default=2, ge=1, le=16, description="MinHash values per LSH band.")
    campaign_signature: int = Field(
        default=32, ge=8, le=256, description="MinHash values per signature (similarity is estimated on all)."
    )
    campaign_shingle_chars: int = Field(default=5, ge=2, le=16, description="Character shingle length.")
    campaign_max_members: int = Field(
        default=32, ge=2, description="Most copies remembered per LSH bucket (oldest dropped first)."
    )
    campaign_spam_bar: float = Field(
        default=0.8,
        ge=0,
        le=1.01,
        description="Copies scoring spam >= this need only campaign_spam_min_size copies from "
        "campaign_spam_min_authors authors to be a campaign (1.01: off).",
    )
    campaign_spam_min_size: int = Field(
        default=2, ge=2, description="Copies needed for a campaign when each scores spam >= campaign_spam_bar."
    )
    campaign_spam_min_authors: int = Field(
        default=2, ge=2, description="Distinct authors needed for a campaign of high-spam copies."
    )

    # -- repeat offenders -----------------------------------------------------------------------
    offenders_enabled: bool = Field(default=True, description="Escalate borderline comments of repeat offenders.")
    offender_half_life_s: float = Field(
        default=6 * 3600.0, gt=0, description="Half-life of an author's offence score (event time)."
    )
    offender_flag_weight: float = Field(default=1.0, ge=0, description="Score added by a flag decision.")
    offender_hide_weight: float = Field(default=3.0, ge=0, description="Score added by a hide decision.")
    offender_flag_at: float = Field(
        default=3.0, gt=0, description="From this score, borderline allowed comments are flagged."
    )
    offender_hide_at: float = Field(
        default=6.0, gt=0, description="From this score, flagged comments are hidden."
    )
    offender_borderline: float = Field(
        default=0.4, ge=0, le=1, description="An allowed comment is borderline if any label scores >= this."
    )

    # -- floods ---------------------------------------------------------------------------------
    floods_enabled: bool = Field(default=True, description="Apply rate limits and hide identical repeats.")
    flood_author_max: int = Field(
        default=8, ge=1, description="An author's comments allowed within flood_author_window_s."
    )
    flood_author_window_s: float = Field(default=60.0, gt=0, description="Author rate-limit window.")
    flood_thread_max: int = Field(
        default=100, ge=1, description="A thread's comments allowed within flood_thread_window_s."
    )
    flood_thread_window_s: float = Field(default=10.0, gt=0, description="Thread rate-limit window.")
    repeat_window_s: float = Field(
        default=900.0, gt=0, description="The same author posting the same text within this is hidden."
    )
    repeat_min_chars: int = Field(
        default=12, ge=0, description="Shorter texts ('thanks!') are never treated as identical repeats."
    )
    repeat_max_tracked: int = Field(
        default=32, ge=1, description="Recent comments remembered per author (older ones count only as offence score)."
    )

    # -- time -----------------------------------------------------------------------------------
    late_window_s: float = Field(
        default=3600.0,
        ge=0,
        description="A comment up to this much older (rule time) than the newest one its author, thread or "
        "campaign bucket has seen is still taken into account exactly: later comments' decisions are revised. "
        "State is kept this much longer than the rules' own windows.",
    )
    max_future_s: float = Field(
        default=300.0,
        ge=0,
        description="A created_at further than this past the scoring clock is treated as that clock plus this "
        "(it cannot move a stage's clock or keep state forever).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> IntelSettings:
        if self.offender_hide_at < self.offender_flag_at:
            raise ValueError("offender_hide_at must be >= offender_flag_at")
        if self.campaign_bands * self.campaign_rows > self.campaign_signature:
            raise ValueError("campaign_bands * campaign_rows must be <= campaign_signature")
        if self.campaign_min_authors > self.campaign_min_size:
            raise ValueError("campaign_min_authors must be <= campaign_min_size")
        if self.campaign_spam_min_authors > self.campaign_spam_min_size:
            raise ValueError("campaign_spam_min_authors must be <= campaign_spam_min_size")
        return self

    @classmethod
    def from_mapping(cls, raw: Mapping[str, object], tenant: str = "default") -> IntelSettings:
        """Validate a merged ``intel`` dict; raise :class:`IntelConfigError` naming the tenant."""
        try:
            return cls.model_validate(dict(raw))
        except ValidationError as exc:
            raise IntelConfigError(f"invalid intel settings for tenant {tenant!r}: {exc}") from None


class TenantSettings:
    """Per-tenant :class:`IntelSettings`, validated once and cached."""

    def __init__(self, source: IntelSource | None = None) -> None:
        self._source = source
        self._cache: dict[str, IntelSettings] = {}

    def __call__(self, tenant: str) -> IntelSettings:
        found = self._cache.get(tenant)
        if found is None:
            raw = self._source.intel_settings(tenant) if self._source is not None else {}
            found = self._cache[tenant] = IntelSettings.from_mapping(raw, tenant)
        return found

    def clear(self) -> None:
        """Forget the validated settings: the source changed (a policy reload)."""
        self._cache.clear()


def validate_tenants(source: IntelSource, tenants: Iterable[str]) -> None:
    """Raise :class:`IntelConfigError` unless the defaults and every tenant's settings validate."""
    for tenant in ("default", *tenants):
        IntelSettings.from_mapping(source.intel_settings(tenant), tenant)
