"""Word lists for learned features: "this token is a group slur", "this token is a violent act".

These are not classifiers and decide nothing by themselves. Every listed token adds its class's
shared hashed feature, whose weight the model learns from the training rows that contain any word
of the class. Words that are rare in the training data (``wetback``, ``stab``) then borrow the
evidence of the common ones. Single tokens only, matched as whole word tokens of the normalised
text (masks, leetspeak and stretching are already undone). Changing a list changes the model's
input: bump :data:`LEXICON_VERSION` and retrain.
"""

from __future__ import annotations

LEXICON_VERSION = 2

#: Slurs against groups (ethnicity, religion, sexuality, gender identity, disability).
SLURS: tuple[str, ...] = (
    "nigger", "sandnigger", "jigaboo", "darkie", "coon",
    "kike", "kyke",
    "spic", "spick", "wetback", "beaner",
    "chink", "gook", "zipperhead",
    "paki", "raghead", "towelhead",
    "wop", "dago", "honky",
    "faggot", "fag", "dyke",
    "tranny", "trannie", "shemale",
    "retard", "retarded", "mongoloid",
)  # fmt: skip

#: Acts of violence against a person (threat wording), in the forms comments use.
VIOLENCE: tuple[str, ...] = (
    "kill", "killed", "killing",
    "murder", "murdered", "murdering",
    "stab", "stabbed", "stabbing",
    "shoot", "shooting",
    "hang", "hanged", "lynch", "lynched",
    "behead", "beheaded", "slit", "strangle", "strangled",
    "bullet", "bullets",
    "rape", "raped", "raping",
    "torture", "tortured",
)  # fmt: skip

#: Version of :data:`GROUP_WORDS`; a model trained with ``FeaturizerConfig.group_words`` set stores it.
GROUP_WORDS_VERSION = 1

#: Neutral names of identity groups (the identities of the training augmentation in
#: ``streams/corpora/augment.py`` and their plural / noun / faith forms, less words with an everyday sense
#: such as "polish", "blind", "american"; no slur). With
#: ``FeaturizerConfig.group_words`` set, such a token adds no unigram, char n-gram or peer feature of
#: its own: it still forms word bigrams with its neighbours, so "gay people" or "muslims are" keep
#: their learned weight, but a lone group word carries nothing. (Hate-speech training sets name
#: groups mostly to attack them, so a linear model otherwise learns the group word itself as abuse.)
GROUP_WORDS: tuple[str, ...] = (
    "gay", "gays", "lesbian", "lesbians", "bisexual", "bisexuals", "trans", "transgender",
    "transgenders", "queer", "queers", "homosexual", "homosexuals", "lgbt", "lgbtq",
    "muslim", "muslims", "islam", "islamic", "jew", "jews", "jewish", "judaism",
    "christian", "christians", "christianity", "catholic", "catholics", "mormon", "mormons",
    "hindu", "hindus", "hinduism", "sikh", "sikhs", "sikhism", "buddhist", "buddhists", "buddhism",
    "atheist", "atheists", "black", "blacks", "white", "whites", "asian", "asians",
    "latino", "latinos", "latina", "latinas", "hispanic", "hispanics", "mexican", "mexicans",
    "arab", "arabs", "african", "africans", "indigenous",
    "immigrant", "immigrants", "migrant", "migrants", "refugee", "refugees", "disabled", "deaf",
    "autistic", "feminist", "feminists", "chinese", "indian", "indians", "pakistani",
    "pakistanis", "palestinian", "palestinians", "israeli", "israelis",
    "somali", "somalis",
)  # fmt: skip

#: Feature classes in a fixed order (the order is part of the hashed feature).
CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("slur", tuple(form for slur in SLURS for form in (slur, slur + "s"))),
    ("violence", VIOLENCE),
)
