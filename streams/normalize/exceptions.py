"""Errors of the normalisation layer.

`normalize()` never raises on a `str`; these exist for misuse of the internal
building blocks (e.g. a malformed lexicon) and for callers that want one base class.
"""


class NormalizeError(Exception):
    """Base class for normalisation errors."""


class LexiconError(NormalizeError):
    """The restoration lexicon is malformed (empty word, non-ASCII, upper case)."""
