"""Turn raw Kafka message bytes into a ``CommentEvent`` or a precise ``InvalidEvent``."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from typing import Any

from pydantic import ValidationError

from streams.contracts.events import CommentEvent
from streams.contracts.exceptions import InvalidEvent


def describe_validation_error(error: ValidationError) -> str:
    """The first five field errors as one line: ``where: message; ...``."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item["loc"]) or "<event>"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


MAX_DEPTH = 32
"""Deepest JSON nesting accepted (the event is two levels; ``metadata`` gets the rest)."""
MAX_COMBINING_RUN = 32
"""Most combining marks on one character; no script needs more than a handful (zalgo bombs do)."""
MAX_FUTURE_S = 24 * 3600.0
"""How far ``created_at`` may lie ahead of this machine's clock (skew, time zones done wrong)."""


_CONTAINERS = (dict, list)


def _depth(value: Any) -> int:
    """Nesting depth of a decoded JSON value (iterative: deep input cannot exhaust the stack)."""
    if isinstance(value, dict):  # fast path: a flat object (most events without metadata)
        for child in value.values():
            if isinstance(child, _CONTAINERS):
                break
        else:
            return 1
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item if isinstance(child, dict | list))
    return deepest


_NON_ASCII_RUN_RE = re.compile("[^\x00-\x7f]+")


def _longest_combining_run(text: str) -> int:
    """Most consecutive combining marks (Unicode category M*) in ``text``.

    Marks are never ASCII and an ASCII character ends a run, so only the runs of non-ASCII
    characters are walked (most texts have a few accents or quotes among ASCII).
    """
    if text.isascii():
        return 0
    longest = 0
    category = unicodedata.category
    for found in _NON_ASCII_RUN_RE.finditer(text):
        run = 0
        for ch in found.group():
            if category(ch)[0] == "M":
                run += 1
                if run > longest:
                    longest = run
            else:
                run = 0
    return longest


def decode_json_object(raw: bytes | None, *, max_bytes: int) -> dict[str, Any]:
    """Bytes -> a JSON object, or ``InvalidEvent`` with reason ``empty``, ``oversized``, ``invalid_utf8``,
    ``invalid_json`` (including integers past Python's 4,300-digit limit), ``too_deep`` or ``not_an_object``."""
    if not raw:
        raise InvalidEvent("empty", "message has no value")
    if len(raw) > max_bytes:
        raise InvalidEvent("oversized", f"{len(raw)} bytes > limit {max_bytes}")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvent("invalid_utf8", str(exc)) from None
    try:
        payload = json.loads(decoded)
    except RecursionError:
        raise InvalidEvent("too_deep", f"JSON nested deeper than the parser allows (limit {MAX_DEPTH})") from None
    except ValueError as exc:  # JSONDecodeError, and int() past sys.get_int_max_str_digits()
        raise InvalidEvent("invalid_json", str(exc).split(";")[0][:300]) from None
    if not isinstance(payload, dict):
        raise InvalidEvent("not_an_object", f"top-level JSON is {type(payload).__name__}")
    depth = _depth(payload)
    if depth > MAX_DEPTH:
        raise InvalidEvent("too_deep", f"JSON nested {depth} levels > limit {MAX_DEPTH}")
    return payload


def _validated_json(raw: bytes | None, max_bytes: int) -> CommentEvent | None:
    """The event parsed and validated in one step by pydantic's own JSON parser, or None.

    Where this succeeds the two-step path (``json.loads``, depth check, ``model_validate``)
    gives the same event: the bytes are within ``max_bytes``, at most :data:`MAX_DEPTH` objects
    and arrays open in them (so none nests deeper), and every input pydantic's parser and
    ``json.loads`` read differently (invalid UTF-8, lone surrogate escapes, a byte-order mark,
    raw control characters in strings, trailing data, integers past Python's digit limit) makes
    it fail. On any failure the caller takes the two-step path, which names the reason.
    """
    if not raw or len(raw) > max_bytes:
        return None
    # one object and no array (most events): two memchr scans; else count the openers
    flat = b"[" not in raw and raw.find(b"{", raw.find(b"{") + 1) < 0
    if not flat and raw.count(b"{") + raw.count(b"[") > MAX_DEPTH:
        return None
    try:
        return CommentEvent.model_validate_json(raw)
    except Exception:  # ValidationError for bad JSON or fields; whatever else: the careful path
        return None


def parse_event(
    raw: bytes | None,
    *,
    max_bytes: int,
    max_text_chars: int,
    now: float | None = None,
    max_future_s: float | None = MAX_FUTURE_S,
) -> CommentEvent:
    """Decode and validate one event; raise ``InvalidEvent`` with a stable reason code otherwise.

    Reason codes: ``empty``, ``oversized``, ``invalid_utf8``, ``invalid_json`` (including integers
    longer than Python's 4,300-digit limit), ``too_deep`` (nesting beyond :data:`MAX_DEPTH`),
    ``not_an_object``, ``invalid_fields``, ``future_timestamp`` (``created_at`` more than
    ``max_future_s`` after ``now``, default the clock; None: no limit), ``text_too_long``,
    ``invalid_text`` (a run of more than :data:`MAX_COMBINING_RUN` combining marks).
    """
    event = _validated_json(raw, max_bytes)
    if event is None:  # invalid, or outside what the one-step parse is known to agree on
        payload = decode_json_object(raw, max_bytes=max_bytes)
        try:
            event = CommentEvent.model_validate(payload)
        except ValidationError as exc:
            raise InvalidEvent("invalid_fields", describe_validation_error(exc)) from None
    if max_future_s is not None:
        ahead = event.created_at.timestamp() - (time.time() if now is None else now)
        if ahead > max_future_s:
            raise InvalidEvent(
                "future_timestamp",
                f"created_at {event.created_at.isoformat()} is {ahead / 86400:.0f} days ahead "
                f"(limit {max_future_s / 3600:g} h)",
            )
    if len(event.text) > max_text_chars:
        raise InvalidEvent("text_too_long", f"{len(event.text)} characters > limit {max_text_chars}")
    run = _longest_combining_run(event.text)
    if run > MAX_COMBINING_RUN:
        raise InvalidEvent("invalid_text", f"{run} combining marks on one character > limit {MAX_COMBINING_RUN}")
    return event
