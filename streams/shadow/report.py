"""``modstream shadow report``: the shadow against the live model, from the topics.

Reads the decisions topic (the live model's revision-0 decision per comment), the shadow topic and,
if present, the feedback topic, from the start to their current end, and compares them per comment:
agreement, the action confusion, what the shadow would have hidden or allowed by label and tenant,
and, where moderators gave verdicts, the precision of hide and flag of each side.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from streams.contracts import InvalidEvent, parse_feedback
from streams.feedback.join import should_go
from streams.shadow.compare import Comparison


@dataclass
class ShadowReport:
    """The comparison, as counts."""

    compared: int = 0
    live_only: int = 0
    shadow_only: int = 0
    agree: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    changes: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """(change, label, tenant) -> comments."""
    verdicts: dict[str, Counter[tuple[str, bool]]] = field(
        default_factory=lambda: {"live": Counter(), "shadow": Counter()}
    )
    """side -> (action, confirmed) -> verdicts."""
    versions: dict[str, set[str]] = field(default_factory=lambda: {"live": set(), "shadow": set()})

    @property
    def agreement(self) -> float | None:
        return self.agree / self.compared if self.compared else None

    def precision(self, side: str, action: str) -> tuple[float | None, int]:
        """Confirmed share of ``action`` decisions with a verdict, and how many had one."""
        counts = self.verdicts[side]
        n = counts[(action, True)] + counts[(action, False)]
        return (counts[(action, True)] / n if n else None), n

    def as_dict(self) -> dict[str, Any]:
        return {
            "compared": self.compared,
            "live_only": self.live_only,
            "shadow_only": self.shadow_only,
            "agreement": self.agreement,
            "pairs": {f"{a}->{b}": n for (a, b), n in sorted(self.pairs.items())},
            "changes": [
                {"change": c, "label": lb, "tenant": t, "comments": n} for (c, lb, t), n in sorted(self.changes.items())
            ],
            "precision": {
                side: {action: dict(zip(("precision", "verdicts"), self.precision(side, action), strict=True))
                       for action in ("hide", "flag")}
                for side in ("live", "shadow")
            },
            "versions": {side: sorted(v) for side, v in self.versions.items()},
        }


def _docs(values: Iterable[bytes], revision_zero: bool) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for value in values:
        try:
            doc = json.loads(value)
        except ValueError:
            continue
        if not isinstance(doc, dict) or "comment_id" not in doc:
            continue
        if revision_zero and int(doc.get("revision", 0)) != 0:
            continue
        out[str(doc["comment_id"])] = doc
    return out


def build_report(live: Iterable[bytes], shadow: Iterable[bytes], feedback: Iterable[bytes] = ()) -> ShadowReport:
    """Compare the live model's revision-0 decisions with the shadow's, comment by comment."""
    report = ShadowReport()
    live_docs = _docs(live, revision_zero=True)
    shadow_docs = _docs(shadow, revision_zero=False)
    for cid, s in shadow_docs.items():
        report.versions["shadow"].add(f"{s.get('model_version')} / {s.get('policy_version')}")
        real = live_docs.get(cid)
        if real is None:
            report.shadow_only += 1
            continue
        c = Comparison.of(
            str(real.get("tenant", "default")), real["action"], real.get("reasons", ()),
            s["action"], s.get("reasons", ()),
        )
        report.compared += 1
        report.agree += c.agree
        report.pairs[(c.live_action, c.shadow_action)] += 1
        for label in c.would_hide:
            report.changes[("would_hide", label, c.tenant)] += 1
        for label in c.would_allow:
            report.changes[("would_allow", label, c.tenant)] += 1
    report.live_only = sum(1 for cid in live_docs if cid not in shadow_docs)
    for real_doc in live_docs.values():
        report.versions["live"].add(f"{real_doc.get('model_version')} / {real_doc.get('policy_version')}")
    latest: dict[str, bool] = {}
    for value in feedback:
        try:
            verdict = parse_feedback(value)
        except InvalidEvent:
            continue
        latest[verdict.comment_id] = should_go(verdict.verdict, verdict.labels)
    for cid, confirmed in latest.items():
        if cid not in shadow_docs or cid not in live_docs:
            continue  # precision only on comments both sides decided
        for side, docs in (("live", live_docs), ("shadow", shadow_docs)):
            action = docs[cid]["action"]
            if action in ("flag", "hide"):
                report.verdicts[side][(action, confirmed)] += 1
    return report


def render(report: ShadowReport) -> str:
    """The report as plain text."""
    lines = [
        f"live:   {', '.join(sorted(report.versions['live'])) or '-'}",
        f"shadow: {', '.join(sorted(report.versions['shadow'])) or '-'}",
        f"comments compared: {report.compared} (live only {report.live_only}, shadow only {report.shadow_only})",
        "agreement: " + ("-" if report.agreement is None else f"{report.agreement:.1%}"),
        "",
        "live -> shadow    comments",
    ]
    lines += [f"{a:>5} -> {b:<7} {n:>9}" for (a, b), n in sorted(report.pairs.items())]
    if report.changes:
        lines += ["", "change       label                   tenant          comments"]
        lines += [f"{c:<12} {lb:<23} {t:<15} {n:>8}" for (c, lb, t), n in sorted(report.changes.items())]
    lines += ["", "precision (moderator verdicts on comments both decided)"]
    for side in ("live", "shadow"):
        for action in ("hide", "flag"):
            p, n = report.precision(side, action)
            shown = "-" if p is None else f"{p:.1%}"
            lines.append(f"  {side:<6} {action:<4} {shown:>7}  ({n} verdicts)")
    return "\n".join(lines)
