"""``modstream serve``: the moderator over HTTP (Perspective API compatible, and native routes)."""

from streams.serve.exceptions import ApiError, ServeConfigError, ServeError
from streams.serve.settings import ServeSettings

__all__ = ["ApiError", "ServeConfigError", "ServeError", "ServeSettings"]
