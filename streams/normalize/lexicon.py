"""Restoration lexicon: the words that obfuscated spellings are restored to.

This is normalisation data, not a classifier: it only decides which word a mask
(`f**k`), a leet spelling (`a$$`), a spaced word (`s h i t`) or a stretch
(`fuuuuck`) stands for.  Order matters: earlier words win an ambiguous mask.
"""

from __future__ import annotations

import re
from functools import lru_cache

from streams.normalize.exceptions import LexiconError

#: Targets in priority order (most frequently obfuscated first).
TARGETS: tuple[str, ...] = (
    "fuck",
    "shit",
    "bitch",
    "ass",
    "arse",
    "dick",
    "cunt",
    "cock",
    "damn",
    "crap",
    "hell",
    "piss",
    "slut",
    "whore",
    "pussy",
    "bastard",
    "asshole",
    "nigger",
    "nigga",
    "faggot",
    "fag",
    "retard",
    "tranny",
    "twat",
    "wanker",
    "prick",
    "dyke",
    "kike",
    "spic",
    "kkk",
    "chink",
    "cum",
    "tits",
    "boobs",
    "porn",
    "sex",
    "sexy",
    "penis",
    "vagina",
    "rape",
    "rapist",
    "kill",
    "die",
    "suck",
    "idiot",
    "stupid",
    "moron",
    "dumb",
    "loser",
    "hoe",
    "jerk",
    "scum",
    "nazi",
    "homo",
    "queer",
    "gay",
    "douche",
    "douchebag",
    "bollocks",
    "bugger",
    "bloody",
    "motherfucker",
    "fingerfuck",
    "bullshit",
    "shithead",
    "dipshit",
    "horseshit",
    "jackass",
    "dumbass",
    "fatass",
    "smartass",
    "badass",
    "asshat",
    "dickhead",
    "cocksucker",
    "goddamn",
    "dammit",
    "wtf",
    "stfu",
    "gtfo",
    "kys",
    "hate",
    "ugly",
    "trash",
    "pig",
    "imbecile",
    "scumbag",
    "pathetic",
    "ignorant",
    "filthy",
    "stab",
    "shoot",
    "slit",
    "hurt",
    "burn",
    "beat",
    "raghead",
    "wetback",
    # spam vocabulary
    "cash",
    "money",
    "free",
    "casino",
    "viagra",
    "cialis",
    "bitcoin",
    "crypto",
    "loan",
    "dating",
    "hookup",
    "nude",
    "nudes",
    "xxx",
    "webcam",
    "escort",
    "onlyfans",
)
_VERB_SUFFIXES: tuple[str, ...] = ("", "s", "ing", "in", "ed", "er", "ers")
_NOUN_SUFFIXES: tuple[str, ...] = ("", "s")
#: Targets that inflect like verbs ("fucking", "sucked", "pissin").
_VERBS = frozenset(["fuck", "shit", "bitch", "suck", "kill", "piss", "rape", "hate", "damn", "screw"])
_EXTRA_FORMS: tuple[str, ...] = (
    "shitty",
    "shitting",
    "shitted",
    "bitchy",
    "slutty",
    "cunty",
    "fuckity",
    "pussies",
    "dying",
    "raping",
    "hating",
    "fucken",
)

#: Everyday words people stretch ("soooo"), used only to pick 1 vs 2 letters.
_STRETCH_TEXT = (
    "so no yes please what why god good too cool love lol omg wow nice ugh hey hi oh ok "
    "okay sorry really very much more me you stop sad mad bad old all well see need sweet "
    "yeah yay yum boo sleep huge cute dead guys thanks thank man bro dude fun funny sick "
    "hot fool shut up go off long slow hmm haha lmao lmfao yes yup nope wait whoa woo "
    "ooh ahh argh right great hello help now wrong true never ever what www iii"
)
STRETCH_WORDS: frozenset[str] = frozenset(_STRETCH_TEXT.split())


def _check(words: tuple[str, ...]) -> None:
    for w in words:
        if not w or not w.isascii() or not w.isalpha() or w != w.lower():
            raise LexiconError(f"bad lexicon word: {w!r}")


_check(TARGETS)

_check(_EXTRA_FORMS)


def _family(target: str) -> tuple[str, ...]:
    suffixes = _VERB_SUFFIXES if target in _VERBS else _NOUN_SUFFIXES
    sibilant = target.endswith(("ch", "sh", "ss", "x"))
    stem = target[:-1] if target.endswith("e") else target  # "rape" -> "raped", "hating"
    forms = [
        (stem if s[:1] in ("e", "i") else target) + ("es" if s == "s" and sibilant else s) for s in suffixes
    ]
    extras = (e for e in _EXTRA_FORMS if e.startswith(target[:3]) and e not in TARGETS)
    return tuple(dict.fromkeys([*forms, *extras]))


#: Forms grouped by target, targets in priority order.
FAMILIES: tuple[tuple[str, ...], ...] = tuple(_family(t) for t in TARGETS)
#: Every form, in priority order.
FORMS_ORDERED: tuple[str, ...] = tuple(dict.fromkeys(f for fam in FAMILIES for f in fam))
FORMS: frozenset[str] = frozenset(FORMS_ORDERED)


_HIDDEN_RUN_RE = re.compile(r"\.+")
_MAX_EXTRA_HIDDEN = 3


def _relaxed(m: re.Match[str]) -> str:
    n = len(m.group())
    return f".{{{max(1, n - 2)},{n + _MAX_EXTRA_HIDDEN}}}"


@lru_cache(maxsize=4096)
def unmask(pattern: str, relaxed: bool = True) -> str | None:
    """The target form a mask pattern stands for (`.` = one hidden character).

    An exact-length match wins (first in priority order); else, with at least two
    letters visible, each hidden run may stand for a few letters more or less than
    it has, families tried in priority order (`f**in` -> `fuckin`, `f*k` -> `fuck`); ``relaxed=False``
    allows only the exact-length match.
    None when nothing fits.
    """
    exact = re.compile(pattern)
    for form in FORMS_ORDERED:
        if exact.fullmatch(form):
            return form
    if not relaxed or len(pattern) - pattern.count(".") < 2:
        return None
    loose = re.compile(_HIDDEN_RUN_RE.sub(_relaxed, pattern))
    for form in FORMS_ORDERED:
        if loose.fullmatch(form):
            return form
    return None
