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

#: Feature classes in a fixed order (the order is part of the hashed feature).
CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("slur", tuple(form for slur in SLURS for form in (slur, slur + "s"))),
    ("violence", VIOLENCE),
)
