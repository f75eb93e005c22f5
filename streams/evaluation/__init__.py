"""``modstream eval``: held-out metrics and generated suites through the production Moderator,
beside the peer alt-profanity-check."""

from streams.evaluation.exceptions import DataUnavailableError, EvaluationError, UnknownSuiteError
from streams.evaluation.report import to_markdown, write_json, write_markdown
from streams.evaluation.runner import HELDOUT, EvalOptions, run_eval
from streams.evaluation.suites import SUITES

__all__ = [
    "HELDOUT",
    "SUITES",
    "DataUnavailableError",
    "EvalOptions",
    "EvaluationError",
    "UnknownSuiteError",
    "run_eval",
    "to_markdown",
    "write_json",
    "write_markdown",
]
