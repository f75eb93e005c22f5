"""Synthetic training rows: benign identity and mild-profanity rows, and threat rows.

Linear n-gram models trained on hate-speech sets learn identity words ("gay", "muslim", "black")
as toxic because those words mostly appear in attacks. We add clean, labelled-benign sentences
that *mention* identities (and approving comments with mild profanity) so the model has to rely
on the attacking context instead: respectful sentences, neutral statements of fact about a group
or a faith, and short identity phrases ("gay rights", "muslim community").

The labelled sets hold few threats against a person (about 900 training rows, most of them
veiled threats against groups), and almost none of the veiled kind aimed at one reader. Templated
direct and veiled threats (threat 1, toxicity 1) and harmless figurative uses of violent words
(clean) are added; their wording differs from the ``threats`` evaluation suite.

:data:`EVAL_BENIGN` uses different templates and wording and is never trained on; it measures the
false-flag rate.
"""

from __future__ import annotations

import random

import pandas as pd

from streams.corpora.datasets import Example, make_labels, to_frame

IDENTITIES = (
    "gay", "lesbian", "bisexual", "trans", "transgender", "queer", "straight", "muslim",
    "christian", "jewish", "hindu", "sikh", "buddhist", "catholic", "atheist", "black",
    "white", "asian", "latino", "latina", "hispanic", "mexican", "arab", "african",
    "african american", "native american", "indigenous", "immigrant", "refugee", "disabled",
    "deaf", "blind", "autistic", "old", "young", "female", "male", "feminist", "chinese",
    "indian", "pakistani", "palestinian", "israeli", "irish", "polish", "russian",
)
GROUPS = (
    "muslims", "jews", "christians", "hindus", "sikhs", "catholics", "mormons", "atheists",
    "gay men", "lesbians", "gays and lesbians", "trans women", "trans men", "black people",
    "black americans", "white people", "asians", "latinos", "mexicans", "arabs", "immigrants",
    "refugees", "women", "men", "feminists", "disabled people", "native americans",
)
PLACES = ("mosque", "synagogue", "church", "temple", "gurdwara", "pride parade", "community centre")
PEOPLE = ("people", "folks", "women", "men", "kids", "families", "americans", "neighbours")
PERSON = ("woman", "man", "person", "mom", "dad", "teacher", "nurse", "student", "veteran")

TRAIN_IDENTITY_TEMPLATES = (
    "i am {a} {idn} {person}",
    "proud {idn} {person} here, and i liked this",
    "as {a} {idn} {person}, i think this article is spot on",
    "speaking as {a} {idn} {person}, the mayor got this one right",
    "{idn} {people} deserve dignity and fairness",
    "{idn} {people} deserve the same rights as everyone else",
    "my neighbour is {idn} and she is lovely",
    "my best friend is {idn}",
    "being {idn} is nothing to be ashamed of",
    "i grew up in {a} {idn} family",
    "{idn} {people} are part of this community",
    "the {idn} community has been very welcoming",
    "support your {idn} neighbours",
    "we should listen to {idn} voices on this",
    "{idn} rights are human rights",
    "happy to see more {idn} representation",
    "my wife is {idn} and my husband is not, we are a happy family",
    "the article interviews several {idn} {people}",
    "i am {idn} and i approve this message",
    "proud to be {idn}",
    "i am {idn} and {idn2} and happy with who i am",
    "{idn} {idn2} {person} here, thanks for covering this",
    "my friend is {a} {idn} {idn2} {person} who loves hiking",
    "{group} in our neighbourhood opened a new bakery",
    "{group} and {group2} worked together on the school board",
    "many {group} voted in this election",
    "i drove past the {place} on my way to work",
    "{group} have lived in this city for generations",
    "i have many {group} among my friends and colleagues",
    "{group} celebrated the holiday with a street festival",
    "a group of {group} organised the charity run",
    "the history of {group} in this country is worth reading about",
    "{group} were among the volunteers after the flood",
)
PROFANITY_TEMPLATES = (
    "damn, {praise}",
    "{praise}, damn right",
    "hell yes, {praise}",
    "hell yeah, {praise}",
    "holy crap, {praise}",
    "damn fine {thing}",
    "one hell of a {thing}",
    "damn {praise_adj} {thing}",
    "this is a damn {praise_adj} {thing}",
    "{praise}. damn.",
    "what the hell, {praise}",
)
PRAISE = (
    "this is great", "you nailed it", "exactly right", "great reporting", "i love this",
    "couldn't agree more", "thanks for writing this", "so true", "brilliant piece",
)
PRAISE_ADJ = ("good", "fine", "great", "smart", "solid", "interesting", "well written")
THINGS = ("article", "comment", "point", "argument", "piece", "summary", "idea", "analysis")

