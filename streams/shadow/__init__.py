"""Shadow models and policies: a second opinion on live traffic that never acts."""

from streams.shadow.compare import Comparison, action_labels, count
from streams.shadow.exceptions import ShadowError
from streams.shadow.report import ShadowReport, build_report, render

__all__ = ["Comparison", "ShadowError", "ShadowReport", "action_labels", "build_report", "count", "render"]
