"""Writes ``models/MODEL_CARD.md`` from the training metadata and held-out metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.evaluate import format_table
from streams.evaluation.peer import PEER_TRAINING_SOURCES, PEER_UNSEEN
from streams.evaluation.report import BLOCK_BEGIN, BLOCK_END

# The card's tail, from this line on, is not generated here: `make eval` fills its report block and
# people write the model's history below it. A retrain keeps it as it is.
KEPT_MARKER = "<!-- Everything below is kept when `make model` rewrites the card. -->"
DEFAULT_TAIL = f"""{KEPT_MARKER}

## Evaluation at the shipped policy (`make eval`)

{BLOCK_BEGIN}

Not evaluated yet: run `make eval`.

{BLOCK_END}
"""


def kept_tail(path: Path) -> str:
    """The part of an existing card that a retrain keeps (the default one for a new card)."""
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DEFAULT_TAIL
    at = old.find(KEPT_MARKER)
    return old[at:] if at >= 0 else DEFAULT_TAIL

# Licence as stated in each set's SOURCE.md (shared/data/<set>/SOURCE.md).
LICENCES: dict[str, str] = {
    "moderator-feedback": "your moderators' verdicts (`modstream feedback export`, `models.train --feedback`)",
    "jigsaw-toxic-train-sample": (
        "unstated in the source repos (Kaggle: CC0, text CC BY-SA 3.0, not verified)"
    ),
    "jigsaw-toxic-train-predibase-sample": "unstated (Kaggle: CC0, text CC BY-SA 3.0, not verified)",
    "wikipedia-talk-context-toxicity": "Apache-2.0 (repo licence); text from Wikipedia (CC BY-SA)",
    "davidson-hate-offensive": "MIT (repo licence; tweets are Twitter content)",
    "impermium-insults-train": "unstated (Kaggle competition rules)",
    "stormfront-hate-speech": "CC BY-SA 3.0 ES",
    "gab-hate-corpus": "unstated in the mirror (OSF release: CC BY 4.0, not verified)",
    "implicit-hate-latent-hatred": "CC BY 4.0",
    "formspring-cyberbullying": "unstated",
    "fox-news-comments-hate": "MIT (as stated in README)",
    "reddit-incivility": "BSD-3-Clause (repo licence)",
    "youtube-spam-collection": "unstated in the repos (UCI: CC BY 4.0, not verified)",
    "sms-spam-collection": "free, no limitations except copyright/no warranty (dataset readme)",
    "c3-constructive-comments": "unstated; parent corpus CC BY-NC-SA 4.0 — EVALUATION ONLY",
    "ucc-unhealthy-comments-val": "CC BY-NC-SA 4.0 — EVALUATION ONLY",
    "mlma-hate-speech-fr-ar-en": "MIT (repo licence); English tweets only — HELD OUT, never trained on",
    "sms-phishing-mishra-soni": (
        "unstated in the source repo (Mendeley Data original, normally CC BY 4.0, not verified)"
    ),
    "spamassassin-public-corpus-spam": (
        "PDDL 1.0 (database) / CC0 1.0 (contents), as stated by the stdlib-js copy; the Apache corpus page "
        "has no formal licence"
    ),
    "enron-spam-enron1": "unstated (the AUEB page gives no licence and asks to cite Metsis et al., CEAS 2006)",
    "smokedetector-stackexchange-spam-patterns": (
        "Apache-2.0 or MIT at the 2017 commit; the 2015 spam titles used here predate it (no licence stated then)"
    ),
    "youtube-spam-2014-extra-videos": "unstated (TubeSpam authors' repo) — HELD OUT, never trained on",
}

_MAPPING_ROWS: tuple[tuple[str, str], ...] = (
    (
        "Jigsaw 2018 (both samples)",
        "six labels -> toxicity, severe_toxicity, obscene, threat, insult, identity_attack where all "
        "six exist; rows with only `toxic`: toxic=0 -> every fine label 0 (true for 99.5% of fully "
        "labelled rows), toxic=1 -> fine labels unknown",
    ),
    (
        "wikipedia-talk-context",
        "gn, gc, cat_small (out-of-context label): as Jigsaw `toxic`-only rows",
    ),
    (
        "davidson",
        "hate -> toxicity 1 + identity_attack 1; offensive -> toxicity 1 + obscene 1 + "
        "identity_attack 0 (vulgar tweets; mild approving profanity is countered by augmentation); "
        "neither -> 0 on every abuse label",
    ),
    ("impermium", "Insult=1 -> insult 1 + toxicity 1; Insult=0 -> insult 0 only"),
    (
        "stormfront",
        "hate -> identity_attack 1 + toxicity 1; noHate -> both 0; relation/idk dropped",
    ),
    ("gab (GHC)", "hd -> identity_attack, cv -> threat; toxicity = any of hd/cv/vo"),
    (
        "implicit-hate",
        "explicit -> identity_attack 1 + toxicity 1; implicit -> identity_attack 1 (toxicity "
        "unknown), threat 1 if its stage-2 type is threatening, else 0 (unknown if untyped); "
        "not_hate -> identity_attack, toxicity and threat 0",
    ),
    (
        "formspring",
        ">= 2/3 workers bullying -> toxicity 1; 0/3 -> toxicity, severe_toxicity, threat, "
        "identity_attack 0; 1/3 dropped",
    ),
    ("fox-news (HELD OUT)", "hateful -> identity_attack 1, else 0 (toxicity unknown)"),
    ("reddit-incivility (HELD OUT)", "uncivil -> toxicity 1; civil -> 0 on every abuse label"),
    (
        "mlma-en (HELD OUT)",
        "sentiment `normal` alone -> toxicity 0 and identity_attack 0; any other -> toxicity 1; "
        "`hateful` among them -> identity_attack 1 (else unknown)",
    ),
    ("youtube spam (video 04 HELD OUT), sms spam", "spam only"),
    (
        "e-mail spam (spamassassin, enron1), sms-phishing, smokedetector titles",
        "spam only: spamassassin spam and enron1 spam -> 1, spamassassin hard_ham -> 0 (subject and the first "
        "600 characters of the body); sms-phishing smishing/spam -> 1, ham -> 0; smokedetector 2014 spam "
        "titles -> 1",
    ),
    ("youtube-2014 (3 other videos, HELD OUT)", "TAG -> spam only"),
    ("every non-spam set", "spam 0 (annotated conversational comments; down-weighted for spam, see Training)"),
    ("synthetic benign (streams/corpora/augment.py)", "0 on every abuse label"),
    (
        "every set, training rows only",
        "toxicity 0 -> unknown severe_toxicity, insult, obscene, sexual_explicit, threat, "
        "identity_attack 0 (a clean comment is no insult; validation and test rows keep their labels)",
    ),
)
MAPPING = (
    "| set | modstream labels (unknown = not trained on for that label) |\n|---|---|\n"
    + "\n".join(f"| {name} | {rule} |" for name, rule in _MAPPING_ROWS)
    + """

