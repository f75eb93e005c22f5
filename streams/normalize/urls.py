"""URL and e-mail detection (plain and obfuscated) with placeholder replacement.

A link becomes `xxurl`, followed by a shape word where it has one: `xxurlroot` for a bare
domain with no path (`www.netjob1.com`: what link spam drops, where a cited article has a path),
`xxurlshort` for a link shortener the poster chose (`bit.ly/x`), which hides where it leads, and
`xxurlwrap` for a platform's automatic link wrapper (`t.co/x`: Twitter rewrites every link of every
tweet that way, so it says nothing about the poster; it is kept apart from the shorteners so that
tweets in the training sets do not teach "short link = not spam").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

URL_TOKEN = "xxurl"
EMAIL_TOKEN = "xxemail"
URL_ROOT_TOKEN = "xxurlroot"
URL_SHORT_TOKEN = "xxurlshort"
URL_WRAP_TOKEN = "xxurlwrap"
# Public link shorteners a poster chooses (hosts in canonical form).
_SHORTENER_NAMES = (
    "bit.ly bitly.com tinyurl.com goo.gl ow.ly is.gd buff.ly cutt.ly rb.gy shorturl.at "
    "tiny.cc tiny.one rebrand.ly t.ly v.gd s.id shorte.st adf.ly bl.ink qr.ae x.co "
    "soo.gd tr.im clck.ru u.to wa.me t.me"
)
SHORTENERS: frozenset[str] = frozenset(_SHORTENER_NAMES.split())
# Link wrappers a platform puts on every link of every post, whoever posts it: Twitter's t.co and
# LinkedIn's lnkd.in. "t" and "t.c" are a t.co link cut off by a retweet's truncation
# ("http://t…"; only a link with a scheme can have such a host).
WRAPPERS: frozenset[str] = frozenset(("t.co", "lnkd.in", "t", "t.c"))
# Top-level domains that are not everyday words or file extensions (so "agree.it" or
# "readme.md" is not a link).
_TLD_NAMES = (
    "com net org edu gov mil int info biz xyz top site online club app dev tech store "
    "shop blog website icu vip cc tk ml ga cf gq pw ws io co ly ru cn uk de fr jp br au "
    "ca nl pl es eu ch se ua kr tv fm gl gd su cz ro hu gr pt ir tr vn nz za mx ar cl sg "
    "hk tw ph pk ng ke ai mobi xxx"
)
_TLDS = _TLD_NAMES.split()


def _trie_pattern(words: list[str]) -> str:
    """A regex matching exactly ``words``, factored by shared prefixes (``c(?:om|a|...)``).

    `re` tries alternatives one by one, so at every "." the flat list of ~100 top-level domains
    cost ~100 failed comparisons; the factored form costs a few. Every use is followed by
    ``(?![a-z0-9-])``, so at most one word can match at a position and the factoring cannot
    change which one does.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        groups.setdefault(word[:1], []).append(word[1:])
    branches = []
    for head, tails in groups.items():
        if not head:
            continue
        rest = [t for t in tails if t]
        inner = _trie_pattern(rest) if rest else ""
        optional = "" in tails
        if not rest:
            branches.append(re.escape(head))
        else:
            branches.append(re.escape(head) + (f"{inner}?" if optional else inner))
    return "(?:" + "|".join(branches) + ")"


_TLD = _trie_pattern(_TLDS)
_TLD_FLAT = "(?:" + "|".join(sorted(set(_TLDS), key=lambda t: (-len(t), t))) + ")"  # the same words, unfactored
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_URL_CHARS = r"[^\s<>\"'()\[\]{}|\\^`]"
_TRAILING = ".,;:!?'\"*-_~"

