"""Heated but acceptable opinion: strong disagreement with no insult, slur or threat.
Its false-flag rate is reported (no hard target: robust criticism must stay up)."""

from __future__ import annotations

import itertools

from streams.evaluation.suites.base import SuiteRow, dedupe, sample

NAME = "heated_opinion"

SUBJECTS = (
    "The mayor", "The council", "The governor", "This editorial board", "The prime minister",
    "The senator", "The school board", "The author", "The police chief", "This government",
)
CLAIMS = (
    "is completely wrong about this",
    "is out of touch with working families",
    "is making a terrible mistake",
    "should resign over this",
    "has failed this city for years",
    "is ignoring the evidence",
    "has no plan and it shows",
    "keeps breaking every promise they made",
    "is wasting our tax money on vanity projects",
    "owes every resident an apology",
    "got this one badly, badly wrong",
    "has lost my vote for good",
)
CLOSERS = (
    "",
    " This is a disgrace.",
    " I am furious.",
    " Absolutely unacceptable!",
    " Vote them out in May.",
    " I have never been so disappointed.",
)


def generate(limit: int | None = None) -> list[SuiteRow]:
    """Subject x claim x closer; every combination (720 rows before ``limit``)."""
    rows = [
        SuiteRow(NAME, f"{subject} {claim}.{closer}", "heated", f"{s}:{c}", False)
        for (s, subject), (c, claim), closer in itertools.product(
            enumerate(SUBJECTS), enumerate(CLAIMS), CLOSERS
        )
    ]
    return sample(dedupe(rows), limit)
