"""Mojibake repair: UTF-8 misread as GBK/GB18030 (own code) and as cp1252/latin-1 (ftfy)."""

from __future__ import annotations

import contextlib
import html
import re

import ftfy

# Chars that GBK-decoded UTF-8 produces: CJK ideographs (+ the PUA gb18030 maps to).
_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ue000-\uf8ff]")
# A maximal run of characters GBK mojibake is made of (ideographs, PUA, U+FFFD); none of
# them is changed by NFKC, so a run looks the same when the text is normalised again.
# Kana belong to a run too: GBK decodes a symbol's last UTF-8 byte plus the next symbol's lead
# byte as one ("✥✥" -> "鉁モ湧"); the UTF-8 check in `_gbk_run` keeps genuine kana text as it is.
_RUN_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\ue000-\uf8ff\ufffd]+")
# UTF-8 read as cp1252/latin-1: a lead byte (U+00C2..U+00F4) followed by what a
# continuation byte 0x80..0xBF decodes to in cp1252 or latin-1.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LATIN_MOJI_RE = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
# Completion of a UTF-8 prefix whose last byte the GBK decoder replaced with U+FFFD.
_LOST_BYTE_GUESS = {b"\xe2\x80": "\u201d", b"\xe2\x82": "\u20ac", b"\xe2\x84": "\u2122"}
# A decorative symbol whose last byte was lost (arrows, box/geometric shapes, symbols, dingbats):
# which one it was does not matter, so any symbol of its block stands in (last byte 0xA0).
_LOST_BYTE_GUESS.update(
    {bytes([0xE2, second]): bytes([0xE2, second, 0xA0]).decode("utf-8")
     for second in (0x86, 0x87, *range(0x94, 0x9F), 0xAC, 0xAD, 0xAE)}
)
_GBK_MARKERS = frozenset("鈥锟鈧鈩")
# What GBK mojibake in Latin-script comments decodes to: ASCII, Latin-1/Extended letters,
# typographic punctuation, currency and letter-like symbols, and the decorative symbols spam
# dresses links in (arrows, box/geometric shapes, symbols, dingbats: see decoration.py).
_PLAUSIBLE_RE = re.compile(
    "[\x20-\x7e\u00a0-\u024f\u2000-\u206f\u20a0-\u20cf\u2100-\u214f"
    "\u2190-\u21ff\u2500-\u27bf\u2900-\u297f\u2b00-\u2bff]+"
)


def _gbk_run(run: str) -> str | None:
    """Re-decode one GBK-mojibake run as UTF-8; None when it is not mojibake."""
    parts = run.split("\ufffd")
    out: list[str] = []
    for i, part in enumerate(parts):
        try:
            raw = part.encode("gb18030")
        except UnicodeEncodeError:
            return None
        if i < len(parts) - 1:  # a byte was lost after this part
            for prefix, guess in _LOST_BYTE_GUESS.items():
                if raw.endswith(prefix):
                    raw = raw[: -len(prefix)] + guess.encode("utf-8")
                    break
            else:
                return None
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return None
    fixed = "".join(out)
    if fixed == run or not _PLAUSIBLE_RE.fullmatch(fixed):
        return None
    return fixed


def _glues(text: str, i: int) -> bool:
    """Does text[i] exist and touch the run (anything but whitespace)?"""
    return 0 <= i < len(text) and not text[i].isspace()


def _fix_gbk_match(m: re.Match[str]) -> str:
    run = m.group()
    glued = _glues(m.string, m.start() - 1) or _glues(m.string, m.end())
    if not glued and len(run) < 2 and run not in _GBK_MARKERS:
        return run  # a lone ideograph between spaces: genuine text
    fixed = _gbk_run(run)
    return run if fixed is None else fixed


def fix_gbk(text: str) -> str:
    """Repair UTF-8 text that was decoded as GBK/GB18030 (`don鈥檛` -> `don’t`).

    Only runs whose re-encoding is valid UTF-8 free of CJK are replaced, so genuine
    Chinese text (which practically never round-trips) is left alone.
    """
    if not _CJK_RE.search(text):
        return text
    return _RUN_RE.sub(_fix_gbk_match, text)


def fix_mojibake(text: str) -> str:
    """Repair cp1252/latin-1 mojibake (ftfy) when the repair yields Latin text.

    GBK mojibake is repaired later by `fix_gbk`, on NFKC-normalised text (NFKC can
    turn other characters into the ideographs GBK mojibake is made of).
    """
    if _LATIN_MOJI_RE.search(text):
        fixed = text
        with contextlib.suppress(Exception):  # best effort; never break the pipeline
            fixed = ftfy.fix_encoding(text)
        # Accept only repairs that yield Latin text / punctuation (see `_gbk_run`): a
        # "repair" into CJK or other scripts is far likelier a false positive.
        introduced = "".join(set(fixed).difference(text))
        if not introduced or _PLAUSIBLE_RE.fullmatch(introduced):
            text = fixed
    return text


# An HTML character reference with its closing ";" ("&not" alone is the word "not").
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_MAX_ENTITY_ROUNDS = 8


def _unescape(m: re.Match[str]) -> str:
    return html.unescape(m.group())


def fix_entities(text: str) -> str:
    """Decode HTML character references (`&amp;`, `&#8217;`, also double-escaped ones)."""
    if "&" not in text or ";" not in text:
        return text
    for _ in range(_MAX_ENTITY_ROUNDS):
        new = _ENTITY_RE.sub(_unescape, text)
        if new == text:
            break
        text = new
    return text
