"""Which real comments mention an identity group: for false-action rates on clean rows that do
and do not (the data-set counterpart of the identity template suite).

A plain word match on the raw text: group names, plus "islam", "judaism" and "immigration", topics
around which our false positives on civil C3 news comments cluster. Ambiguous words ("black",
"white", "women", "old") are left out, so the "mention" rows clearly name a group; the rest still
hold some.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

IDENTITY_TERMS: tuple[str, ...] = (
    "gay", "gays", "lesbian", "lesbians", "bisexual", "homosexual", "homosexuals", "trans",
    "transgender", "queer", "lgbt", "lgbtq", "muslim", "muslims", "islam", "islamic", "jew", "jews",
    "jewish", "judaism", "christian", "christians", "catholic", "catholics", "hindu", "hindus",
    "sikh", "sikhs", "buddhist", "atheist", "atheists", "asian", "asians", "chinese", "mexican",
    "mexicans", "latino", "latinos", "latina", "hispanic", "hispanics", "arab", "arabs", "african",
    "africans", "immigrant", "immigrants", "immigration", "migrant", "migrants", "refugee",
    "refugees", "disabled", "deaf", "autistic", "feminist", "feminists", "palestinian",
    "palestinians", "israeli", "israelis", "somali", "somalis", "indigenous",
)
_TERMS_RE = re.compile(r"\b(?:" + "|".join(IDENTITY_TERMS) + r")\b", re.IGNORECASE)


def mentions_identity(texts: Iterable[str]) -> np.ndarray:
    """bool per text: True where it names one of :data:`IDENTITY_TERMS` as a whole word."""
    return np.fromiter((_TERMS_RE.search(t) is not None for t in texts), dtype=bool)
