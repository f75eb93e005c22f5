"""spanScores point at the caller's original characters, through masks, leetspeak, spacing and mojibake."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from streams.serve.spans import blank_html
from tests.serve.conftest import ANALYZE


def spans(client: TestClient, text: str, attribute: str = "TOXICITY", kind: str = "PLAIN_TEXT") -> list[dict[str, Any]]:
    body = {"comment": {"text": text, "type": kind}, "requestedAttributes": {attribute: {}}, "spanAnnotations": True}
    response = client.post(ANALYZE, json=body)
    assert response.status_code == 200, response.text
    return list(response.json()["attributeScores"][attribute]["spanScores"])


def covered(text: str, found: list[dict[str, Any]]) -> list[str]:
    return [text[s["begin"] : s["end"]] for s in found]


@pytest.mark.parametrize(
    ("text", "attribute", "word"),
    [
        ("well you are a f*ck1ng m0ron, honestly", "PROFANITY", "f*ck1ng"),
        ("what a load of sh1t this article is", "PROFANITY", "sh1t"),
        ("shut up you stüpid ïdiot", "INSULT", "ïdiot"),
        ("Ã¢â‚¬Å“youâ€™re an idiÃ¶tâ€\x9d said the reader", "INSULT", "idiÃ¶t"),
        ("this is s h i t and you know it", "PROFANITY", "s h i t"),
        ("F**K!!! this garbage, seriously", "PROFANITY", "F**K"),
    ],
)
def test_span_covers_the_original_obfuscated_word(client: TestClient, text: str, attribute: str, word: str) -> None:
    found = spans(client, text, attribute)
    begin = text.index(word)
    assert {"begin": begin, "end": begin + len(word)} in [{"begin": s["begin"], "end": s["end"]} for s in found], (
        covered(text, found)
    )
    hit = next(s for s in found if s["begin"] == begin)
    assert hit["score"]["type"] == "PROBABILITY" and 0.0 <= hit["score"]["value"] <= 1.0


def test_spans_are_ordered_within_the_text_and_scored(client: TestClient) -> None:
    text = "You are a stupid idiot. Nice weather today though."
    found = spans(client, text)
    assert found == sorted(found, key=lambda s: (s["begin"], s["end"]))
    assert all(0 <= s["begin"] < s["end"] <= len(text) for s in found)
    words = covered(text, found)
    assert "idiot" in words and "stupid" in words
    assert "weather" not in words
    idiot = found[words.index("idiot")]["score"]["value"]
    assert idiot > 0.5


def test_every_occurrence_is_marked(client: TestClient) -> None:
    text = "idiot. total idiot. what an IDIOT"
    words = covered(text, spans(client, text, "INSULT"))
    assert words.count("idiot") == 2 and "IDIOT" in words


def test_html_offsets_are_in_the_original_markup(client: TestClient) -> None:
    text = '<p>You <b class="x">stupid</b> <i>idiot</i></p>'
    words = covered(text, spans(client, text, kind="HTML"))
    assert "stupid" in words and "idiot" in words


def test_blank_html_keeps_offsets() -> None:
    text = "<p>a <b>b</b><!-- c --></p>"
    blanked = blank_html(text)
    assert len(blanked) == len(text) and blanked.split() == ["a", "b"]
    assert blanked.index("b") == text.index("b>b<") + 2


def test_kind_text_has_no_toxicity_spans(client: TestClient) -> None:
    text = "Thanks for the thoughtful article about the elections."
    assert all(s["score"]["value"] < 0.5 for s in spans(client, text))
