"""Service settings: declared once, with type, default, env name (``MODSTREAM_<NAME>``) and docstring."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything the worker and the CLI can be told; every field reads ``MODSTREAM_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="MODSTREAM_", extra="ignore")

    kafka_port: int = Field(
        19092, ge=1, le=65535, description="Port of the local broker (modstream kafka start); "
        "also moves the default bootstrap address of every client."
    )
    kafka_bootstrap: str = Field(
        "127.0.0.1:19092",
        description="Kafka bootstrap servers, host:port[,host:port] (unset: 127.0.0.1 on kafka_port).",
    )
    kafka_security_protocol: str = Field(
        "PLAINTEXT", description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, for every Kafka client of the project."
    )
    kafka_sasl_mechanism: str = Field("PLAIN", description="SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    kafka_sasl_username: str = Field("", description="SASL user name (SASL_* protocols).")
    kafka_sasl_password: SecretStr = Field(SecretStr(""), description="SASL password (SASL_* protocols).")
    kafka_ssl_cafile: Path | None = Field(
        None, description="CA bundle (PEM) that verifies the broker's certificate; unset: the system store."
    )
    kafka_ssl_certfile: Path | None = Field(None, description="Client certificate (PEM) for mTLS.")
    kafka_ssl_keyfile: Path | None = Field(None, description="Client private key (PEM) for mTLS.")
    kafka_ssl_key_password: SecretStr | None = Field(None, description="Password of the client private key.")
    kafka_ssl_check_hostname: bool = Field(
        True, description="Check that the broker's certificate names the host connected to."
    )
    app_id: str = Field("modstream", description="Faust app id; also the consumer group id.")
    comments_topic: str = Field("comments", description="Topic the platforms publish comment events to.")
    decisions_topic: str = Field(
        "moderation.decisions", description="Topic decisions are published to, keyed by comment_id."
    )
    dlq_topic: str = Field(
        "comments.dlq", description="Dead-letter topic: malformed events with the original bytes and reason."
    )
    feedback_topic: str = Field(
        "moderation.feedback",
        description="Topic moderators' verdicts (FeedbackEvent) are published to, keyed by comment_id.",
    )
    topic_partitions: int = Field(4, ge=1, description="Partitions for topics the worker creates.")
    batch_size: int = Field(512, ge=1, description="Most events scored together (stream.take).")
    batch_timeout_s: float = Field(
        0.01,
        gt=0,
        description="Longest wait to fill a batch before scoring what arrived (every event waits part of it; "
        "under a backlog batches fill before it runs out).",
    )
    max_event_bytes: int = Field(
        256 * 1024, ge=1024, description="Events larger than this are dead-lettered as oversized."
    )
    producer_max_request_size: int = Field(
        1_000_000,
        ge=64 * 1024,
        description="Largest record the worker's producer sends (decisions, dead letters); "
        "must lie above max_event_bytes and within the topics' max.message.bytes.",
    )
    max_text_chars: int = Field(
        20_000, ge=100, description="Comment text longer than this is dead-lettered as oversized."
    )
    model_path: Path = Field(
        REPO_ROOT / "models" / "modstream.onnx", description="The ONNX classifier (metadata beside it)."
    )
    policy_path: Path = Field(
        REPO_ROOT / "config" / "policy.json", description="Thresholds and per-tenant overrides."
    )
    policy_watch_s: float = Field(
        1.0, ge=0, description="How often the policy file is checked for changes (0: reload on SIGHUP only)."
    )
    gc_interval_s: float = Field(
        60.0, ge=0, description="Seconds between full garbage collections in the worker (0: Python's own, rare with "
        "the worker's thresholds); the broker clients' reference cycles are freed only by a full one.",
    )
    feedback_join: bool = Field(
        False,
        description="Also run the feedback join inside the worker (reads the whole decisions topic; "
        "normally `modstream feedback join` runs it beside the workers).",
    )
    feedback_retention_s: float = Field(
        7 * 24 * 3600.0, gt=0, description="How long a flag or hide decision waits for a moderator's verdict."
    )
    feedback_wait_s: float = Field(
        3600.0, gt=0, description="How long a verdict waits for its decision before it counts as unmatched."
    )
    feedback_max_keys: int = Field(
        250_000, ge=1, description="Most keys (flag/hide decisions and waiting verdicts) the feedback join keeps per "
        "partition, about 1 KB each; beyond it the oldest go first (modstream_feedback_evicted_total).",
    )
    hide_precision_floor: float = Field(
        0.8, ge=0, le=1, description="Live hide precision below which the ModstreamLiveHidePrecisionLow alert fires."
    )
    shadow_model: Path | None = Field(
        None, description="A second ONNX model that scores every event off the decision path (unset: none)."
    )
    shadow_policy: Path | None = Field(
        None, description="A second policy file the shadow decides with (unset: the live policy)."
    )
    shadow_topic: str = Field(
        "moderation.decisions.shadow", description="Topic of the shadow's would-be decisions, keyed by comment_id."
    )
    shadow_max_pending: int = Field(
        4, ge=1, description="Shadow batches in flight at most; beyond that shadow batches are dropped (counted)."
    )
    metrics_port: int = Field(9108, ge=0, description="Port of the Prometheus /metrics endpoint (0: off).")
    web_port: int = Field(6066, ge=1, description="Port of the Faust web server (/healthz, /readyz).")
    web_bind: str = Field(
        "127.0.0.1", description="Address the Faust web server listens on (0.0.0.0: every interface)."
    )
    metrics_bind: str = Field(
        "127.0.0.1", description="Address the Prometheus /metrics endpoint listens on (0.0.0.0: every interface)."
    )
    data_dir: Path = Field(REPO_ROOT / "var" / "worker", description="Faust table state directory.")
    stateful: bool = Field(
        True, description="Run stream-intelligence rules (campaigns, repeat offenders, floods)."
    )
    intel_local_authors: bool = Field(
        True,
        description="With the stateful rules: apply a comment's author stage in the moderate agent when this "
        "worker owns its author partition (skips one repartition hop); false: always through the author topic.",
    )
    intel_local_stages: bool = Field(
        True,
        description="With intel_local_authors: also apply the thread and band records (and the verdicts they send "
        "back to the author stage) where they arise when this worker owns their partition (no internal-topic hop); "
        "false: always through the thread and band topics.",
    )
    model_process: bool = Field(
        True,
        description="Score in a child process (frees the event loop's core); false: in a thread.",
    )
    classify_enabled: bool = Field(
        True, description="Score with the model; off only for the benchmark ceiling run."
    )
    session_timeout_s: float = Field(
        10.0, gt=1, description="Consumer-group session timeout: how fast a dead worker's partitions move."
    )
    producer_linger_ms: float = Field(
        5.0,
        ge=0,
        description="How long the producer waits to batch records per partition (fewer, larger requests).",
    )
    producer_batch_bytes: int = Field(
        256 * 1024,
        ge=16 * 1024,
        description="Most bytes the producer gathers in one partition's batch; a send to a partition whose batch "
        "is full waits for that batch to go out (aiokafka), so the stateful worker's bursts of changelog records "
        "stalled the event loop at the client's 16384. At most producer_max_request_size.",
    )
    offset_guard: bool = Field(
        True,
        description="Seek back partitions that skip records or stall. Off for transactionally written sources.",
    )
    stall_after_s: float = Field(
        15.0,
        gt=0,
        description="A partition with records waiting and none handled for this long is seeked back.",
    )
    log_level: str = Field("info", description="Worker log level.")

    @model_validator(mode="after")
    def _bootstrap_follows_port(self) -> Settings:
        """Without an explicit bootstrap, clients connect to the local broker's port."""
        if "kafka_bootstrap" not in self.model_fields_set:
            self.kafka_bootstrap = f"127.0.0.1:{self.kafka_port}"
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
