"""The learning loop: moderators' verdicts joined to decisions, live precision, labelled export."""

from streams.feedback.exceptions import FeedbackError
from streams.feedback.export import ExportStats, export, export_rows, target_labels
from streams.feedback.join import FeedbackJoin, Joined, Unmatched, earned_labels, should_go
from streams.feedback.measure import count_joined, count_unmatched
from streams.feedback.send import send_verdicts

__all__ = [
    "ExportStats",
    "FeedbackError",
    "FeedbackJoin",
    "Joined",
    "Unmatched",
    "count_joined",
    "count_unmatched",
    "earned_labels",
    "export",
    "export_rows",
    "send_verdicts",
    "should_go",
    "target_labels",
]
