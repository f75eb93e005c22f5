"""Approving profanity: praise that swears. ``mild`` (damn, hell, bloody, freaking, crap) must not
be actioned (false-flag <= 2%). ``strong`` (fuck, shit) may be flagged for a human (obscene is a
label some tenants act on) but must not be hidden (<= 2%)."""

from __future__ import annotations

from streams.evaluation.suites.base import SuiteRow, dedupe, sample

NAME = "approving_profanity"

MILD_INTENSIFIERS = ("damn", "bloody", "freaking", "darn", "damned")
STRONG_INTENSIFIERS = ("fucking", "fuckin", "goddamn")
ADJECTIVES = ("good", "brilliant", "great", "fine", "solid", "smart", "excellent", "fair")
THINGS = ("point", "reporting", "piece", "column", "investigation", "take", "question", "interview")
MILD_EXCLAIM = ("hell yes", "hell yeah", "holy crap", "well damn", "heck yes", "oh hell yes", "damn right")
STRONG_EXCLAIM = ("holy shit", "fuck yes", "fuck yeah", "shit yes", "fucking finally")
PRAISE = (
    "finally someone said it",
    "this is spot on",
    "great work by the reporter",
    "you nailed it",
    "best thing I have read all week",
    "this is exactly what the council needed to hear",
    "thank you for writing this",
    "I agree with every word",
)
SHAPES = (
    "{i} {adj} {thing}!",
    "That was a {i} {adj} {thing}.",
    "What a {i} {adj} {thing}, thank you.",
)


def _rows(kind: str, intensifiers: tuple[str, ...], exclaims: tuple[str, ...]) -> list[SuiteRow]:
    rows: list[SuiteRow] = []
    for s, shape in enumerate(SHAPES):
        for i in intensifiers:
            for a, adj in enumerate(ADJECTIVES):
                thing = THINGS[(s + a) % len(THINGS)]
                text = shape.format(i=i, adj=adj, thing=thing)
                rows.append(SuiteRow(NAME, text[:1].upper() + text[1:], kind, f"{kind}:{i}", False))
    for e in exclaims:
        for praise in PRAISE:
            text = f"{e[:1].upper()}{e[1:]}, {praise}!"
            rows.append(SuiteRow(NAME, text, kind, f"{kind}:{e}", False))
    return rows


def generate(limit: int | None = None) -> list[SuiteRow]:
    """Mild and strong approving profanity, templated."""
    rows = _rows("mild", MILD_INTENSIFIERS, MILD_EXCLAIM)
    rows += [
        SuiteRow(NAME, t, "mild", "mild:fixed", False)
        for t in ("Damn well said!", "damn good point", "hell yes, finally someone said it")
    ]
    rows += _rows("strong", STRONG_INTENSIFIERS, STRONG_EXCLAIM)
    rows.append(SuiteRow(NAME, "this is fucking brilliant reporting", "strong", "strong:fixed", False))
    return sample(dedupe(rows), limit)