FAITHS = ("islam", "judaism", "christianity", "hinduism", "sikhism", "buddhism")
NEUTRAL_TEMPLATES = (
    "{group} make up a big part of the town's population",
    "the census has a separate question for {group}",
    "most {group} i know work in healthcare",
    "{group} moved to this area in the sixties",
    "the documentary follows three {group} in london",
    "there is a large {idn} population in the north of the city",
    "{idn} families have lived on our road for decades",
    "the {idn} shop on the corner sells great bread",
    "{a} {idn} candidate is standing in the election",
    "{group} pay taxes and use the hospitals like the rest of us",
    "equal rights for {group} is the law",
    "{group} and {group2} both send their kids to the local school",
    "{faith} is practised by millions of people",
    "{faith} has its own calendar and holidays",
    "the school teaches about {faith} in year 8",
    "my uncle converted to {faith} last year",
)
SHORT_PHRASES = (
    "{idn} rights", "{idn} history month", "{idn} community", "{idn} culture", "{idn} pride",
    "{idn} and proud", "{idn} friends", "{idn} family", "{group} welcome", "{idn} food", "{faith}",
    "{idn} voices", "{idn}?", "{group}.",
)
# Threats (threat 1, toxicity 1): direct and veiled; never the suite's wording.
THREAT_TEMPLATES = (
    "i will find out where you work and wait for you",
    "we have your address now",
    "you better hope we never meet in person",
    "count your days {name}",
    "you have been warned, next time it won't be words",
    "we are watching you and your family",
    "don't be surprised when somebody visits you tonight",
    "accidents happen to people like you",
    "i'd lock my doors tonight if i were you",
    "your family won't recognise you when i'm done",
    "i'm going to make you pay for this, wait and see",
    "you will regret this for the rest of your short life",
    "somebody is going to hurt {them} soon and {them} will deserve it",
    "{them} needs to be dealt with permanently",
    "i'll cut your throat",
    "i'm going to strangle you with my bare hands",
    "i will put you in hospital",
    "i'll snap your neck {name}",
    "i'm gonna hunt you down",
    "i will end you, {name}",
    "we will come for {them} one night",
    "{them} should disappear and nobody would miss {them}",
    "one day soon {them} won't wake up",
    "i'd love to see {them} bleed",
)
THREAT_LEADS = ("", "mark my words, ", "i promise you, ", "seriously, ", "ok {name}, ")
THEM = ("him", "her", "that politician", "the columnist", "this man")
NAMES = ("buddy", "pal", "mate", "loser", "sweetheart", "tough guy")
# Harmless uses of violent or menacing words (clean).
FIGURATIVE_TEMPLATES = (
    "you're going to smash the interview tomorrow",
    "the deadline is going to be the death of me",
    "he murdered that song at karaoke, it was awful",
    "we will crush them in the final",
    "shoot me an email when you're free",
    "i'm dying to see the new film",
    "break a leg tonight!",
    "this exam will destroy me",
    "the heat today is brutal",
    "watch out for cyclists on your way home",
    "i know where the best cafe in town is",
    "mind your head on the low beam",
    "she nailed the presentation, killer slides",
    "this recipe is to die for",
    "the team got slaughtered 5-0 on saturday",
    "the sequel totally bombed at the box office",
)

# Held-out checks (never trained on): different wording and templates.
EVAL_BENIGN: tuple[str, ...] = (
    "Damn well said!",
    "damn good point",
    "hell yeah, great article",
    "Damn, that was a good read.",
    "Well damn, you changed my mind.",
    "hell of a game last night",
    "I am a proud gay Muslim woman",
    "trans people deserve respect",
    "as a Black man I agree",
    "As a Jewish mother of three, thank you for this piece.",
    "I'm a lesbian and I have been married for ten years.",
    "Muslims in my town organised the food drive.",
    "My husband is Mexican and our kids are bilingual.",
    "Gay couples should be able to adopt.",
    "I'm black and I vote.",
    "The mosque down the street hosts an interfaith dinner.",
    "As a white guy from Ohio, I found this informative.",
    "Being transgender is not a choice.",
    "I am a Christian and I support my gay son.",
    "Asian American history should be taught in schools.",
    "Speaking as a disabled veteran, the VA needs funding.",
    "Jews and Muslims marched together for peace.",
    "My grandmother was a Polish immigrant.",
    "Black lives matter.",
    "We welcomed a refugee family from Syria.",
    "I'm deaf and captions help me a lot.",
    "Feminism helped my daughters.",
    "Native American tribes should control their land.",
    "Hindus celebrate Diwali this week.",
    "As an atheist I respect your faith.",
    "Indian food is the best.",
    "She is a bisexual writer and a great one.",
    "Great article, thanks!",
    "I disagree with the author but it's a fair argument.",
    "The council vote is on Tuesday.",
)


