"""models.train: the spam weight of each training row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models import train
from streams.normalize import normalize


def test_signal_rows_are_clean_rows_with_a_money_phone_or_email_placeholder() -> None:
    texts = [normalize(t).text for t in (
        "I earn $40/hr now", "call me on 555-123-4567", "mail bob@example.com", "see https://example.com/a/b",
        "the xxmoneyman was here", "nice video",
    )]
    assert train.spam_signal_rows(texts).tolist() == [True, True, True, False, False, False]


def test_spam_weights_by_source_and_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(train, "SPAM_SIGNAL_WEIGHT", 0.3)
    frame = pd.DataFrame({
        "source": ["youtube:Youtube01-Psy", "sms-spam", "jigsaw", "jigsaw"],
        "spam_signal": [True, True, False, True],
    })
    weights = train.label_weights(frame, "spam")
    assert np.allclose(weights, [1.0, train.SPAM_SMS_WEIGHT, train.SPAM_OTHER_WEIGHT, 0.3])
    # without the column every non-spam row weighs the same; other labels ignore it
    assert np.allclose(train.label_weights(frame.drop(columns="spam_signal"), "spam")[2:], train.SPAM_OTHER_WEIGHT)
    assert np.allclose(train.label_weights(frame, "toxicity"), 1.0)
    # switched off (None), a signal row weighs as any other non-spam row
    monkeypatch.setattr(train, "SPAM_SIGNAL_WEIGHT", None)
    assert np.allclose(train.label_weights(frame, "spam")[2:], train.SPAM_OTHER_WEIGHT)
