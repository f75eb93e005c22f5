"""Per-script normalisation for the non-English models: clean, but keep every letter as written.

The English path (`normalize().text`) folds accents and look-alikes to ASCII, which is right for
an English model and wrong for others: "Straße", "ılık" / "İstanbul", "não", Cyrillic and Greek
keep their letters here. Only invisible characters, markup, compatibility forms (NFKC), case
(Turkish and Azerbaijani dotted/dotless i lower-cased by their own rules), @handles, links and
e-mails are normalised; leetspeak restoration targets an English lexicon and is not applied.
"""

from __future__ import annotations

import re
import unicodedata

from streams.normalize.charmaps import SURROGATE_RE, ZERO_WIDTH_RE
from streams.normalize.markup import strip_markup
from streams.normalize.mojibake import fix_entities
from streams.normalize.unicode import strip_invisible
from streams.normalize.urls import replace_contacts

HANDLE_TOKEN = "@user"
_HANDLE_RE = re.compile(r"(?<!\w)@\w+")
_TURKIC = frozenset({"tr", "az"})
_TURKIC_UPPER = str.maketrans({"I": "ı", "İ": "i"})
_DOTTED_CAPITAL = str.maketrans({"İ": "i"})  # elsewhere: "i", not "i" + combining dot


def lower_for(text: str, lang: str) -> str:
    """Lower-case ``text`` by the rules of ``lang`` (Turkish: I -> ı, İ -> i)."""
    table = _TURKIC_UPPER if lang in _TURKIC else _DOTTED_CAPITAL
    return text.translate(table).lower()


def language_text(text: str, lang: str) -> str:
    """The text a non-English model reads: NFKC, lower-cased for ``lang``, letters kept as written."""
    s = fix_entities(text)
    s, _ = strip_markup(s)
    if not s.isascii():
        s = SURROGATE_RE.sub("", s)
        s = ZERO_WIDTH_RE.sub("", s)
        s, _ = strip_invisible(s)
        s = unicodedata.normalize("NFKC", s)
    s = lower_for(s, lang)
    s = replace_contacts(" ".join(s.split())).text
    s = _HANDLE_RE.sub(HANDLE_TOKEN, s)
    return " ".join(s.split())
