"""Hand-written, deterministic test suites (generated from templates, never from data rows)."""

from __future__ import annotations

from collections.abc import Callable

from streams.evaluation.suites import (
    approving_profanity,
    counter_speech,
    evasion,
    everyday_words,
    heated_opinion,
    identity,
    money_jobs_links,
    news_spam,
    spam_campaigns,
    threats,
)
from streams.evaluation.suites.base import SuiteRow

Generator = Callable[[int | None], list[SuiteRow]]

SUITES: dict[str, Generator] = {
    evasion.NAME: evasion.generate,
    identity.NAME: identity.generate,
    approving_profanity.NAME: approving_profanity.generate,
    heated_opinion.NAME: heated_opinion.generate,
    counter_speech.NAME: counter_speech.generate,
    spam_campaigns.NAME: spam_campaigns.generate,
    news_spam.NAME: news_spam.generate,
    money_jobs_links.NAME: money_jobs_links.generate,
    threats.NAME: threats.generate,
    everyday_words.NAME: everyday_words.generate,
}

__all__ = ["SUITES", "Generator", "SuiteRow"]
