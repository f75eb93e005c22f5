"""The moderation policy as typed settings: thresholds per label, overridable per tenant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from streams.policy.exceptions import PolicyError


class Support(BaseModel):
    """A label that is evidence only together with another: it earns more than ``otherwise`` only
    when one of ``labels`` scores at least ``min`` (``identity_attack`` needs toxicity or insult)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: tuple[str, ...] = Field(min_length=1)
    min: float = Field(ge=0.0, le=1.0)
    otherwise: Literal["allow", "flag"] = "allow"


class Threshold(BaseModel):
    """Scores at or above ``flag`` go to a moderator; at or above ``hide`` are hidden.

    With ``support``, the action is capped at ``support.otherwise`` unless a supporting label
    reaches ``support.min``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    flag: float = Field(ge=0.0, le=1.01)
    hide: float = Field(ge=0.0, le=1.01)
    support: Support | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Threshold:
        if self.hide < self.flag:
            raise ValueError(f"hide ({self.hide}) must be >= flag ({self.flag})")
        return self


UnsupportedLanguageAction = Literal["allow", "flag", "hide"]


class TenantOverride(BaseModel):
    """What a tenant changes; anything left out is inherited from the defaults."""

    model_config = ConfigDict(extra="forbid")

    thresholds: dict[str, Threshold] = Field(default_factory=dict)
    unsupported_language: UnsupportedLanguageAction | None = None
    intel: dict[str, Any] = Field(default_factory=dict)


class PolicyConfig(BaseModel):
    """The whole ``config/policy.json`` document."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1)
    thresholds: dict[str, Threshold]
    explain_top_k: int = Field(5, ge=0, le=20)
    unsupported_language: UnsupportedLanguageAction = Field(
        "flag", description="Action for a comment in a language no model covers (reason unsupported-language:<code>)."
    )
    intel: dict[str, Any] = Field(default_factory=dict)
    tenants: dict[str, TenantOverride] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> PolicyConfig:
        """Read and validate a policy file; raise ``PolicyError`` with the reason."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PolicyError(f"policy file not found: {path}") from None
        except json.JSONDecodeError as exc:
            raise PolicyError(f"policy file {path} is not JSON: {exc}") from None
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            raise PolicyError(f"policy file {path} is invalid: {exc}") from None
