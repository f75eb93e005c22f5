"""BCP 47 tags reduced to the primary language subtag the models are keyed by."""

from __future__ import annotations

import re

# "und" (undetermined), "mul" (several), "zxx" (no linguistic content), "mis" (uncoded): no language
NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
_PRIMARY_RE = re.compile(r"[a-z]{2,3}")
# Old or alternative codes for the same language as CLD2 reports it.
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "nb": "no", "nn": "no", "zh-hant": "zh"}


def primary_subtag(tag: str | None) -> str | None:
    """``"pt-BR"`` -> ``"pt"``, ``"DE_at"`` -> ``"de"``; None for empty, malformed or ``und``-like tags."""
    if not tag:
        return None
    head = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    if not _PRIMARY_RE.fullmatch(head) or head in NOT_A_LANGUAGE:
        return None
    return _ALIASES.get(head, head)


# The ``lang`` label values of the decisions-by-language metric: the languages with data or a model,
# plus the most common others; anything else counts as "other" (a bounded label set).
METRIC_LANGUAGES = frozenset(
    {"en", "de", "pt", "tr", "ar", "el", "da", "fr", "ko", "zh", "es", "it", "nl", "ru", "ja", "pl", "hi", "id", "und"}
)


def metric_language(lang: str | None) -> str:
    """The metric label for ``lang``: itself when in :data:`METRIC_LANGUAGES`, else ``other``."""
    return lang if lang in METRIC_LANGUAGES else "other"
