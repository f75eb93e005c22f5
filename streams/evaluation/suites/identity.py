"""Identity: respectful comments that mention identities. Target: false-flag rate <= 2%, for
sentences (``respectful``), short statements (``short``), neutral statements of fact about a
group (``neutral``: "Islam is a religion", "Muslims and Jews live on my street.") and a lone
identity word or group name (``lone_word``: "gay", "Muslims") alike.

The templates are worded differently from the training augmentation in ``streams/corpora/augment.py``
(the runner also reports how many rows coincide with training texts).
"""

from __future__ import annotations

from dataclasses import dataclass

from streams.evaluation.suites.base import SuiteRow, article, dedupe, sample

NAME = "identity"


@dataclass(frozen=True, slots=True)
class Identity:
    """An identity as an adjective (``a gay nurse``) and as a group (``gay people``)."""

    adj: str
    group: str


IDENTITIES: tuple[Identity, ...] = (
    Identity("gay", "gay people"),
    Identity("lesbian", "lesbians"),
    Identity("bisexual", "bisexual people"),
    Identity("trans", "trans people"),
    Identity("transgender", "transgender people"),
    Identity("queer", "queer people"),
    Identity("Muslim", "Muslims"),
    Identity("Jewish", "Jewish people"),
    Identity("Christian", "Christians"),
    Identity("Catholic", "Catholics"),
    Identity("Hindu", "Hindus"),
    Identity("Sikh", "Sikhs"),
    Identity("Black", "Black people"),
    Identity("white", "white people"),
    Identity("Asian", "Asian people"),
    Identity("Chinese", "Chinese people"),
    Identity("Mexican", "Mexicans"),
    Identity("Latino", "Latinos"),
    Identity("Arab", "Arabs"),
    Identity("African", "Africans"),
    Identity("Native American", "Native Americans"),
    Identity("Palestinian", "Palestinians"),
    Identity("Israeli", "Israelis"),
    Identity("Somali", "Somalis"),
    Identity("immigrant", "immigrants"),
    Identity("refugee", "refugees"),
    Identity("disabled", "disabled people"),
    Identity("deaf", "deaf people"),
    Identity("autistic", "autistic people"),
    Identity("female", "women"),
    Identity("elderly", "older people"),
)
PERSONS = ("woman", "man", "mother", "father", "nurse", "teacher", "student", "engineer", "veteran")
TEMPLATES = (
    "I am {a} proud {adj} {person} and I enjoyed this article.",
    "{Group} deserve respect like anyone else.",
    "My {adj} neighbours invited us to dinner last weekend.",
    "Our new {adj} colleague gave a brilliant talk today.",
    "{Group} have contributed so much to this city.",
    "As {a} {adj} {person} myself, I appreciated how fairly this was reported.",
    "We need more {adj} doctors and teachers in our schools.",
    "Hate crimes against {group} must be taken seriously by the police.",
    "I stand with my {adj} friends and coworkers.",
    "My {adj} grandmother taught me how to cook.",
    "The article quotes several {adj} business owners from the high street.",
    "Proud to call {group} my neighbours.",
    "{Group} are just as capable as anyone else.",
    "My daughter's best friend is {adj} and they are inseparable.",
    "The {adj} community centre is raising money for the food bank.",
    "Glad the paper is covering the experiences of {group}.",
    "I'm {a} {adj} {person} and I vote in every election.",
    "There is nothing wrong with being {adj}.",
    "{Group} should feel safe in every neighbourhood.",
    "Thank you to the {adj} volunteers who cleaned up the park.",
    "Being {adj} has never stopped her from running the marathon.",
    "Many {group} serve in our armed forces with honour.",
    "My {adj} {person} friend just got promoted, so proud of her.",
    "Equal pay and equal rights for {group}.",
)


