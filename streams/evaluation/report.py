"""The evaluation report as markdown (for people) and JSON (for machines)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from streams.evaluation.exceptions import ReportBlockError
from streams.evaluation.peer import PEER_TRAINING_SOURCES, PEER_UNSEEN

Row = Sequence[object]
# A document (the model card, docs/evaluation.md) carries the latest report between these lines.
BLOCK_BEGIN = "<!-- modstream eval: begin (written by `make eval`; edits inside are overwritten) -->"
BLOCK_END = "<!-- modstream eval: end -->"


def _f(value: object, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _pct(value: object) -> str:
    return "–" if not isinstance(value, float | int) else f"{100 * float(value):.1f}%"


def table(header: Row, rows: Sequence[Row]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def _pr(cell: dict[str, Any] | None) -> tuple[str, str]:
    if not cell:
        return "–", "–"
    return _f(cell.get("precision")), _f(cell.get("recall"))


def _clean_row(name: str, c: dict[str, Any]) -> list[object]:
    return [name, c["n"], _pct(c["false_hide_rate"]), _pct(c["false_action_rate"]), _pct(c["peer_false_flag_rate"])]


def _heldout(test: dict[str, Any]) -> list[str]:
    kinds = ", ".join(f"{k} {v}" for k, v in test["by_kind"].items())
    out = [f"## Held-out test rows ({test['n']}: {kinds})", ""]
    rows = []
    for label, m in test["labels"].items():
        pf, rf = _pr(m.get("flag"))
        ph, rh = _pr(m.get("hide"))
        rows.append([label, m["n"], m["pos"], _f(m["auc"]), _f(m["peer_auc"]), _f(m.get("baseline_auc")),
                     pf, rf, ph, rh, _f(m["ece"])])
    out.append(table(["label", "n", "pos", "AUC", "peer AUC", "baseline AUC", "P@flag", "R@flag", "P@hide",
                      "R@hide", "ECE"], rows))
    out += ["", f"ROC-AUC per test slice, model / peer / plain baseline; **bold** = the model beats both. "
            f"`{PEER_UNSEEN}` = all slices without the sources the "
            f"peer was itself trained on ({', '.join(sorted(PEER_TRAINING_SOURCES))}: on those rows the peer is "
            "scored on its own training data).", ""]
    kinds_list = [*test["by_kind"], PEER_UNSEEN]
    rows = []
    for label, m in test["labels"].items():
        cells = []
        for kind in kinds_list:
            s = m["slices"].get(kind)
            if not s or s["auc"] is None:
                cells.append("–")
            else:
                cells.append(f"{_triple(s)} n={s['n']}/{s['pos']}+")
        rows.append([label, *cells])
    out.append(table(["label", *kinds_list], rows))
    c = test["clean"]
    out += ["", f"Clean rows (every known label 0): n={c['n']}, false-hide {_pct(c['false_hide_rate'])}, "
            f"false-action (flag or hide) {_pct(c['false_action_rate'])}, peer false-flag "
            f"{_pct(c['peer_false_flag_rate'])}.", ""]
    rates = ["false-hide", "false-action", "peer false-flag@0.5"]
    out.append(table(["slice", "clean n", *rates], [_clean_row(k, v) for k, v in c["by_kind"].items()]))
    if "identity_mention" in c:
        out += ["", "Clean rows that name an identity group (`streams/evaluation/identity_terms.py`) "
                "and that do not:", ""]
        rows = [_clean_row(name.replace("_", " "), v) for name, v in c["identity_mention"].items()]
        out.append(table(["clean rows", "n", *rates], rows))
    out += ["", "### Toxicity by source", ""]
    rows = []
    for source, m in test["toxicity_by_source"].items():
        pf, rf = _pr(m.get("flag"))
        rows.append([source, m["kind"], m["n"], m["pos"], _f(m["auc"]), _f(m["peer_auc"]),
                     _f(m.get("baseline_auc")), pf, rf])
    out.append(table(["source", "slice", "n", "pos", "AUC", "peer AUC", "baseline AUC", "P@flag", "R@flag"], rows))
    fine = [(label, source, m) for label, sources in test.get("by_source", {}).items() if label != "toxicity"
            for source, m in sources.items() if m["kind"] != "in-source" and m["auc"] is not None]
    if fine:
        out += ["", "### Other labels by held-out source (model / peer / plain baseline)", ""]
        rows = [[label, source, m["kind"], m["n"], m["pos"], _triple(m)] for label, source, m in fine]
        out.append(table(["label", "source", "slice", "n", "pos", "AUC"], rows))
    if test.get("baseline"):
        b = test["baseline"]
        out += ["", f"Plain baseline (`streams/evaluation/plain_baseline.py`, recipe {b['recipe_version']}): "
                "word 1-2 + char_wb 2-5 "
                f"TF-IDF, logistic regression C={b['C']}, fitted on the model's own training rows per label "
                "(toxicity: any abuse label; spam: the YouTube and SMS rows): "
                + ", ".join(f"{k} {v}" for k, v in b["n_train"].items()) + " rows."]
    tox = test["labels"].get("toxicity")
    if tox and tox["reliability"]:
        out += ["", f"### Calibration of toxicity (ECE {_f(tox['ece'])})", ""]
        rows = [[f"{b['lo']:.1f}–{b['hi']:.1f}", b["n"], _f(b["mean_prob"]), _f(b["observed"])]
                for b in tox["reliability"]]
        out.append(table(["bin", "n", "mean score", "observed rate"], rows))
    return out


def _triple(m: dict[str, Any]) -> str:
    """``model / peer / baseline`` AUCs, the model's in bold where it beats both others."""
    ours, others = m["auc"], [v for v in (m.get("peer_auc"), m.get("baseline_auc")) if v is not None]
    best = ours is not None and bool(others) and all(ours > v for v in others)
    first = f"**{_f(ours)}**" if best else _f(ours)
    return f"{first} / {_f(m.get('peer_auc'))} / {_f(m.get('baseline_auc'))}"


