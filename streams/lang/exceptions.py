"""Errors of the language layer (identification, per-language models, support)."""


class LanguageError(Exception):
    """Base class for language errors."""


class LanguageModelError(LanguageError):
    """A per-language model or its manifest is missing or malformed."""
