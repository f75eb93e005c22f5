"""Settings of ``modstream serve``: ``MODSTREAM_SERVE_<NAME>``, and the API keys in ``MODSTREAM_API_KEYS``."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class ServeSettings(BaseSettings):
    """How the HTTP service binds, whom it lets in and how much it accepts."""

    model_config = SettingsConfigDict(env_prefix="MODSTREAM_SERVE_", extra="ignore", populate_by_name=True)

    host: str = Field("127.0.0.1", description="Address to bind; anything but loopback needs API keys.")
    port: int = Field(8080, ge=0, le=65535, description="Port to bind (0: any free port).")
    workers: int = Field(1, ge=1, le=64, description="Server processes (each loads the model once).")
    api_keys: str = Field(
        "",
        validation_alias=AliasChoices("MODSTREAM_API_KEYS", "MODSTREAM_SERVE_API_KEYS"),
        description="Comma-separated API keys (env MODSTREAM_API_KEYS); empty: no key needed (loopback only).",
    )
    max_text_bytes: int = Field(
        20_480, ge=1, description="Longest comment.text (UTF-8 bytes) comments:analyze accepts, as Perspective."
    )
    max_body_bytes: int = Field(
        1024 * 1024, ge=1024, description="Longest request body; larger ones get 413."
    )
    span_top_k: int = Field(5, ge=1, le=50, description="Most spanScores per attribute.")
    feedback_timeout_s: float = Field(
        10.0, gt=0, description="How long comments:suggestscore waits for Kafka to acknowledge the record."
    )

    def keys(self) -> frozenset[str]:
        """The configured API keys (blank entries dropped)."""
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    return host in LOOPBACK_HOSTS or host.startswith("127.")
