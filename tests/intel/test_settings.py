"""The ``intel`` settings: defaults, per-tenant overrides, validation, the example config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.intel import IntelConfigError, IntelSettings, TenantSettings
from streams.policy import Policy, PolicyConfig
from tests.intel.helpers import IntelPolicy

_ROOT = Path(__file__).resolve().parents[2]


def test_defaults_are_valid_and_documented() -> None:
    s = IntelSettings()
    assert s.campaign_min_size >= s.campaign_min_authors
    assert s.offender_hide_at >= s.offender_flag_at
    assert all(f.description for f in IntelSettings.model_fields.values())


def test_tenant_override_merges_key_by_key_over_defaults() -> None:
    settings = TenantSettings(
        IntelPolicy({"campaign_min_size": 7, "flood_author_max": 4}, {"kids": {"flood_author_max": 2}})
    )
    assert (settings("default").campaign_min_size, settings("default").flood_author_max) == (7, 4)
    assert (settings("kids").campaign_min_size, settings("kids").flood_author_max) == (7, 2)
    assert settings("unknown-tenant") == settings("default")


@pytest.mark.parametrize(
    "raw",
    [
        {"campaign_min_size": 1},
        {"no_such_setting": 3},
        {"offender_flag_at": 5, "offender_hide_at": 4},
        {"campaign_min_size": 3, "campaign_min_authors": 4},
    ],
)
def test_invalid_settings_raise_intel_config_error(raw: dict[str, object]) -> None:
    with pytest.raises(IntelConfigError):
        TenantSettings(IntelPolicy(raw))("default")


def test_invalid_tenant_override_names_the_tenant() -> None:
    settings = TenantSettings(IntelPolicy({}, {"bad": {"flood_thread_max": 0}}))
    with pytest.raises(IntelConfigError, match="bad"):
        settings("bad")


def test_example_config_merges_into_the_policy_and_is_honoured() -> None:
    example = json.loads((_ROOT / "config" / "intel.example.json").read_text())
    raw = json.loads((_ROOT / "config" / "policy.json").read_text())
    raw["intel"] = example["intel"]
    for tenant, override in example["tenants"].items():
        raw["tenants"].setdefault(tenant, {})["intel"] = override["intel"]
    config = PolicyConfig.model_validate(raw)
    policy = Policy(config, list(config.thresholds))
    settings = TenantSettings(policy)
    assert settings("default") == IntelSettings.model_validate(example["intel"])
    kids = settings("kids")
    for key, value in example["tenants"]["kids"]["intel"].items():
        assert getattr(kids, key) == value
    assert kids.campaign_window_s == settings("default").campaign_window_s