_SCHEME_PREFIX_RE = re.compile(r"h(?<![a-z]h) ?[tx] ?[tx] ?p ?(s ?)?(?::|\[:\]|\(:\)) ?/ ?/ ?")
_SCHEME_HINT_RE = re.compile(r"h ?[tx] ?[tx] ?p")
_DOT_SEP = (
    r"(?: ?(?:\[ ?(?:\.|dot) ?\]|\( ?(?:\.|dot) ?\)|\{ ?(?:\.|dot) ?\}|< ?dot ?>) ?"
    r"| dot | \. )"
)
_BRACKET_HINT_RE = re.compile(r"[\[({<] ?(?:\.|dot|at) ?[\])}>]")
_PLACEHOLDER = r"(?!xx(?:url|email|money|phone)\b)"
_STOP = rf"(?!(?:the|a|an|this|that|of|and|or|in|on|at|to|is|my|your)\b){_PLACEHOLDER}"
_OBF_DOT_RE = re.compile(
    rf"(?<![\w.-]){_STOP}{_LABEL}(?:(?:\.|{_DOT_SEP}){_LABEL}){{0,5}}{_DOT_SEP}{_TLD}"
    r"(?![a-z0-9-])"
)
# The end of every `_OBF_DOT_RE` match: a cheap gate for that (costly) pattern.
_SEP_TLD_RE = re.compile(rf"{_DOT_SEP}{_TLD}(?![a-z0-9-])")
_OBF_DOT_SPLIT_RE = re.compile(_DOT_SEP)
_MAIL_HOSTS = r"(?:gmail|yahoo|hotmail|outlook|aol|icloud|protonmail|proton|gmx|ymail|live|msn)"
_BRACKET_AT_RE = re.compile(r" ?[\[({<] ?at ?[\])}>] ?")
_SPACED_AT_RE = re.compile(rf" at (?={_MAIL_HOSTS}\.)")

_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN_RE = re.compile(rf"(?:{_LABEL}\.){{1,8}}[a-z]{{2,24}}(?![a-z0-9-])")
_SCHEME_URL_RE = re.compile(rf"(?:https?|ftp)://{_URL_CHARS}+")
_WWW_URL_RE = re.compile(rf"www\d{{0,3}}\.{_URL_CHARS}+")
_BARE_URL_RE = re.compile(rf"{_PLACEHOLDER}(?:{_LABEL}\.){{1,8}}{_TLD}(?![a-z0-9-])(?::\d{{1,5}})?(?:/{_URL_CHARS}*)?")
# Every top-level domain starts with a letter: the lookahead turns away the common ". " and "..." at
# once instead of trying each first-letter branch of the alternation.
_TLD_HINT_RE = re.compile(rf"\.(?=[a-z]){_TLD}(?![a-z0-9-])")
_SCHEME_RE = re.compile(r"^(?:https?|ftp)://(?:www\d{0,3}\.)?|^www\d{0,3}\.")
_MAX_BARE_STARTS = 10


@dataclass(slots=True)
class ContactResult:
    """Text with links and e-mails replaced, plus what was found."""

    text: str
    urls: list[str] = field(default_factory=list)
    n_email: int = 0


def canonical_url(raw: str) -> str:
    """`HTTP://www.Site.com/a/b/?q=1#x` -> `site.com/a/b` (lower-case host/path form)."""
    url = _SCHEME_RE.sub("", raw.lower())
    for sep in "?#":
        url = url.split(sep, 1)[0]
    return url.rstrip("/")


def url_shape(url: str) -> str:
    """The shape words after `xxurl` for a canonical link (with a leading space), or ``""``."""
    host, slash, path = url.partition("/")
    if host in WRAPPERS:
        return f" {URL_WRAP_TOKEN}"
    if host in SHORTENERS:
        return f" {URL_SHORT_TOKEN}"
    return "" if slash and path.strip("/") else f" {URL_ROOT_TOKEN}"


def _scheme(m: re.Match[str]) -> str:
    return "https://" if m.group(1) else "http://"


def _undot(m: re.Match[str]) -> str:
    return _OBF_DOT_SPLIT_RE.sub(".", m.group())


def _deobfuscate(text: str) -> tuple[str, bool]:
    """`h t t p : / /`, `site dot com`, `site[.]com`, `me(at)x.com` -> plain forms."""
    new = text
    if "/" in new and _SCHEME_HINT_RE.search(new):
        new = _SCHEME_PREFIX_RE.sub(_scheme, new)
    bracket = ("[" in new or "(" in new or "{" in new or "<" in new) and _BRACKET_HINT_RE.search(new) is not None
    if (bracket or " dot " in new or " . " in new) and _SEP_TLD_RE.search(new):
        new = _OBF_DOT_RE.sub(_undot, new)
    if bracket:
        new = _BRACKET_AT_RE.sub("@", new)
    if " at " in new:
        new = _SPACED_AT_RE.sub("@", new)
    return new, new != text


