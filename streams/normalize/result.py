"""The value object returned by `normalize()`."""

from __future__ import annotations

from dataclasses import dataclass

CHANGE_KINDS: frozenset[str] = frozenset(
    {
        "mojibake",
        "markup",
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
    phone numbers replaced by the placeholder words `xxurl`, `xxemail`, `xxmoney`,
    `xxphone`.
    """

    original: str
    text: str
    changes: frozenset[str]
    urls: tuple[str, ...]
    n_money: int
    n_phone: int
