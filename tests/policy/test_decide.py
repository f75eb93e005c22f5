import json
from pathlib import Path

import pytest

from streams.policy import Policy, PolicyConfig, PolicyError
from streams.settings import REPO_ROOT

LABELS = ("toxicity", "spam")


def make_policy(**tenants: dict) -> Policy:
    config = PolicyConfig.model_validate(
        {
            "version": "test-1",
            "thresholds": {
                "toxicity": {"flag": 0.6, "hide": 0.9},
                "spam": {"flag": 0.7, "hide": 0.95},
            },
            "tenants": tenants,
        }
    )
    return Policy(config, LABELS)


@pytest.mark.parametrize(
    ("scores", "action", "reasons"),
    [
        ((0.1, 0.1), "allow", []),
        ((0.6, 0.1), "flag", ["toxicity:flag"]),
        ((0.95, 0.1), "hide", ["toxicity:hide"]),
        ((0.7, 0.96), "hide", ["spam:hide", "toxicity:flag"]),
    ],
)
def test_strictest_label_wins(scores: tuple, action: str, reasons: list) -> None:
    assert make_policy().decide(scores) == (action, reasons)


def test_tenant_override_changes_only_its_labels() -> None:
    policy = make_policy(kids={"thresholds": {"toxicity": {"flag": 0.2, "hide": 0.4}}})
    assert policy.decide((0.5, 0.1), "kids") == ("hide", ["toxicity:hide"])
    assert policy.decide((0.5, 0.1), "other") == ("allow", [])
    assert policy.decide((0.1, 0.8), "kids") == ("flag", ["spam:flag"])


def test_hide_below_flag_is_rejected() -> None:
    with pytest.raises(ValueError, match="hide"):
        PolicyConfig.model_validate(
            {"version": "x", "thresholds": {"toxicity": {"flag": 0.9, "hide": 0.5}}}
        )


def test_unknown_label_is_rejected() -> None:
    config = PolicyConfig.model_validate(
        {"version": "x", "thresholds": {"nonsense": {"flag": 0.5, "hide": 0.9}}}
    )
    with pytest.raises(PolicyError, match="nonsense"):
        Policy(config, LABELS)


def test_missing_and_malformed_files_raise_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not found"):
        PolicyConfig.load(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(PolicyError, match="not JSON"):
        PolicyConfig.load(bad)


def test_shipped_policy_is_valid() -> None:
    config = PolicyConfig.load(REPO_ROOT / "config" / "policy.json")
    assert {"toxicity", "spam"} <= set(config.thresholds)
    assert json.loads((REPO_ROOT / "config" / "policy.json").read_text())["version"] == config.version


SUPPORTED = ("toxicity", "identity_attack", "sexual_explicit", "obscene")


def support_policy() -> Policy:
    config = PolicyConfig.model_validate(
        {
            "version": "test-support",
            "thresholds": {
                "toxicity": {"flag": 0.6, "hide": 0.9},
                "identity_attack": {
                    "flag": 0.5, "hide": 0.9,
                    "support": {"labels": ["toxicity"], "min": 0.3, "otherwise": "allow"},
                },
                "sexual_explicit": {
                    "flag": 0.3, "hide": 0.9,
                    "support": {"labels": ["toxicity", "obscene"], "min": 0.5, "otherwise": "flag"},
                },
            },
        }
    )
    return Policy(config, SUPPORTED)


@pytest.mark.parametrize(
    ("scores", "action", "reasons"),
    [
        ((0.1, 0.95, 0.0, 0.0), "allow", []),  # identity_attack alone is no evidence
        ((0.35, 0.95, 0.0, 0.0), "hide", ["identity_attack:hide"]),  # supported by toxicity
        ((0.1, 0.0, 0.99, 0.1), "flag", ["sexual_explicit:flag"]),  # hide needs support, flag does not
        ((0.1, 0.0, 0.99, 0.6), "hide", ["sexual_explicit:hide"]),  # obscene supports it
        ((0.1, 0.0, 0.4, 0.0), "flag", ["sexual_explicit:flag"]),  # below the cap anyway
    ],
)
def test_support_caps_a_label_without_its_supporting_labels(scores: tuple, action: str, reasons: list) -> None:
    assert support_policy().decide(scores) == (action, reasons)


def test_support_on_an_unknown_label_is_rejected() -> None:
    config = PolicyConfig.model_validate(
        {"version": "x", "thresholds": {"toxicity": {"flag": 0.5, "hide": 0.9, "support": {
            "labels": ["insult"], "min": 0.2}}}}
    )
    with pytest.raises(PolicyError, match="insult"):
        Policy(config, LABELS)
