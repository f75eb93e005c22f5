"""HTML markup in comment bodies (rich-text editors, Disqus, exported YouTube comments).

Tags become spaces, so removing one can never join its neighbours into a new tag (which keeps
`normalize` idempotent). A link's target is kept as text unless its anchor text already shows it
(`<a href="x.com/a">x.com/a</a>` -> ` x.com/a `, `<a href="x.com">click</a>` -> ` x.com click `),
so links stay visible to the URL step and to campaign detection. Only known HTML tag names are
removed: "i <3 you", "<-- this" and "<joke>" are ordinary text.
"""

from __future__ import annotations

import re

_LIMIT = 2000  # longest tag body looked at: bounded work per "<"
_TAG_NAMES = (
    "a|abbr|b|big|blockquote|br|center|cite|code|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|li|"
    "mark|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul"
)
_TAG_RE = re.compile(rf"</?(?:{_TAG_NAMES})(?![\w-])[^<>]{{0,{_LIMIT}}}>", re.IGNORECASE)
_OPEN_A_RE = re.compile(rf"<a(?![\w-])([^<>]{{0,{_LIMIT}}})>", re.IGNORECASE)
_HREF_RE = re.compile(r"""\bhref\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))""", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^(?:https?:)?//(?:www\.)?|^www\.", re.IGNORECASE)
_CLOSE_A_RE = re.compile(r"</a\s*>", re.IGNORECASE)


def _bare(url: str) -> str:
    return _SCHEME_RE.sub("", url.strip()).rstrip("/").lower()


def _link_targets(text: str) -> str:
    """Each `<a href=...>` tag replaced by its target unless the anchor text shows it already."""
    parts: list[str] = []
    done = 0
    for m in _OPEN_A_RE.finditer(text):
        href = _HREF_RE.search(m.group(1))
        target = next((g for g in href.groups() if g), "") if href else ""
        close = _CLOSE_A_RE.search(text, m.end(), m.end() + _LIMIT)
        anchor = text[m.end() : close.start()] if close else ""
        shown = bool(target) and _bare(target) in _bare(anchor)
        parts += [text[done : m.start()], " ", "" if shown or not target else f"{target} "]
        done = m.end()
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def strip_markup(text: str) -> tuple[str, bool]:
    """``text`` without HTML tags, and whether it had any."""
    if "<" not in text or ">" not in text:
        return text, False
    stripped = _TAG_RE.sub(" ", _link_targets(text))
    return stripped, stripped != text
