"""Evasion: plain abusive comments (insults, slurs, sexual harassment, threats) and obfuscated
variants of each. Metric: per obfuscation type, actioned rate relative to the plain forms.

This is a moderation test suite: the sentences are deliberately abusive and include slurs.
"""

from __future__ import annotations

from streams.evaluation.suites.base import SuiteRow, article
from streams.evaluation.suites.obfuscate import OBFUSCATIONS, plain

NAME = "evasion"
PLAIN = "plain"

INSULT_NOUNS = (
    "idiot", "moron", "loser", "bitch", "asshole", "scumbag", "dumbass", "cunt", "imbecile",
    "retard", "dickhead", "twat", "whore", "slut", "jackass",
)
INSULT_TEMPLATES = (
    "you are {a} [{n}]",
    "shut up you [stupid] [{n}]",
    "what a [pathetic] [{n}], nobody cares what you think",
    "only {a} [{n}] would write this [crap]",
    "the author is a complete [{n}] and should be fired",
    "go away you [fucking] [{n}]",
    "listen here you [ignorant] [{n}], read a book",
)
SLURS = ("faggot", "tranny", "nigger", "kike", "spic", "chink", "raghead", "dyke", "wetback")
SLUR_TEMPLATES = (
    "get out of our country you [{s}]",
    "no one wants [{s}s] living on our street",
    "typical [{s}], always whining about something",
    "shut your mouth you [filthy] [{s}]",
)
HARASSMENT = (
    "send me [nudes] you [slut]",
    "i want to [fuck] you so hard you can't walk",
    "[suck] my [dick] and then we can talk",
    "show me your [tits] and i'll agree with you",
    "i bet you [moan] like a [whore]",
    "come sit on my [cock] sweetheart",
    "you deserve to be [raped]",
    "nice [ass], i'd [bang] you",
    "she only got the job by [sucking] [dick]",
    "[fuck] off and die you [cunt]",
)
THREATS = (
    "i will [kill] you",
    "i'm going to find you and [slit] your [throat]",
    "someone should [shoot] you in the head",
    "i'll [beat] the [shit] out of you",
    "watch your back, i will [hurt] your family",
    "i hope you [die] in a fire",
    "i know where you live and i will [burn] your house down",
    "people like you should be [hanged]",
    "[kill] yourself nobody would miss you",
    "i'm going to [stab] you next time i see you",
)


def base_sentences() -> list[tuple[str, str]]:
    """(category, marked sentence) pairs, in a fixed order."""
    out: list[tuple[str, str]] = []
    for t, template in enumerate(INSULT_TEMPLATES):
        for k in range(4):
            noun = INSULT_NOUNS[(t * 4 + k) % len(INSULT_NOUNS)]
            out.append(("insult", template.format(n=noun, a=article(noun))))
    for t, template in enumerate(SLUR_TEMPLATES):
        for k in range(4):
            out.append(("slur", template.format(s=SLURS[(t * 4 + k) % len(SLURS)])))
    out += [("sexual_harassment", s) for s in HARASSMENT]
    out += [("threat", s) for s in THREATS]
    return out


def generate(limit: int | None = None) -> list[SuiteRow]:
    """Every base sentence plain plus once per obfuscation; ``limit`` caps the total rows by
    keeping fewer base sentences (at least one), so plain and obfuscated forms stay paired."""
    bases = base_sentences()
    per_base = 1 + len(OBFUSCATIONS)
    if limit is not None:
        bases = bases[: max(1, limit // per_base)]
    rows: list[SuiteRow] = []
    for i, (category, marked) in enumerate(bases):
        group = f"{category}:{i}"
        rows.append(SuiteRow(NAME, plain(marked), PLAIN, group, True))
        for name, transform in OBFUSCATIONS.items():
            rows.append(SuiteRow(NAME, transform(marked, i), name, group, True))
    return rows
