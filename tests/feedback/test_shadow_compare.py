"""Shadow comparison: agreement, would-hide labels from the shadow, would-allow labels from the live side."""

from __future__ import annotations

from streams.shadow import Comparison, build_report


def test_comparison_labels() -> None:
    c = Comparison.of("t", "flag", ["insult:flag"], "hide", ["toxicity:hide", "insult:flag"])
    assert (c.agree, c.would_hide, c.would_allow) == (False, ("toxicity",), ())
    c = Comparison.of("t", "hide", ["spam:hide", "toxicity:flag"], "allow", [])
    assert (c.would_hide, c.would_allow) == ((), ("spam", "toxicity"))
    assert Comparison.of("t", "allow", [], "allow", []).agree


def test_report_counts_pairs_and_precision_on_comments_both_decided() -> None:
    def doc(cid: str, action: str, reasons: list[str], revision: int = 0) -> bytes:
        return (
            f'{{"comment_id": "{cid}", "action": "{action}", "reasons": {reasons!r}, "revision": {revision},'
            f' "tenant": "t", "model_version": "m", "policy_version": "p"}}'
        ).replace("'", '"').encode()

    live = [doc("a", "hide", ["toxicity:hide"]), doc("b", "allow", []), doc("c", "flag", ["spam:flag"]),
            doc("b", "flag", ["flood"], revision=1)]  # revisions are stream rules: not compared
    shadow = [doc("a", "hide", ["toxicity:hide"]), doc("b", "hide", ["toxicity:hide"]), doc("d", "allow", [])]
    verdicts = [b'{"comment_id": "a", "verdict": "reject", "decided_at": "2026-12-01T00:00:00Z"}',
                b'{"comment_id": "b", "verdict": "approve", "decided_at": "2026-12-01T00:00:00Z"}']
    report = build_report(live, shadow, verdicts)
    assert (report.compared, report.agree, report.live_only, report.shadow_only) == (2, 1, 1, 1)
    assert report.changes[("would_hide", "toxicity", "t")] == 1
    assert report.precision("live", "hide") == (1.0, 1)
    assert report.precision("shadow", "hide") == (0.5, 2)
