"""Identity mentions in real comments, and the clean-row false-action split they give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from streams.evaluation.heldout import clean_metrics
from streams.evaluation.identity_terms import mentions_identity
from streams.evaluation.moderate import Outcome


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gay couples should be able to adopt.", True),
        ("The MUSLIM community centre opened today", True),
        ("immigration policy is a mess", True),
        ("a transgender teacher", True),
        ("I paid for the transaction in cash", False),  # "trans" only as a whole word
        ("my black car and a white fence", False),  # ambiguous colour words are left out
        ("Jewellery shop on the corner", False),
        ("", False),
    ],
)
def test_mentions_identity_matches_whole_words(text: str, expected: bool) -> None:
    assert mentions_identity([text]).tolist() == [expected]


def test_clean_metrics_split_rows_by_identity_mention() -> None:
    texts = ["gay couples adopt", "jewish bakery", "nice weather", "great game", "muslims are vermin"]
    frame = pd.DataFrame(
        {"text": texts, "toxicity": [0.0, 0.0, 0.0, 0.0, 1.0], "test_kind": ["in-source"] * 5}
    )
    actions = np.array(["flag", "allow", "hide", "allow", "hide"], dtype=object)
    out = Outcome(("toxicity",), np.zeros((5, 1)), actions, [[] for _ in range(5)])

    split = clean_metrics(frame, out, None, ("toxicity",))["identity_mention"]

    assert split["mentions"]["n"] == 2 and split["no_mention"]["n"] == 2  # the toxic row is not clean
    assert split["mentions"]["false_action_rate"] == pytest.approx(0.5)
    assert split["mentions"]["false_hide_rate"] == pytest.approx(0.0)
    assert split["no_mention"]["false_action_rate"] == pytest.approx(0.5)
    assert split["no_mention"]["false_hide_rate"] == pytest.approx(0.5)
