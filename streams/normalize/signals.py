"""Money and phone-number mentions, replaced by `xxmoney` / `xxphone`.

An amount paid per period ("$90/hr", "5k a month", "300 dollars weekly") is a rate: its
`xxmoney` is followed by the word `xxrate`, the shape of a pay-rate scam that a model can learn
without learning every amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MONEY_TOKEN = "xxmoney"
PHONE_TOKEN = "xxphone"
RATE_TOKEN = "xxrate"

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULT = r"(?:\s?(?:k|mm|m|bn|grand|thousand|million|billion)(?![a-z]))?"
_PERIOD = r"(?:hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?|annum|h|d|w|m)(?![a-z])"
_RATE = (
    rf"(?:\s?/\s?{_PERIOD}|\s(?:per|a|an|each|every)\s{_PERIOD}"
    r"|\s(?:hourly|daily|weekly|monthly|biweekly|fortnightly)(?![a-z]))"
)
_SYM = "[$£€¥₹]"
_CODE = r"(?:usd|eur|gbp|cad|aud|inr|rs\.?|us\$)"
_WORD = r"(?:dollars?|bucks|euros?|pounds?|quid|rupees?|usd|eur|gbp|cad|aud|inr)(?![a-z])"

_MONEY_RE = re.compile(
    rf"(?<![a-z0-9]){_CODE}?\s?{_SYM}\s?{_NUM}{_MULT}{_RATE}?(?![a-z])"  # not "$7vp1d" (leet)
    rf"|(?<![\w.,]){_NUM}{_MULT}\s?(?:{_SYM}|{_WORD}){_RATE}?"
    rf"|(?<![\w]){_CODE}\s?{_NUM}{_MULT}{_RATE}?"
    rf"|(?<![\w.,]){_NUM}\s?(?:k|grand)(?![a-z]){_RATE}"
)

_B = r"(?<![\w+.,/-])"
_E = r"(?![\w]|[.,/-]\d)"
_PHONE_RE = re.compile(
    rf"{_B}(?:\+?1[\s.-]?)?(?:\(\d{{3}}\)\s?\d{{3}}[\s.-]?\d{{4}}|\d{{3}}([\s.-]?)\d{{3}}\1\d{{4}}){_E}"
    rf"|{_B}\+\d{{1,3}}[\s.-]?\(?\d{{1,4}}\)?(?:[\s.-]?\d{{2,4}}){{2,4}}{_E}"
    rf"|{_B}0\d{{2,4}}[\s.-]?\d{{3,4}}[\s.-]?\d{{3,4}}{_E}"
    rf"|{_B}\d{{3}}-\d{{4}}{_E}"
)
_DIGIT_RE = re.compile(r"\d")
# The end of a money match that is a rate ("/hr", " a month", " weekly").
_RATE_END_RE = re.compile(rf"{_RATE}$")
_MAX_ROUNDS = 8
_NEAR = 12  # chars between a failed candidate and a replacement that may have blocked it
# Cheap single-prefix gates: the full patterns only run when one of these hits.
_SYM_RE = re.compile(_SYM)
_NUMBER_CONTEXT_RE = re.compile(
    r"\d(?<![\d,.]\d)[\d,.]* ?(?:k(?![a-z])|grand|dollar|buck|euro|pound|quid|rupee|usd|eur|gbp|cad|aud|inr)"
    r"|\d(?<=usd\d|eur\d|gbp\d|cad\d|aud\d|inr\d|rs.\d)"
    r"|\d(?<=usd \d|eur \d|gbp \d|cad \d|aud \d|inr \d|rs. \d)|\d(?<=rs \d)"
)
# The same on ASCII text with [0-9] for \d: a range test per character instead of a Unicode category lookup.
_NUMBER_CONTEXT_ASCII_RE = re.compile(_NUMBER_CONTEXT_RE.pattern.replace(r"[\d,.]", "[0-9,.]").replace(r"\d", "[0-9]"))
_PHONE_HINT_RE = re.compile(r"\d[\d().\- ]{5,20}\d")
_PHONE_HINT_ASCII_RE = re.compile(r"[0-9][0-9().\- ]{5,20}[0-9]")  # the same on ASCII text, faster


_NUMBER_START_RE = re.compile(r"\d(?<![\d,.]\d)")
_PHONE_START_RE = re.compile(r"[+(]|\d(?<!\d\d)")
# A currency code right before a number ("usd 5", "rs. 5", "us$5"): where a mention starts.
_CODE_BEFORE_RE = re.compile(rf"{_CODE} ?$")


def _replace_at(
    text: str, regex: re.Pattern[str], starts: list[int], token: Callable[[str], str], valid: Callable[[str], bool]
) -> tuple[str, int, bool]:
    """Replace `regex` matches anchored at candidate `starts` (ascending, may repeat).

    Anchored `match` calls cost a few characters each, where a `sub` over the text
    would try the (lookbehind-led) pattern at every position.  The flag says a
    candidate failed right next to a replacement (and may match once that became
    " xxmoney "), so the caller should run another round.
    """
    parts: list[str] = []
    done = count = 0
    failed: list[int] = []
    near_miss = False
    for pos in starts:
        if pos < done:
            continue
        m = regex.match(text, pos)
        if m is None or not valid(m.group()):
            failed.append(pos)
            near_miss = near_miss or (count > 0 and pos - done <= _NEAR)
            continue
        near_miss = near_miss or bool(failed and pos - failed[-1] <= _NEAR)
        parts.append(text[done:pos])
        parts.append(f" {token(m.group())} ")
        done = m.end()
        count += 1
    if not parts:
        return text, 0, False
    parts.append(text[done:])
    return "".join(parts), count, near_miss


def _any(_: str) -> bool:
    return True


def _money_token(found: str) -> str:
    return f"{MONEY_TOKEN} {RATE_TOKEN}" if _RATE_END_RE.search(found) else MONEY_TOKEN


def _phone_token(_: str) -> str:
    return PHONE_TOKEN


def _phone_like(found: str) -> bool:
    """7 to 15 digits, and not a round count ("1000000000 views" ends in five zeros or more)."""
    digits = "".join(c for c in found if c.isdigit())
    return 7 <= len(digits) <= 15 and not digits.endswith("00000")


def _money_starts(text: str) -> list[int]:
    starts = [m.start() for m in _SYM_RE.finditer(text)]
    for num in _NUMBER_START_RE.finditer(text):
        i = num.start()
        starts.append(i)
        code = _CODE_BEFORE_RE.search(text, max(0, i - 6), i)
        if code is not None:
            starts.append(code.start())
    return sorted(starts)


def _phone_starts(text: str) -> list[int]:
    starts: list[int] = []
    for hint in _PHONE_HINT_RE.finditer(text):
        first = max(0, hint.start() - 2)
        starts.extend(m.start() for m in _PHONE_START_RE.finditer(text, first, hint.end()))
    return starts


def _has_digit(text: str) -> bool:
    """Cheap gate: ``in`` scans for ten ASCII digits beat one ``\\d`` regex search four to one."""
    if text.isascii():
        return (
            "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
            or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
        )
    return _DIGIT_RE.search(text) is not None


has_digit = _has_digit  # the pipeline's gate for money and phone numbers together


def replace_money(text: str) -> tuple[str, int]:
    """Replace money mentions (`$500`, `500 dollars`, `£1,000/week` -> `xxmoney xxrate`)."""
    if not _has_digit(text):
        return text, 0
    if text.isascii():
        has_symbol, context = "$" in text, _NUMBER_CONTEXT_ASCII_RE
    else:
        has_symbol, context = _SYM_RE.search(text) is not None, _NUMBER_CONTEXT_RE
    if not (has_symbol or context.search(text)):
        return text, 0
    total = 0
    for _ in range(_MAX_ROUNDS):  # a replacement frees its neighbour: "5k a month5k a m"
        text, n, again = _replace_at(text, _MONEY_RE, _money_starts(text), _money_token, _any)
        total += n
        if not again:
            break
    return text, total


def replace_phones(text: str) -> tuple[str, int]:
    """Replace phone-number-like mentions (run after `replace_money`)."""
    if not _has_digit(text):
        return text, 0
    if not (_PHONE_HINT_ASCII_RE if text.isascii() else _PHONE_HINT_RE).search(text):
        return text, 0
    total = 0
    for _ in range(_MAX_ROUNDS):
        text, n, again = _replace_at(text, _PHONE_RE, _phone_starts(text), _phone_token, _phone_like)
        total += n
        if not again:
            break
    return text, total
