"""JSON Schema files for platform teams, generated from the contract models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from streams.contracts.events import CommentEvent, Decision
from streams.contracts.feedback import FeedbackEvent

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "comment-event.v1.schema.json": CommentEvent,
    "decision.v1.schema.json": Decision,
    "feedback.v1.schema.json": FeedbackEvent,
}

DEAD_LETTER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "modstream dead letter v1 (Kafka headers)",
    "description": (
        "A dead-lettered message keeps the original key and value bytes untouched; "
        "these Kafka headers (UTF-8) say why and where from. A value too large for the dead-letter "
        "producer is replaced by its first bytes (modstream-truncated), with its size and SHA-256."
    ),
    "type": "object",
    "required": ["modstream-reason", "modstream-detail", "modstream-source", "modstream-dead-lettered-at"],
    "properties": {
        "modstream-reason": {
            "type": "string",
            "enum": [
                "empty", "oversized", "invalid_utf8", "invalid_json", "too_deep", "not_an_object",
                "invalid_fields", "future_timestamp", "text_too_long", "invalid_text", "processing_error",
            ],
        },
        "modstream-detail": {"type": "string", "maxLength": 1000},
        "modstream-source": {"type": "string", "description": "topic/partition/offset"},
        "modstream-dead-lettered-at": {"type": "string", "format": "date-time"},
        "modstream-truncated": {"type": "string", "description": "number of original bytes kept in the value"},
        "modstream-original-bytes": {"type": "string", "description": "size of the original value"},
        "modstream-original-sha256": {"type": "string", "description": "hex SHA-256 of the original value"},
    },
}


def build_schemas() -> dict[str, dict[str, Any]]:
    """Every published schema, by file name."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://modstream.dev/schemas/{name}"
        out[name] = schema
    out["dead-letter-headers.v1.schema.json"] = DEAD_LETTER_SCHEMA
    return out


def write_schemas(directory: Path) -> list[Path]:
    """Write the schema files into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, schema in build_schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