def _cell(x: dict[str, Any] | None) -> str:
    if not x:
        return "not reached"
    return f"{x['threshold']:.2f} (P {x['precision']:.2f}, R {x['recall']:.2f})"


def _guidance(g: dict[str, Any]) -> list[str]:
    out = [f"## Threshold guidance (validation rows, n={g['n']})", "",
           f"Lowest threshold with precision >= {g['flag_precision']} (flag) and >= {g['hide_precision']} (hide): "
           "on the validation mix as sampled, and re-weighted to an assumed live prevalence per label "
           "(the validation mix is far richer in abuse than live traffic; the re-weighted values are the ones "
           "to use). Last column: the lowest score where the *marginal* precision at that prevalence (the share of "
           "comments scoring about that much that carry the label; isotonic fit) reaches "
           f"{g.get('flag_marginal', 1 / 3):.2f}: "
           "the cumulative guidance alone is only a floor (docs/evaluation.md, \"Policy 2026.12.05-1\").", ""]
    rows = []
    for label, m in g["labels"].items():
        cur = m["current"] or {}
        rows.append([label, m["n"], m["pos"], f"{_f(cur.get('flag'), 2)} / {_f(cur.get('hide'), 2)}",
                     _cell(m["flag"]), _cell(m["hide"]), _pct(m.get("prevalence")),
                     _cell(m.get("flag_at_prevalence")), _cell(m.get("hide_at_prevalence")),
                     "not reached" if m.get("flag_marginal") is None else f"{m['flag_marginal']:.2f}"])
    out.append(table(["label", "n", "pos", "policy flag / hide", "flag (sampled)", "hide (sampled)",
                      "live prevalence", "flag (at prevalence)", "hide (at prevalence)", "flag (marginal)"], rows))
    return out


def _whatif(w: dict[str, Any], policy: dict[str, Any]) -> list[str]:
    out = ["## What if: recommended thresholds", "",
           "Precision-only = the at-prevalence guidance (unreached targets keep the current value). Benign guard = "
           "the highest 99th / 99.8th percentile of each label's score over the benign suite groups (identity, mild "
           "approving profanity, heated opinion, legit links). Recommended = the higher of the two, rounded up to "
           "0.01. The guard is tuned on those suites, so their what-if rates below are not independent evidence.", ""]
    rows = []
    for label, t in w["thresholds"].items():
        cur = policy.get(label, {})
        rec = w["test_labels"].get(label, {})
        p_only = w["precision_only"].get(label, {})
        g = w["benign_guard"].get(label, {})

        def pair(d: dict[str, Any]) -> str:
            return f"{_f(d.get('flag'), 2)} / {_f(d.get('hide'), 2)}"

        rows.append([label, pair(cur), pair(p_only), pair(g), f"**{t['flag']:.2f} / {t['hide']:.2f}**",
                     *_pr(rec.get("flag")), *_pr(rec.get("hide"))])
    out.append(table(["label", "current", "precision-only", "benign guard", "recommended flag / hide",
                      "test P@flag", "test R@flag", "test P@hide", "test R@hide"], rows))
    c = w["test_clean"]
    out += ["", f"Clean held-out rows: false-hide {_pct(c['current']['false_hide_rate'])} -> "
            f"{_pct(c['recommended']['false_hide_rate'])}, false-action {_pct(c['current']['false_action_rate'])} -> "
            f"{_pct(c['recommended']['false_action_rate'])}.", ""]
    rows = []
    for name, s in w["suites"].items():
        for kind, cur in s["current"].items():
            rec = s["recommended"][kind]
            rows.append([name, kind, f"{_pct(cur['action_rate'])} -> {_pct(rec['action_rate'])}",
                         f"{_pct(cur['hide_rate'])} -> {_pct(rec['hide_rate'])}"])
    out.append(table(["suite", "kind", "actioned (current -> recommended)", "hidden"], rows))
    return out


