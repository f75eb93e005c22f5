"""The worker against a real broker: uncovered languages routed with the reason, Greek scored."""

from __future__ import annotations

import pytest

from tests.factories import event_dict
from tests.integration.conftest import Stack

pytestmark = pytest.mark.kafka


def test_worker_routes_uncovered_languages_and_scores_covered_ones(running_worker: Stack) -> None:
    events = [
        event_dict(comment_id="lang-it", text="Sei un coglione, vaffanculo"),
        event_dict(comment_id="lang-tr", text="Siktir git orospu çocuğu", tenant="kids"),
        event_dict(comment_id="lang-el", text="Είσαι ηλίθιος και μαλάκας"),
        event_dict(comment_id="lang-en", text="Thanks for the thoughtful article."),
    ]
    running_worker.send(events)
    out = {d["comment_id"]: d for d in running_worker.decisions(len(events))}
    assert (out["lang-it"]["action"], out["lang-it"]["reasons"]) == ("flag", ["unsupported-language:it"])
    assert out["lang-it"]["scores"] == {} and out["lang-it"]["lang_source"] == "detected"
    assert (out["lang-tr"]["action"], out["lang-tr"]["reasons"]) == ("hide", ["unsupported-language:tr"])
    assert out["lang-el"]["lang"] == "el" and set(out["lang-el"]["scores"]) == {"toxicity"}
    assert out["lang-en"]["lang"] == "en" and "spam" in out["lang-en"]["scores"]