def _identity_values(rng: random.Random) -> dict[str, str]:
    idn = rng.choice(IDENTITIES)
    return {
        "a": "an" if idn[0] in "aeiou" else "a", "idn": idn, "idn2": rng.choice(IDENTITIES),
        "person": rng.choice(PERSON), "people": rng.choice(PEOPLE), "group": rng.choice(GROUPS),
        "group2": rng.choice(GROUPS), "place": rng.choice(PLACES), "faith": rng.choice(FAITHS),
    }


def neutral_identity_examples(seed: int = 11, n_neutral: int = 1500, n_short: int = 600) -> list[Example]:
    """Seeded neutral statements about groups and faiths, and short identity phrases: clean."""
    rng = random.Random(seed)
    clean = dict.fromkeys(
        ("toxicity", "severe_toxicity", "insult", "obscene", "threat", "identity_attack", "sexual_explicit"), 0
    )
    out: list[Example] = []
    for kind, templates, n in (("neutral", NEUTRAL_TEMPLATES, n_neutral), ("short", SHORT_PHRASES, n_short)):
        for i in range(n):
            text = rng.choice(templates).format(**_identity_values(rng))
            out.append(Example(text, make_labels(spam=0, **clean), "synthetic-benign", f"synthetic:{kind}:{i}"))
    return out


def threat_examples(seed: int = 13, n_threat: int = 700, n_figurative: int = 400) -> list[Example]:
    """Seeded direct and veiled threats (threat 1, toxicity 1) and figurative controls (clean)."""
    rng = random.Random(seed)
    out: list[Example] = []
    for i in range(n_threat):
        values = {"them": rng.choice(THEM), "name": rng.choice(NAMES)}
        text = (rng.choice(THREAT_LEADS) + rng.choice(THREAT_TEMPLATES)).format(**values)
        labels = make_labels(threat=1, toxicity=1, spam=0, sexual_explicit=0)
        out.append(Example(text, labels, "synthetic-threat", f"synthetic:threat:{i}"))
    clean = dict.fromkeys(
        ("toxicity", "severe_toxicity", "insult", "obscene", "threat", "identity_attack", "sexual_explicit"), 0
    )
    for i in range(n_figurative):
        text = rng.choice(("", "lol ", "honestly ")) + rng.choice(FIGURATIVE_TEMPLATES)
        out.append(Example(text, make_labels(spam=0, **clean), "synthetic-threat", f"synthetic:figurative:{i}"))
    return out


def synthetic_examples() -> list[Example]:
    """Every synthetic training row: benign identity / profanity, neutral identity, threats."""
    return benign_examples() + neutral_identity_examples() + threat_examples()


def benign_examples(seed: int = 7, n_identity: int = 4000, n_profanity: int = 600) -> list[Example]:
    """Seeded synthetic benign rows: clean on every abuse label, obscene included."""
    rng = random.Random(seed)
    clean = dict.fromkeys(
        ("toxicity", "severe_toxicity", "insult", "threat", "identity_attack", "sexual_explicit"), 0
    )
    out: list[Example] = []
    for i in range(n_identity):
        idn = rng.choice(IDENTITIES)
        text = rng.choice(TRAIN_IDENTITY_TEMPLATES).format(
            a="an" if idn[0] in "aeiou" else "a",
            idn=idn,
            idn2=rng.choice(IDENTITIES),
            person=rng.choice(PERSON),
            people=rng.choice(PEOPLE),
            group=rng.choice(GROUPS),
            group2=rng.choice(GROUPS),
            place=rng.choice(PLACES),
        )
        labels = make_labels(obscene=0, spam=0, **clean)
        out.append(Example(text, labels, "synthetic-benign", f"synthetic:identity:{i}"))
    for i in range(n_profanity):
        text = rng.choice(PROFANITY_TEMPLATES).format(
            praise=rng.choice(PRAISE), praise_adj=rng.choice(PRAISE_ADJ), thing=rng.choice(THINGS)
        )
        # mild profanity in praise is not what the obscene flag is for ("Damn well said!")
        labels = make_labels(obscene=0, spam=0, **clean)
        out.append(Example(text, labels, "synthetic-benign", f"synthetic:profanity:{i}"))
    return out


def with_benign(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (a split frame) plus the synthetic training rows (:func:`synthetic_examples`) whose
    dedup key is not already in it (so they never collide with a test or validation text)."""
    from streams.corpora.splits import dedup_key

    synth = to_frame(synthetic_examples())
    synth["key"] = [dedup_key(t) for t in synth["text"]]
    synth = synth.drop_duplicates("key")
    synth = synth[~synth["key"].isin(set(frame["key"]))]
    synth["split"] = "train"
    synth["test_kind"] = ""
    return pd.concat([frame, synth], ignore_index=True)
