"""Synthetic benign rows that counter identity-term and mild-profanity bias.

Linear n-gram models trained on hate-speech sets learn identity words ("gay", "muslim", "black")
as toxic because those words mostly appear in attacks. We add clean, labelled-benign sentences
that *mention* identities (and approving comments with mild profanity) so the model has to rely
on the attacking context instead. :data:`EVAL_BENIGN` uses different templates and wording and is
never trained on; it measures the false-flag rate.
"""

from __future__ import annotations

import random

import pandas as pd

from models.datasets import Example, make_labels, to_frame

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
    """``frame`` (a split frame) plus the synthetic benign training rows whose dedup key is not
    already in it (so they never collide with a test or validation text)."""
    from models.splits import dedup_key

    synth = to_frame(benign_examples())
    synth["key"] = [dedup_key(t) for t in synth["text"]]
    synth = synth.drop_duplicates("key")
    synth = synth[~synth["key"].isin(set(frame["key"]))]
    synth["split"] = "train"
    synth["test_kind"] = ""
    return pd.concat([frame, synth], ignore_index=True)