class _Replacer:
    """Replaces links by the placeholder and collects their canonical forms."""

    def __init__(self, result: ContactResult) -> None:
        self.result = result

    def url(self, raw: str) -> str | None:
        core = raw.rstrip(_TRAILING)
        url = canonical_url(core)
        if not url or not any(c.isalnum() for c in url):
            return None
        self.result.urls.append(url)
        return f" {URL_TOKEN}{url_shape(url)} {raw[len(core) :]}"

    def prefixed(self, text: str, regex: re.Pattern[str], before: frozenset[str]) -> str:
        """Replace `regex` matches not preceded by a char in `before` (overlaps retried)."""
        parts: list[str] = []
        done = pos = 0
        while (m := regex.search(text, pos)) is not None:
            if m.start() and text[m.start() - 1] in before:
                pos = m.start() + 1
                continue
            new = self.url(m.group())
            pos = m.end()
            if new is not None:
                parts.append(text[done : m.start()])
                parts.append(new)
                done = m.end()
        if not parts:
            return text
        parts.append(text[done:])
        return "".join(parts)


_NOT_BEFORE_SCHEME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_NOT_BEFORE_WWW = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _replace_emails(text: str, result: ContactResult) -> str:
    parts: list[str] = []
    done = 0
    for at in re.finditer("@", text):
        i = at.start()
        if i < done:
            continue
        start = i
        while start > done and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        domain = _EMAIL_DOMAIN_RE.match(text, i + 1)
        if not 1 <= i - start <= 64 or domain is None:
            continue
        if start > done and text[start - 1] in _LOCAL_CHARS:
            continue
        parts.append(text[done:start])
        parts.append(f" {EMAIL_TOKEN} ")
        done = domain.end()
        result.n_email += 1
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _replace_bare(text: str, replacer: _Replacer) -> str:
    parts: list[str] = []
    done = scanned = 0
    for hint in _TLD_HINT_RE.finditer(text):
        h = hint.start()
        if h < scanned:
            continue
        start = h
        while start > scanned and text[start - 1] in _HOST_CHARS:
            start -= 1
        scanned = hint.end()
        # Glued to a word or an address?  (Right after a replaced link is a boundary.)
        if start > done and (_is_word_char(text[start - 1]) or text[start - 1] == "@"):
            continue
        while start < h and text[start] in ".-":
            start += 1
        found = None
        for _ in range(_MAX_BARE_STARTS):
            found = _BARE_URL_RE.match(text, start)
            if found is not None or start >= h:
                break
            dot = text.find(".", start, h)
            if dot < 0:
                break
            start = dot + 1
        if found is None:
            continue
        new = replacer.url(found.group())
        scanned = max(scanned, found.end())
        if new is not None:
            parts.append(text[done : found.start()])
            parts.append(new)
            done = found.end()
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _may_hold_contact(text: str) -> bool:
    """Cheap gate: can an e-mail or link pattern of `replace_contacts` match `text` at all?"""
    if "@" in text or (":" in text and "://" in text):
        return True
    return "." in text and ("www" in text or _TLD_HINT_RE.search(text) is not None)


def replace_contacts(text: str) -> ContactResult:
    """Replace e-mails by ` xxemail ` and URLs by ` xxurl ` (text must be lower-case).

    Obfuscated dots / at-signs are rewritten only where that reveals a link or address.
    """
    original = text
    text, _ = _deobfuscate(text)
    if not _may_hold_contact(text):
        return ContactResult(original)
    result = ContactResult(text)
    if "@" in text:
        text = _replace_emails(text, result)
    replacer = _Replacer(result)
    if "://" in text:
        text = replacer.prefixed(text, _SCHEME_URL_RE, _NOT_BEFORE_SCHEME)
    if "www" in text:
        text = replacer.prefixed(text, _WWW_URL_RE, _NOT_BEFORE_WWW)
    if "." in text:
        text = _replace_bare(text, replacer)
    result.text = text if result.urls or result.n_email else original
    return result
