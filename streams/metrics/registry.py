"""The metric objects themselves, declared once on the default registry."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, Info, start_http_server

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

EVENTS_CONSUMED = Counter(
    "modstream_events_consumed_total",
    "Valid comment events read from Kafka (dead letters are counted apart, in modstream_dead_letters_total).",
    ["topic"],
)
DECISIONS = Counter(
    "modstream_decisions_total",
    "Comments decided, by their first action (revision 0) and tenant; later changes are in "
    "modstream_action_changes_total.",
    ["action", "tenant"],
)
ACTION_CHANGES = Counter(
    "modstream_action_changes_total",
    "Revisions that changed a comment's action, by the action replaced and the new one. A comment's "
    "final action: its first action plus these changes.",
    ["from_action", "to_action", "tenant"],
)
LABEL_DECISIONS = Counter(
    "modstream_label_decisions_total",
    "Flag and hide decisions by the label that earned them.",
    ["label", "action", "tenant"],
)
LANGUAGE_DECISIONS = Counter(
    "modstream_language_decisions_total",
    "Decisions published, by the language the comment was scored or routed as (bounded set, else 'other').",
    ["lang", "action"],
)
REVISIONS = Counter(
    "modstream_revisions_total",
    "Revisions published (a change of a comment's action or reasons), by the rule that caused it.",
    ["reason"],
)
DEAD_LETTERS = Counter(
    "modstream_dead_letters_total", "Events sent to the dead-letter topic, by reason.", ["reason"]
)
DEAD_LETTER_FAILURES = Counter(
    "modstream_dead_letter_failures_total",
    "Dead letters that could not be sent even as a bounded prefix (the event was skipped).",
)
ERRORS = Counter("modstream_errors_total", "Unexpected errors, by pipeline stage.", ["stage"])
INFERENCE_SECONDS = Histogram(
    "modstream_inference_seconds", "Model time per batch (normalise + score + decide).",
    buckets=_LATENCY_BUCKETS,
)
PROCESSING_SECONDS = Histogram(
    "modstream_processing_seconds", "Worker time from receiving an event to publishing its decision.",
    buckets=_LATENCY_BUCKETS,
)
END_TO_END_SECONDS = Histogram(
    "modstream_end_to_end_seconds",
    "From the event's timestamp to its decision; source=created_at (platform clock) or kafka (log append).",
    ["source"],
    buckets=(*_LATENCY_BUCKETS, 60.0, 300.0),
)
BATCH_SIZE = Histogram(
    "modstream_batch_size", "Events per scored batch.", buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
)
CONSUMER_LAG_MESSAGES = Gauge(
    "modstream_consumer_lag_messages", "Messages behind the log end, per partition.", ["topic", "partition"]
)
CONSUMER_LAG_SECONDS = Gauge(
    "modstream_consumer_lag_seconds",
    "Age of the newest event processed when lag was last measured, per partition.",
    ["topic", "partition"],
)
READY = Gauge(
    "modstream_ready", "1 while /readyz would answer ready (sampled every 5 s and on each /readyz call)."
)
READY_CHECKS = Gauge(
    "modstream_ready_check",
    "Each readiness check: broker, model, partitions_assigned, agent_running, making_progress, "
    "partitions_committing (1: passing).",
    ["check"],
)
REBALANCES = Counter("modstream_rebalances_total", "Consumer-group rebalances seen by this worker.")
OFFSET_REPAIRS = Counter(
    "modstream_offset_repairs_total",
    "Seeks back to records a partition skipped (kind=skipped) or stalled before (kind=stalled), or to its "
    "committed offset when it stopped committing (kind=uncommitted).",
    ["kind"],
)
for _kind in ("skipped", "stalled", "uncommitted"):  # known label values: the series exist (at 0) from the start
    OFFSET_REPAIRS.labels(kind=_kind)
MODEL_INFO = Info("modstream_model", "The ONNX model being served.")
POLICY_INFO = Info("modstream_policy", "The moderation policy in force.")
POLICY_RELOADS = Counter("modstream_policy_reloads_total", "New policy versions put into force without a restart.")
POLICY_RELOAD_ERRORS = Counter(
    "modstream_policy_reload_errors_total", "Policy files that failed validation on reload (the old policy stayed)."
)
FEEDBACK_RECEIVED = Counter(
    "modstream_feedback_received_total",
    "Moderator verdicts read from the feedback topic.",
    ["verdict", "source", "tenant"],
)
FEEDBACK_VERDICTS = Counter(
    "modstream_feedback_verdicts_total",
    "Verdicts joined to the flag or hide decision they concern; outcome is confirmed or overturned; "
    "deployment is live or shadow.",
    ["action", "tenant", "model_version", "outcome", "deployment"],
)
FEEDBACK_LABEL_VERDICTS = Counter(
    "modstream_feedback_label_verdicts_total",
    "Joined verdicts per label (or rule:<code>) that earned the flag or hide; outcome is confirmed or overturned.",
    ["label", "action", "tenant", "model_version", "outcome", "deployment"],
)
FEEDBACK_UNMATCHED = Counter(
    "modstream_feedback_unmatched_total",
    "Verdicts that met no flag or hide decision in time (allowed comments, or decisions past retention).",
    ["verdict", "tenant"],
)
FEEDBACK_EVICTED = Counter(
    "modstream_feedback_evicted_total",
    "Keys the feedback join dropped at its per-partition cap (MODSTREAM_FEEDBACK_MAX_KEYS) before their time: "
    "kind decision (a verdict for it would be unmatched) or verdict (counted as unmatched too).",
    ["kind", "deployment"],
)
HIDE_PRECISION_FLOOR = Gauge(
    "modstream_feedback_hide_precision_floor",
    "Live hide precision below which ModstreamLiveHidePrecisionLow fires (MODSTREAM_HIDE_PRECISION_FLOOR).",
)
OFFENDER_RETRACTIONS = Counter(
    "modstream_offender_retractions_total", "Offence-score weight taken back because a moderator overturned a hide."
)
SHADOW_DECISIONS = Counter(
    "modstream_shadow_decisions_total",
    "Comments decided by the live model and the shadow, by both actions (agreement: live = shadow).",
    ["live_action", "shadow_action", "tenant"],
)
SHADOW_CHANGES = Counter(
    "modstream_shadow_changes_total",
    "Comments the shadow would have hidden (change=would_hide, shadow's labels) or allowed "
    "(change=would_allow, live labels) unlike the live model.",
    ["change", "label", "tenant"],
)
SHADOW_DROPPED = Counter(
    "modstream_shadow_dropped_total",
    "Events not shadow-scored because the shadow fell behind or failed (the live path never waits).",
    ["reason"],
)
for _reason in ("behind", "error"):
    SHADOW_DROPPED.labels(reason=_reason)
CAMPAIGNS = Counter(
    "modstream_campaigns_detected_total", "Cross-account campaigns detected (hides of a campaign's first copy)."
)
CAMPAIGN_COPIES = Counter(
    "modstream_campaign_copies_total", "Copies found in a campaign (or in an earlier-named one) by an LSH bucket."
)
ESCALATIONS = Counter(
    "modstream_escalations_total", "Decisions escalated for repeat offenders.", ["from_action", "to_action"]
)
FLOODS = Counter("modstream_floods_total", "Comments over a rate limit, by scope.", ["scope"])
TABLE_KEYS = Gauge("modstream_table_keys", "Keys held in each state table on this worker.", ["table"])
ACTIONS = ("allow", "flag", "hide")
STAGES = ("moderate", "batch", "model-process", "offset-guard", "intel-authors", "intel-threads", "intel-bands")
REVISION_REASONS = ("identical-repeat", "flood", "author-escalation", "campaign")

# label values that panels and alerts rely on exist (at 0) from the start
for _stage in STAGES:
    ERRORS.labels(stage=_stage)
for _reason in REVISION_REASONS:
    REVISIONS.labels(reason=_reason)
for _from in ACTIONS:
    for _to in ACTIONS:
        if _from != _to:
            ACTION_CHANGES.labels(from_action=_from, to_action=_to, tenant="default")
for _scope in ("author", "thread"):
    FLOODS.labels(scope=_scope)

STATE_RECOVERY_SECONDS = Gauge(
    "modstream_state_recovery_seconds", "How long the last table recovery from changelogs took."
)
GC_FULL_SECONDS = Histogram(
    "modstream_gc_full_seconds", "Time of the worker's periodic full garbage collection (the event loop waits).",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)


def start_metrics_server(port: int, addr: str = "127.0.0.1") -> None:
    """Serve ``/metrics`` on ``port`` (a no-op for port 0)."""
    if port:
        start_http_server(port, addr=addr)