def _suites(suites: dict[str, Any]) -> list[str]:
    out = ["## Suites (generated, deterministic)", ""]
    rows = []
    for name, s in suites.items():
        for c in s["checks"]:
            target = "report" if c["target"] is None else f"{c['op']} {_pct(c['target'])}"
            if "AUC" in c["name"]:
                value, peer = _f(c["value"]), _f(c["peer"])
                target = "report" if c["target"] is None else f"{c['op']} {c['target']}"
            elif "/" in c["name"]:
                value, peer = _f(c["value"], 2), _f(c["peer"], 2)
                target = f"{c['op']} {c['target']}"
            else:
                value, peer = _pct(c["value"]), _pct(c["peer"])
            verdict = {True: "PASS", False: "FAIL", None: ""}[c["passed"]]
            rows.append([name, c["name"], value, target, verdict, peer])
    out.append(table(["suite", "check", "model", "target", "", "peer@0.5"], rows))
    out += ["", "Action rates per suite and kind:", ""]
    rows = []
    for name, s in suites.items():
        for kind, k in s["kinds"].items():
            rows.append([name, kind, k["n"], _pct(k["action_rate"]), _pct(k["flag_rate"]), _pct(k["hide_rate"]),
                         _pct(k["peer_flag_rate"])])
    out.append(table(["suite", "kind", "n", "actioned", "flag", "hide", "peer flag@0.5"], rows))
    seen = {name: s["seen_in_training"] for name, s in suites.items() if s["seen_in_training"]}
    if seen:
        out += ["", "Rows whose text also occurs in the training data: "
                + ", ".join(f"{k} {v}" for k, v in seen.items()) + "."]
    out += ["", "### Example failures", ""]
    for name, s in suites.items():
        if not s["failures"]:
            continue
        out.append(f"- **{name}** ({s['n_failures']} of {s['n']}):")
        for f in s["failures"]:
            reasons = ", ".join(f["reasons"]) or "–"
            out.append(f"  - `{f['kind']}` {f['action']}: {json.dumps(f['text'], ensure_ascii=False)} ({reasons})")
    return out


def _languages(languages: dict[str, Any]) -> list[str]:
    rows = []
    for lang, e in languages.items():
        auc = e["auc"]
        ours = auc["ours"] if auc["ours"] is not None else auc.get("ours_in_training")
        rows.append([
            lang, e["status"], f"{e['heldout_source']} ({e['heldout_kind']})", e["train_source"], e["n"],
            _pct(e["positive_rate"]),
            _f(ours) + ("" if auc["ours"] is not None else " (training, not shipped)"),
            _f(auc.get("alt-profanity-check")), _f(auc.get("plain TF-IDF baseline")),
            _pct(e["routed_share"]), _pct(e["identified_share"]),
        ])
    floor = next(iter(languages.values()))["auc_floor"] if languages else "?"
    return [
        "## Languages: toxicity ROC-AUC on held-out rows",
        "",
        f"A language is covered only where its model reached AUC >= {floor} on the held-out rows and beat "
        "both the peer and the plain baseline (fitted here on the same rows as the language's model), "
        "and, where the language has a second held-out source (table after this one), did so there too; "
        "every other language is routed by the tenant's policy (`unsupported-language:<code>`). "
        "English is the main model (tables above). 'held-out source' = a whole other data set; "
        "'held-out split' = a test/dev split of the training set's own source.",
        "",
        table(
            ["lang", "status", "held-out rows", "trained on", "n", "toxic", "ours", "peer", "baseline",
             "routed", "identified as lang"],
            rows,
        ),
        *_other_sources(languages),
    ]