`sexual_explicit` has **no direct source**. It is a *derived, weak* label: a row that is abusive
(toxicity/obscene/insult/severe = 1) gets 1 if it matches an explicit sexual lexicon
(`streams/corpora/datasets.py: SEXUAL_RE`) and 0 otherwise; a clean row (toxicity 0) gets 0. The model
therefore learns a smoothed version of that lexicon in abusive context; its held-out AUC measures
agreement with the lexicon, not with human judgement.
"""
)

WEAKNESSES = """\
- **Linear bag of n-grams.** No word order beyond bigrams, no context: sarcasm, implicit or coded
  hate, and insults made of harmless words are missed; quoting abuse to condemn it is flagged.
- **Domain shift.** Training text is Wikipedia talk, tweets, extremist forums, a teen Q&A site and
  YouTube/SMS; news-comment data is small. Held-out news-comment sets (Fox, and the NC-licensed
  C3/UCC) score clearly lower than in-source rows.
- **Label noise and mixing.** Sources define toxic/hate/insult differently; the mapping above is a
  compromise. Davidson's labels over-associate African-American English with offensiveness.
- **Identity terms.** Benign identity templates and approving mild-profanity templates
  (streams/corpora/augment.py) are added as clean rows (obscene 0 for the profanity ones) with weight 3,
  and off-domain hate sets are down-weighted; the held-out benign list is small (35 texts), so the
  measured false-flag rate has a wide confidence interval. Several template suites still fail (the eval
  block below), and on real comments the bias is plain: test rows labelled clean that name an identity group
  (`streams/evaluation/identity_terms.py`) are flagged or hidden 4.4% of the time, against 3.5%
  for clean rows that do not (5.8% vs 3.4% with model 0fd03b07, 11.6% vs 4.3% under the earlier policy
  2026.12.04-2; alt-profanity-check: 6.4% vs 5.0%; `make eval`, 2026-12-05, model b4663903, policy 2026.12.05-1).
  Part of it is label noise (hate-corpus rows labelled clean such as "The
  reason most people are gay is because they are too ugly"), part is real: "Lesbian and gay people
  deserve equal rights." scored identity_attack 0.69 under 11ed65f6 and was flagged.
- **Calibration** is Platt scaling on the validation split, which mixes sources with very
  different base rates (Davidson is 77% offensive); probabilities on a real comment stream with a
  low abuse rate will be over-estimated for the mixed labels. Recalibrate on in-domain data.
- **sexual_explicit** is lexicon-derived (see above). **threat** is weak on personal threats:
  Jigsaw has few threat rows, and the Latent Hatred "threatening" posts (the bulk of the threat
  positives) are threats against groups. "i'm going to stab you" or "i know where you live" score
  under the flag thresholds.
- **Lexicon features.** Tokens in `streams/features/lexicon.py` add one shared feature per class
  (group slurs, violent acts) whose weight is learned; rare words then score like common ones. A
  slur outside the list relies on its own n-grams, and a slur quoted to condemn it is scored like
  the slur (counter-speech).
- **Reddit incivility disagrees with the product on mild profanity.** Its codebook counts any
  vulgarity ("cool as hell", "badass", "wtf") as uncivil, while modstream deliberately scores
  approving mild profanity low; alt-profanity-check, a profanity detector trained on the full
  Jigsaw + Davidson sets, ranks those rows better. The same holds for C3's "mildly toxic" teasing.
- **Spam** held-out AUC is 0.980 (target 0.98, inside sampling noise with 208
  positives): YouTube video 04, never trained on, pooled with the held-out comments of the other
  sources as negatives; on video 04 alone it is 0.975. Several rows labelled spam there read as
  ordinary opinions ("Hello I'am from Palastine"). Leave-one-video-out over the three training
  videos gives a mean of 0.963 on the left-out video alone, and holding out the SMS set gives 0.76:
  SMS spam and comment spam share little. Spam is trained on YouTube music-video comments, SMS,
  e-mail and post-title spam;
  link-farm or SEO spam in news comments looks different, link-only comments score near the flag
  threshold, and the synthetic money-spam campaigns of `modstream eval` are actioned
  89% of the time by the model alone, the news-spam suite 74% (policy 2026.12.05-1, spam flag 0.27; the stream
  layer's campaign detector hides repeats).
  The normaliser's URL/phone/money placeholders carry much of the signal.
"""


def _datasets_table(meta: dict[str, Any]) -> str:
    counts = meta["training"]["datasets"]
    lines = [
        "| data set | licence (as stated in SOURCE.md) | train | valid | test |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(counts):
        row = counts[name]
        lic = LICENCES.get(name, "synthetic (this repo)")
        lines.append(
            f"| {name} | {lic} | {row.get('train', 0)} | {row.get('valid', 0)} | {row.get('test', 0)} |"
        )
    return "\n".join(lines)


def _spam_weights(training: dict[str, Any]) -> str:
    """The spam row weights: by source, and for the other sets' rows holding a money / phone / e-mail
    placeholder where that weight is on."""
    text = (
        f"YouTube rows 1, SMS rows {training.get('spam_sms_weight', 1.0)}, rows of the other sets "
        f"{training.get('spam_other_source_weight')}"
    )
    weight = training.get("spam_signal_weight")
    if weight is None:
        return text
    tokens = ", ".join(f"`{t}`" for t in training.get("spam_signal_tokens", []))
    return f"{text}, or {weight} where the normalised text holds {tokens}"


def _grids(training: dict[str, Any]) -> str:
    grids = training.get("C_grid")
    if not grids:
        return "the command line's grid"
    if all(len(grid) == 1 for grid in grids.values()):
        fixed = ", ".join(f"{label} {grid[0]:g}" for label, grid in grids.items())
        return (f"a one-value grid per label ({fixed}): the C that the previous model's validation search "
                "picked (`models.train --previous-c`; no search in this run)")
    by_grid: dict[str, list[str]] = {}
    for label, grid in grids.items():
        by_grid.setdefault(", ".join(f"{c:g}" for c in grid), []).append(label)
    return "; ".join(f"{{{g}}} for {', '.join(labels)}" for g, labels in by_grid.items())


def _scaling_note(training: dict[str, Any]) -> str:
    """Which labels tried NB log-count-ratio scaling, what validation said, and what was kept."""
    nb_labels = training.get("nb_labels") or []
    if not nb_labels:
        return "Features unscaled (no NB log-count-ratio candidates in this run)."
    tried = training.get("valid_auc_tried", {})
    scaling = training.get("scaling", {})
    parts = []
    for label in nb_labels:
        runs = tried.get(label, [])
        shown = ", ".join(f"{kind} C={c:g} {auc}" for kind, c, auc in runs)
        parts.append(f"{label}: {shown} -> **{scaling.get(label, 'plain')}**")
    grid = ", ".join(f"{c:g}" for c in training.get("nb_C_grid", []))
    return (
        "**NB-SVM scaling** (`models/fit.py: log_count_ratio`, Wang and Manning 2012): for "
        f"{', '.join(nb_labels)} the fit also tries the hashed buckets scaled by the label's log-count ratio "
        f"(counted on the fitted rows, folded into the table, so the runtime is unchanged) over C {{{grid}}}; "
        "validation AUC picks between it and the plain buckets. Validation AUC per candidate: "
        + "; ".join(parts) + "."
    )


def _refit_note(training: dict[str, Any]) -> str:
    if "in-source" not in str(training.get("fit_rows", "")):
        return ("The shipped table is the split run's (`make model` refits on every licensed row unless "
                "`--split-only` is given).")
    return ("The C values, the calibration and every test figure below come from the split run (fitted on "
            "the training split only; its model is written to `models/.work/split-run.onnx`); the shipped "
            "table is then refitted with the same C on the larger row set, so `modstream eval`'s in-source "
            "slice has been trained on by the shipped model and only its held-out-source and eval-only "
            "slices are independent of it.")


def feedback_note(training: dict[str, Any]) -> str:
    """Whether and how moderator feedback (``models.train --feedback``) went into the fit."""
    used = training.get("feedback") or {}
    rows = int(training.get("datasets", {}).get("moderator-feedback", {}).get("train", 0))
    files = ", ".join(f"`{name}`" for name in used.get("files", []))
    if not files:
        return "**Moderator feedback:** not used (no `--feedback` export given)."
    return (
        f"**Moderator feedback:** {rows:,} training rows from {files} (`modstream feedback export`): only "
        "verdicts whose platform sent the text; approve sets every label 0, reject/relabel sets the named labels "
        "1 and leaves the others unknown; training split only, never a test or validation row, rows whose text "
        "is already in the data sets dropped."
        + (" The export had no usable rows." if rows == 0 else "")
    )


def write_card(path: Path, meta: dict[str, Any], report: dict[str, Any], size: int) -> None:
    """Render the card (data, mapping, procedure, held-out metrics, weaknesses, thresholds).

    The tail from :data:`KEPT_MARKER` on (evaluation report block, model history) is carried over.
    """
    metrics = report["metrics"]
    lexicon = ""
    if meta["featurizer"].get("lexicon"):
        lexicon = (
            ", plus one learned feature per lexicon class ('group slur', 'violent act') for each token"
            f" listed in `streams/features/lexicon.py` (version {meta['featurizer']['lexicon']})"
        )
    if meta["featurizer"].get("group_words"):
        lexicon += (
            "; a neutral group name listed in `streams/features/lexicon.py: GROUP_WORDS` (version "
            f"{meta['featurizer']['group_words']}: 'gay', 'muslims', 'jews', ...) adds no unigram, char n-gram or peer "
            "feature of its own, only its word bigrams with its neighbours, so a lone group word carries no "
            "evidence while its context still does"
        )
    if meta["featurizer"].get("peer_words"):
        lexicon += (
            f", plus the **peer family**: one feature per word of alt-profanity-check's vocabulary "
            f"({meta['featurizer']['peer_words']:,} words, `streams/features/peer_vocab.txt`) in its own table row, "
            "holding that peer's word weight (idf x mean linear-SVM coefficient, `models/peer_family.py`) times one "
            "coefficient per label learned here. Credit: alt-profanity-check 1.9.1 "
            "(github.com/dimitrismistriotis/alt-profanity-check, MIT licence; a maintained fork of "
            "vzhou842/profanity-check). It learned its weights from Davidson et al.'s tweets and the Kaggle Jigsaw "
            "2018 training comments (about 160k), of which we hold a 20k sample"
        )
    heldout_slices = sorted({s for per in metrics.values() for s in per if s.startswith("source:")})
    benign = report["benign"]
    training = meta["training"]
    per_label = "\n".join(
        f"| {lb} | {training['n_train'][lb]} | {training['n_train_pos'][lb]} | {training['C'][lb]} "
        f"| {training['valid_auc'][lb]} | {meta['calibration'][lb]['a']:.3f} | {meta['calibration'][lb]['b']:.3f} |"
        for lb in meta["labels"]
    )
    text = f"""# modstream classifier — model card

**Version:** `{meta["version"]}` · **Labels:** {", ".join(f"`{x}`" for x in meta["labels"])}
· **File:** `models/modstream.onnx` ({size / 1e6:.1f} MB) + `models/modstream.json`
· **Input:** text already normalised by `{meta["normalizer"]}`

## What it is
Hashed word uni/bi-grams and in-word char {meta["featurizer"]["char_min"]}-{meta["featurizer"]["char_max"]}-grams
(`streams.features.HashingFeaturizer`, 2^{meta["featurizer"]["n_buckets_log2"]} buckets, signed,
per-family 1/sqrt(n) weighting; identical code at training and inference){lexicon} feeding a hand-built
ONNX graph over the flat features of a whole batch (no padding): Gather(table[buckets, 8])
-> ScatterND(add) into four signed slots per comment (char +/-, word +/-) -> x the comment's per-slot
weight -> sum the slots -> + offset -> sigmoid. One logistic regression per label,
Platt-calibrated; the calibration is folded into the table. Outputs `probabilities` and `logits`
(calibrated log-odds). Explanations use the log-odds each feature adds: a per-bucket table is
computed once through the graph, and a token's contribution is the sum over its features.

## Data
Only the sets below were trained on. **UCC and C3 (non-commercial) are evaluation-only.**
Texts are deduplicated across all sets on a normalised key before splitting; duplicates are merged.
Splits (`streams/corpora/splits.py`): whole sources held out for test — `reddit-incivility`, `fox-news`,
YouTube video 04 (Eminem), `mlma-en` (MLMA's English tweets, MIT, added for issue #14) and `youtube-2014`
(the TubeSpam authors' 2014 labels of three other videos: PlayStation 4, Avengers, PewDiePie); every
other source is split by group (post / thread / row) with a seeded
hash: 12% test (in-source), 12% validation, 76% training.

{_datasets_table(meta)}

{feedback_note(training)}

### Label mapping
{MAPPING}

## Training
```
make model                                          # whole recipe: C search, then refit on every licensed row; seeded
make model MODEL_ARGS="--split-only --previous-c"   # split run only, each label at its previous C
```
Per label: rows where the label is known (masked multi-label), liblinear logistic regression,
`class_weight=balanced` for {", ".join(training["balanced_class_weight"])},
source weights {training["source_weights"]} (spam instead: {_spam_weights(training)}); C chosen by
validation ROC-AUC from
{_grids(training)}; Platt scaling fitted on validation logits.
{_scaling_note(training)}
**Rows of the shipped fit:** {training.get("fit_rows", "training split only")}. {_refit_note(training)}

| label | train rows | positives | C | valid AUC | Platt a | Platt b |
|---|---|---|---|---|---|---|
{per_label}

## Held-out metrics
ROC-AUC of this model, alt-profanity-check in brackets (same rows, raw text), `n=rows/positives+`.
Slices: `in-source` = unseen groups of training sources; `heldout-source` = whole sources never
trained on; `eval-only` = UCC + C3 (non-commercial, never trained on); `{PEER_UNSEEN}` = all three
without the sources alt-profanity-check was itself trained on ({", ".join(sorted(PEER_TRAINING_SOURCES))}:
its README names Davidson et al.'s labeled_data.csv and the Kaggle Jigsaw 2018 train.csv, which our
rows of those sets come from, so there the peer is scored on its own training data).

{format_table(metrics, ["in-source", "heldout-source", "eval-only", PEER_UNSEEN])}

Per held-out source:

{format_table(metrics, heldout_slices)}

Calibration (expected calibration error, 10 bins) on in-source test rows:
{", ".join(f"{lb} {metrics[lb]['in-source']['ece']}" for lb in meta["labels"] if "in-source" in metrics[lb])}.

### Benign identity / mild-profanity check
{benign["n"]} held-out benign texts (`streams/corpora/augment.py: EVAL_BENIGN`; different templates from the
training augmentation) scored at the default flag thresholds of `config/policy.json`:
any-label false-flag rate **{benign["any_label_rate"]:.1%}**; max toxicity {benign["max_toxicity"]},
max identity_attack {benign["max_identity_attack"]}.
{"Flagged: " + "; ".join(benign["flagged"]) if benign["flagged"] else "None flagged."}

## Speed
features + ONNX, one process, batch 128 of ~250-character normalised comments, measured at the
end of training: **{report.get('throughput_per_s', 'n/a')} comments/s** (1 intra-op / 1 inter-op
thread, sequential). Reproduce: `taskset -c 0 .venv/bin/python -m models.bench_scorer`.

## Intended use of thresholds
Scores are calibrated probabilities on the *validation mixture*, not on a live stream. Use `flag`
thresholds to queue for a human, and reserve `hide` for high-confidence labels (toxicity,
severe_toxicity, threat, identity_attack, spam >= ~0.9). Do not auto-hide on `obscene` or
`sexual_explicit` alone: they fire on mild or consensual vulgarity. Tune per tenant on labelled
samples of that tenant's traffic.

## Known weaknesses
{WEAKNESSES}
"""
    path.write_text(f"{text}\n{kept_tail(path)}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Rewrite a card from the metadata and the training run's metrics (after editing the text here)."""
    import argparse
    import json

    models_dir = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--models-dir", type=Path, default=models_dir)
    args = parser.parse_args(argv)
    metrics = args.models_dir / ".work" / "metrics.json"
    if not metrics.exists():
        parser.error(f"{metrics} not found: it is written by `make model` (not committed)")
    meta = json.loads((args.models_dir / "modstream.json").read_text(encoding="utf-8"))
    report = json.loads(metrics.read_text(encoding="utf-8"))
    if report.get("version") != meta["version"]:
        parser.error(f"{metrics} is for {report.get('version')}, the model is {meta['version']}: run `make model`")
    size = (args.models_dir / "modstream.onnx").stat().st_size
    write_card(args.models_dir / "MODEL_CARD.md", meta, report, size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
