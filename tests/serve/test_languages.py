"""Language support of the Perspective endpoint: detection, per-attribute support, the language error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from streams.lang.models import LanguageModels
from streams.serve.attributes import resolve_languages, supported_languages
from streams.serve.exceptions import ServeError
from tests.pipeline.test_languages import GermanScorer
from tests.serve.test_analyze import analyze, perspective_error

GERMAN = LanguageModels({"de": GermanScorer("arschloch")}, {"languages": {}})


def test_a_detected_uncovered_language_gets_perspectives_language_error(client: TestClient) -> None:
    response = analyze(client, "Sei un coglione, vaffanculo")
    perspective_error(response, 400, "INVALID_ARGUMENT")
    detail = response.json()["error"]["details"][0]
    assert detail["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert detail["languageNotSupportedByAttributeError"]["detectedLanguages"] == ["it"]


def test_english_text_without_languages_is_scored(client: TestClient) -> None:
    response = analyze(client, "You are a complete idiot and everyone knows it")
    assert response.status_code == 200
    assert response.json()["detectedLanguages"] == ["en"]


def test_a_covered_language_supports_only_the_labels_its_model_learned() -> None:
    assert resolve_languages(None, "Du bist ein dummes Arschloch", ["TOXICITY"], GERMAN) == ["de"]
    assert resolve_languages(["de-AT"], "egal", ["TOXICITY"], GERMAN) == ["de"]
    assert supported_languages("TOXICITY", GERMAN) == ["en", "de"]
    assert supported_languages("INSULT", GERMAN) == ["en"]
    with pytest.raises(ServeError):
        resolve_languages(["de"], "Du bist ein dummes Arschloch", ["INSULT"], GERMAN)
