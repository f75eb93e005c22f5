"""The value object returned by `normalize()`."""

from __future__ import annotations

from dataclasses import dataclass

from streams.lang.detect import DEFAULT_LANG, LangSource

CHANGE_KINDS: frozenset[str] = frozenset(
    {
        "mojibake",
        "markup",
        "decoration",
        "unicode",
        "confusables",
        "invisible",
        "stretch",
        "leet",
        "mask",
        "spacing",
        "url",
        "money",
        "phone",
    }
)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A comment after normalisation.

    `text` is lower-cased, whitespace-collapsed and has URLs / e-mails / money /
    phone numbers / decorative symbol runs replaced by the placeholder words `xxurl`,
    `xxemail`, `xxmoney`, `xxphone`, `xxdeco` (with the shape words `xxrate`, `xxurlroot`,
    `xxurlshort`, `xxurlwrap` after a money rate, a bare-domain link, a short link and a platform's
    link wrapper such as `t.co`).
    `lang` is the language the comment is scored as (primary BCP 47 subtag) and
    `lang_source` says whether the event gave it, it was detected, or English was assumed
    (too little text to tell).
    """

    original: str
    text: str
    changes: frozenset[str]
    urls: tuple[str, ...]
    n_money: int
    n_phone: int
    lang: str = DEFAULT_LANG
    lang_source: LangSource = "default"
