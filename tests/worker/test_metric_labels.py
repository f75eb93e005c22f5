"""Label values from input are bounded: tenants the policy names keep their series, others are `other`."""

from __future__ import annotations

import uuid

from prometheus_client import REGISTRY

from streams.metrics.labels import OTHER, label_label, set_known_labels, set_known_tenants, tenant_label
from streams.worker.app import record_decision


def test_unknown_tenants_share_one_series() -> None:
    set_known_tenants({"news-site"})
    try:
        strangers = [f"tenant-{uuid.uuid4().hex}" for _ in range(50)]
        before = REGISTRY.get_sample_value("modstream_decisions_total", {"action": "hide", "tenant": OTHER}) or 0.0
        for tenant in strangers:
            record_decision("hide", tenant, ["toxicity:hide"])
        record_decision("hide", "news-site", ["toxicity:hide"])
        after = REGISTRY.get_sample_value("modstream_decisions_total", {"action": "hide", "tenant": OTHER})
        assert after == before + 50
        assert REGISTRY.get_sample_value("modstream_decisions_total", {"action": "hide", "tenant": "news-site"})
        tenants = {s.labels.get("tenant") for m in REGISTRY.collect() for s in m.samples}
        assert not tenants & set(strangers)
    finally:
        set_known_tenants(())


def test_default_tenant_and_model_labels_are_kept() -> None:
    set_known_tenants(())
    set_known_labels(["toxicity", "spam"])
    assert tenant_label("default") == "default"
    assert tenant_label("anything-else") == OTHER
    kept = [label_label(x) for x in ("toxicity", "rule:campaign", "my free text")]
    assert kept == ["toxicity", "rule:campaign", OTHER]