# Short statements: little context, so identity words weigh most (the issue's own examples).
SHORT_TEMPLATES = (
    "I am {a} proud {adj} {person}.",
    "I'm {a} {adj} {person}.",
    "Proud {adj} {person} here.",
    "{Group} deserve respect.",
    "I am {adj} and proud of it.",
)
PAIRS = (("gay", "Muslim"), ("Black", "trans"), ("Jewish", "lesbian"), ("disabled", "Latino"),
         ("queer", "Hindu"), ("Arab", "Christian"), ("autistic", "Black"), ("bisexual", "Jewish"))
SHORT_FIXED = ("I am a proud gay Muslim woman", "trans people deserve respect")

# Neutral statements: facts and everyday observations that name a group or a faith.
NEUTRAL_TEMPLATES = (
    "{Group} live on my street.",
    "{Group} deserve equal pay.",
    "There are {group} in my book club.",
    "The survey asked {group} about housing.",
    "{Group} vote in elections like everyone else.",
    "My {adj} neighbour is a dentist.",
    "Is the new councillor {adj}?",
    "The film is about two {adj} teenagers growing up in the nineties.",
)
PAIRED_NEUTRAL = ("{Group} and {Group2} live on my street.", "{Group} and {Group2} shop at the same market.")
FAITHS = ("Islam", "Judaism", "Christianity", "Hinduism", "Sikhism", "Buddhism")
FAITH_TEMPLATES = ("{faith} is a religion.", "{faith} has many branches.", "The lecture was about {faith}.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, idn: Identity, person: str) -> str:
    group_cap = _cap(idn.group)
    adj_first = template.startswith("{a} ") or "{a} {adj}" in template
    a = article(idn.adj) if adj_first else article("proud")
    return template.format(a=a, adj=idn.adj, person=person, group=idn.group, Group=group_cap)


def generate(limit: int | None = None) -> list[SuiteRow]:
    """Every template for every identity (the person noun rotates deterministically)."""
    rows: list[SuiteRow] = []
    for t, template in enumerate(TEMPLATES):
        for i, idn in enumerate(IDENTITIES):
            person = PERSONS[(t + i) % len(PERSONS)]
            text = _fill(template, idn, person)
            rows.append(SuiteRow(NAME, text, "respectful", f"{idn.adj}:{t}", False))
    for t, template in enumerate(SHORT_TEMPLATES):
        for i, idn in enumerate(IDENTITIES):
            text = _fill(template, idn, PERSONS[(t + i) % len(PERSONS)])
            rows.append(SuiteRow(NAME, text, "short", f"{idn.adj}:short{t}", False))
    for i, (first, second) in enumerate(PAIRS):
        text = f"I am {article(first)} proud {first} {second} {PERSONS[i % len(PERSONS)]}."
        rows.append(SuiteRow(NAME, text, "short", f"{first}+{second}", False))
    rows += [SuiteRow(NAME, text, "short", "fixed", False) for text in SHORT_FIXED]
    for t, template in enumerate(NEUTRAL_TEMPLATES):
        for idn in IDENTITIES:
            rows.append(SuiteRow(NAME, _fill(template, idn, "person"), "neutral", f"{idn.adj}:neutral{t}", False))
    for t, template in enumerate(PAIRED_NEUTRAL):
        for i, idn in enumerate(IDENTITIES):
            other = IDENTITIES[(i + 7) % len(IDENTITIES)]
            text = template.format(Group=_cap(idn.group), Group2=other.group)
            rows.append(SuiteRow(NAME, text, "neutral", f"{idn.adj}:pair{t}", False))
    for t, template in enumerate(FAITH_TEMPLATES):
        rows += [SuiteRow(NAME, template.format(faith=f), "neutral", f"{f}:faith{t}", False) for f in FAITHS]
    for idn in IDENTITIES:
        for word in dict.fromkeys((idn.adj, idn.adj.lower(), idn.group, _cap(idn.group))):
            rows.append(SuiteRow(NAME, word, "lone_word", f"{idn.adj}:lone", False))
    return sample(dedupe(rows), limit)