def _other_sources(languages: dict[str, Any]) -> list[str]:
    rows = [
        [lang, e["status"], o["source"], e["train_source"], o["n"], _pct(o["positive_rate"]),
         _f(o["auc"]["ours"]) if o["auc"]["ours"] is not None or o["auc"].get("ours_in_training") is None
         else _f(o["auc"]["ours_in_training"]) + " (training, not shipped)",
         _f(o["auc"].get("alt-profanity-check")), _f(o["auc"].get("plain TF-IDF baseline"))]
        for lang, e in languages.items() if (o := e.get("other_source"))
    ]
    if not rows:
        return []
    return [
        "",
        "The same models on a second source never trained on, where one exists (a different domain and "
        "label scheme, so a harder test than the split above); the claim must hold here too:",
        "",
        table(["lang", "status", "other source", "trained on", "n", "toxic", "ours", "peer", "baseline"], rows),
    ]


def to_markdown(report: dict[str, Any]) -> str:
    """The whole report as markdown."""
    peer = report["peer"]
    out = [
        f"# modstream eval: model `{report['model_version']}`, policy `{report['policy_version']}`",
        "",
        f"Every row went through `streams.pipeline.Moderator` (normalise -> score -> decide). Peer: "
        f"{peer['name']} ({'available' if peer['available'] else 'NOT installed'}), its one probability used "
        f"for every label, flag at {peer['threshold']}. Plain baseline: "
        f"{'fitted' if report.get('baseline', {}).get('available') else 'not run'}."
        + (f" Limited to {report['limit']} rows per data set/suite." if report.get("limit") else ""),
        "",
    ]
    if report.get("model_fit_rows") and "in-source" in report["model_fit_rows"]:
        out += [f"**The model was fitted on {report['model_fit_rows']}.** Its `in-source` figures below are "
                "therefore not held-out figures (the split run's are in the model card); the held-out-source and "
                "eval-only slices were never trained on.", ""]
    if "heldout" in report:
        out += [*_heldout(report["heldout"]["test"]), "", *_guidance(report["heldout"]["threshold_guidance"]), ""]
    if report.get("suites"):
        out += [*_suites(report["suites"]), ""]
    if "whatif" in report:
        out += [*_whatif(report["whatif"], report.get("policy_thresholds", {})), ""]
    if report.get("languages"):
        out += [*_languages(report["languages"]), ""]
    out.append(f"_{report.get('seconds', '?')} s_")
    return "\n".join(out) + "\n"


def write_json(report: dict[str, Any], path: Path) -> None:
    """Write the report as indented JSON (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_markdown(report: dict[str, Any], path: Path) -> None:
    """Write the markdown report (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(report), encoding="utf-8")


def demote(markdown: str, levels: int) -> str:
    """``markdown`` with every heading ``levels`` deeper (``#`` -> ``###`` for 2)."""
    prefix = "#" * levels
    return "\n".join(prefix + line if line.startswith("#") else line for line in markdown.split("\n"))


def _block(lines: list[str]) -> tuple[int, int]:
    """Line numbers of the one :data:`BLOCK_BEGIN` line and the one :data:`BLOCK_END` line after it."""
    begins = [i for i, line in enumerate(lines) if line.strip() == BLOCK_BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == BLOCK_END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise ReportBlockError(f"expected one line {BLOCK_BEGIN!r} and, after it, one line {BLOCK_END!r}")
    return begins[0], ends[0]


def splice(document: str, report_markdown: str) -> str:
    """``document`` with the lines between :data:`BLOCK_BEGIN` and :data:`BLOCK_END` replaced."""
    lines = document.split("\n")
    begin, end = _block(lines)
    return "\n".join([*lines[: begin + 1], "", report_markdown.strip(), "", *lines[end:]])


def _read_document(path: Path) -> str:
    try:
        document = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportBlockError(f"cannot read {path}: {exc.strerror}") from None
    try:
        _block(document.split("\n"))
    except ReportBlockError as exc:
        raise ReportBlockError(f"{path}: {exc}") from None
    return document


def check_document(path: Path) -> None:
    """Raise :class:`ReportBlockError` unless ``path`` can take a report (checked before a long run)."""
    _read_document(path)


def update_document(report: dict[str, Any], path: Path, levels: int = 2) -> None:
    """Replace the report block of the markdown file ``path`` with this report (headings demoted)."""
    document = _read_document(path)
    path.write_text(splice(document, demote(to_markdown(report), levels)), encoding="utf-8")
