"""`normalize()`: the full normalisation pipeline applied before every model / word list."""

from __future__ import annotations

import logging

from streams.lang.detect import identify
from streams.normalize.charmaps import C0_RE, SURROGATE_RE, ZERO_WIDTH_RE, has_surrogate
from streams.normalize.decoration import replace_decoration
from streams.normalize.markup import strip_markup
from streams.normalize.mojibake import fix_entities, fix_mojibake
from streams.normalize.obfuscation import deleet, destretch, fix_variants, join_spaced, restore_masks
from streams.normalize.result import NormalizedText
from streams.normalize.signals import has_digit, replace_money, replace_phones
from streams.normalize.unicode import fold_unicode, strip_invisible
from streams.normalize.urls import replace_contacts

log = logging.getLogger(__name__)

_DEOBFUSCATION_STEPS = (
    (restore_masks, "mask"),
    (join_spaced, "spacing"),
    (deleet, "leet"),
    (fix_variants, "leet"),
    (destretch, "stretch"),
)
_MAX_ROUNDS = 4
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _clean_ascii(text: str, changes: set[str]) -> str:
    """Lower-cased, whitespace-collapsed ASCII text without C0 controls."""
    # Printable ASCII is 0x20..0x7e: deleting those bytes in C beats `str.isprintable`'s per-character lookups.
    if not text.encode("ascii").translate(None, _PRINTABLE_ASCII):  # " " is its only whitespace
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text.lower()
    elif C0_RE.search(text):
        text = C0_RE.sub("", text)
        changes.add("invisible")
    return " ".join(text.lower().split())


def _clean_unicode(text: str, changes: set[str]) -> str:
    """Repaired, folded, lower-cased and whitespace-collapsed non-ASCII text."""
    if has_surrogate(text):
        text = SURROGATE_RE.sub("", text)
        changes.add("invisible")
    no_zw = text
    if ZERO_WIDTH_RE.search(text):
        no_zw = ZERO_WIDTH_RE.sub("", text)
        changes.add("invisible")
    fixed = fix_mojibake(no_zw)
    if fixed != no_zw:
        changes.add("mojibake")
    visible, removed = strip_invisible(fixed)
    if removed:
        changes.add("invisible")
    folded, fold_changes = fold_unicode(visible)
    changes.update(fold_changes)
    if "\ufffd" in folded:  # what no repair could restore ("â€\ufffd" for a lost closing quote)
        folded = folded.replace("\ufffd", " ")
        changes.add("mojibake")
    return " ".join(folded.split())


class _Found:
    """What `_extract` replaced so far (a plain slotted class: cheaper to build than a dataclass)."""

    __slots__ = ("n_email", "n_money", "n_phone", "urls")

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.n_email = 0
        self.n_money = 0
        self.n_phone = 0


def _extract(s: str, found: _Found) -> tuple[str, bool]:
    """Replace links, e-mails, money and phone numbers by placeholders.

    Repeated while it finds something: a replacement frees its neighbours ("$0www.x"
    only shows a link once "$0" became " xxmoney ").
    """
    any_hit = False
    for _ in range(_MAX_ROUNDS):
        contacts = replace_contacts(s)
        s = contacts.text
        n_money = n_phone = 0
        if has_digit(s):  # money and phone numbers both need a digit (one probe for the two steps)
            s, n_money = replace_money(s)
            s, n_phone = replace_phones(s)
        if contacts.urls:
            found.urls.extend(contacts.urls)
        found.n_email += contacts.n_email
        found.n_money += n_money
        found.n_phone += n_phone
        if not (contacts.urls or contacts.n_email or n_money or n_phone):
            break
        any_hit = True
        s = " ".join(s.split())
    return s, any_hit


def _normalize(text: str, lang: str | None = None) -> NormalizedText:
    changes: set[str] = set()
    s = fix_entities(text)
    if s != text:
        changes.add("mojibake")
    s, had_markup = strip_markup(s)  # after the entities: "&lt;b&gt;" must not survive as "<b>"
    if had_markup:
        changes.add("markup")
    language = identify(s, lang)  # before folding: accents and scripts tell the language
    if s.isascii():
        s = _clean_ascii(s, changes)
    else:
        s, n_deco = replace_decoration(_clean_unicode(s, changes))
        if n_deco:
            changes.add("decoration")

    found = _Found()
    s, _ = _extract(s, found)
    for _ in range(_MAX_ROUNDS):
        deobfuscated = False
        for step, name in _DEOBFUSCATION_STEPS:
            s, changed = step(s)
            if changed:
                changes.add(name)
                deobfuscated = True
        if not deobfuscated:
            break
        s, hit = _extract(s, found)  # "site d0t c0m" is a link only once de-leeted
        if not hit:
            break
    if found.urls or found.n_email:
        changes.add("url")
    if found.n_money:
        changes.add("money")
    if found.n_phone:
        changes.add("phone")
    return NormalizedText(
        original=text,
        text=s,
        changes=frozenset(changes),
        urls=tuple(found.urls),
        n_money=found.n_money,
        n_phone=found.n_phone,
        lang=language.lang,
        lang_source=language.source,
    )


def normalize(text: str, lang: str | None = None) -> NormalizedText:
    """Normalise one comment for the model: see `streams.normalize` for the steps.

    ``lang`` is the event's own BCP 47 tag: when it names a language it wins over detection.

    Never raises on a `str`: an unexpected internal error falls back to a plain
    lower-cased, whitespace-collapsed text (and is logged).
    """
    try:
        return _normalize(text, lang)
    except Exception:  # defensive: one odd comment must never stop the stream
        log.exception("normalize failed; falling back to plain lower-casing")
        plain = " ".join(SURROGATE_RE.sub("", str(text)).lower().split())
        return NormalizedText(str(text), plain, frozenset(), (), 0, 0)
