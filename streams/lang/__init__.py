"""Languages: which one a comment is in, which ones a model covers, and what happens to the rest.

`identify(text, given)` runs inside the normalise step (`NormalizedText.lang`); the event's own
``lang`` wins when it names a language. Comments in a covered language other than English are
scored by that language's model (`models/lang/`); comments in any other language are routed by
the tenant's policy (``unsupported-language:<code>``), never given a score.
"""

from streams.lang.detect import DEFAULT_LANG, UNDETERMINED, Identified, LangSource, identify
from streams.lang.exceptions import LanguageError, LanguageModelError
from streams.lang.tags import primary_subtag

__all__ = [
    "DEFAULT_LANG",
    "UNDETERMINED",
    "Identified",
    "LangSource",
    "LanguageError",
    "LanguageModelError",
    "identify",
    "primary_subtag",
]
