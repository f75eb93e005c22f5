"""``modstream eval``: held-out metrics and generated suites through the production Moderator,
beside the peer alt-profanity-check."""

from streams.evaluation.exceptions import (
    DataUnavailableError,
    EvaluationError,
    ReportBlockError,
    UnknownSuiteError,
)
from streams.evaluation.report import (
    BLOCK_BEGIN,
    BLOCK_END,
    check_document,
    to_markdown,
    update_document,
    write_json,
    write_markdown,
)
from streams.evaluation.runner import HELDOUT, EvalOptions, run_eval
from streams.evaluation.suites import SUITES

__all__ = [
    "BLOCK_BEGIN",
    "BLOCK_END",
    "HELDOUT",
    "SUITES",
    "DataUnavailableError",
    "EvalOptions",
    "EvaluationError",
    "ReportBlockError",
    "UnknownSuiteError",
    "check_document",
    "run_eval",
    "to_markdown",
    "update_document",
    "write_json",
    "write_markdown",
]
