"""comments:analyze: Perspective's request, response and error shapes, attribute mapping, keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from streams.contracts import CommentEvent, utc_now
from streams.pipeline import Moderator
from streams.serve.attributes import ATTRIBUTE_LABELS
from tests.serve.conftest import ANALYZE

INSULT = "You are a stupid worthless idiot and everyone here knows it"
KIND = "Thanks for the thoughtful article, I learned a lot about the local elections."


def analyze(client: TestClient, text: str, *attributes: str, **extra: Any) -> Any:
    body = {"comment": {"text": text}, "requestedAttributes": {a: {} for a in attributes or ("TOXICITY",)}, **extra}
    return client.post(ANALYZE, json=body)


def model_scores(moderator: Moderator, text: str) -> dict[str, float]:
    event = CommentEvent(comment_id="c", thread_id="t", author_id="a", text=text, created_at=utc_now())
    return moderator.decide_batch([event])[0].scores


def test_every_attribute_maps_to_its_label_score(client: TestClient, moderator: Moderator) -> None:
    response = analyze(client, INSULT, *ATTRIBUTE_LABELS)
    assert response.status_code == 200
    body = response.json()
    expected = model_scores(moderator, INSULT)
    assert set(body["attributeScores"]) == set(ATTRIBUTE_LABELS)
    for name, label in ATTRIBUTE_LABELS.items():
        summary = body["attributeScores"][name]["summaryScore"]
        assert summary == {"value": expected[label], "type": "PROBABILITY"}, name
        assert "spanScores" not in body["attributeScores"][name]
    assert body["languages"] == ["en"] and body["detectedLanguages"] == ["en"]
    assert body["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.9
    assert body["attributeScores"]["PROFANITY"]["summaryScore"]["value"] == expected["obscene"]


def test_experimental_spellings_are_aliases(client: TestClient) -> None:
    body = analyze(client, INSULT, "TOXICITY", "TOXICITY_EXPERIMENTAL", "INSULT", "INSULT_EXPERIMENTAL").json()
    scores = body["attributeScores"]
    assert scores["TOXICITY_EXPERIMENTAL"] == scores["TOXICITY"]
    assert scores["INSULT_EXPERIMENTAL"] == scores["INSULT"]


def test_kind_text_scores_low_and_client_token_is_echoed(client: TestClient) -> None:
    body = analyze(client, KIND, "TOXICITY", clientToken="tok-1", doNotStore=True, context={"entries": []}).json()
    assert body["attributeScores"]["TOXICITY"]["summaryScore"]["value"] < 0.3
    assert body["clientToken"] == "tok-1"


def test_score_threshold_leaves_low_attributes_out(client: TestClient) -> None:
    body = {
        "comment": {"text": INSULT},
        "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.5}, "SPAM": {"scoreThreshold": 0.5}},
    }
    scores = client.post(ANALYZE, json=body).json()["attributeScores"]
    assert set(scores) == {"TOXICITY"}


def test_html_comments_are_scored_without_their_tags(client: TestClient, moderator: Moderator) -> None:
    html = "<p>You are a <b>stupid</b> worthless <i>idiot</i></p>"
    body = {"comment": {"text": html, "type": "HTML"}, "requestedAttributes": {"TOXICITY": {}}}
    value = client.post(ANALYZE, json=body).json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
    assert value == model_scores(moderator, "You are a stupid worthless idiot")["toxicity"]


def test_languages_en_variants_accepted(client: TestClient) -> None:
    for languages in (["en"], ["en-US"], ["EN_gb"]):
        assert analyze(client, INSULT, languages=languages).status_code == 200


def perspective_error(response: Any, code: int, status: str) -> str:
    assert response.status_code == code, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["status"] == status
    assert error["message"]
    return str(error["message"])


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, "non-empty"),
        ({"comment": {"text": "   \n"}, "requestedAttributes": {"TOXICITY": {}}}, "non-empty"),
        ({"comment": {"text": "<p> </p>", "type": "HTML"}, "requestedAttributes": {"TOXICITY": {}}}, "non-empty"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"FLIRTATION": {}}}, "FLIRTATION"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}, "ATTACK_ON_AUTHOR": {}}}, "ATTACK_ON"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {}}, "requestedAttributes"),
        ({"comment": {"text": "hi"}}, "requestedAttributes"),
        ({"requestedAttributes": {"TOXICITY": {}}}, "comment"),
        ({"comment": {"text": 5}, "requestedAttributes": {"TOXICITY": {}}}, "text"),
        ({"comment": {"text": "hi", "type": "MARKDOWN"}, "requestedAttributes": {"TOXICITY": {}}}, "type"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV_SCORE"}}}, "scoreType"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}}, "scoreThreshold"),
    ],
)
def test_bad_requests_get_perspective_400(client: TestClient, body: dict[str, Any], needle: str) -> None:
    assert needle in perspective_error(client.post(ANALYZE, json=body), 400, "INVALID_ARGUMENT")


def test_unsupported_language_gets_perspective_language_error(client: TestClient) -> None:
    response = analyze(client, "Kwa heri rafiki", languages=["sw"])  # no Swahili model
    perspective_error(response, 400, "INVALID_ARGUMENT")
    detail = response.json()["error"]["details"][0]
    assert detail["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert detail["languageNotSupportedByAttributeError"]["attribute"] == "TOXICITY"


def test_text_size_limit_is_20480_utf8_bytes(client: TestClient) -> None:
    assert analyze(client, "a" * 20_480).status_code == 200
    assert "too long" in perspective_error(analyze(client, "a" * 20_481), 400, "INVALID_ARGUMENT")
    # 6,827 characters but 20,481 bytes: the limit counts bytes, as Perspective does
    assert analyze(client, "é" * 10_240 + "a").status_code == 400


def test_malformed_json_and_wrong_top_level_type_are_400(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    perspective_error(client.post(ANALYZE, content=b"{not json", headers=headers), 400, "INVALID_ARGUMENT")
    perspective_error(client.post(ANALYZE, content=b"[1, 2]", headers=headers), 400, "INVALID_ARGUMENT")


def test_oversized_body_is_413(client: TestClient) -> None:
    body = b'{"comment": {"text": "' + b"a" * (1024 * 1024 + 10) + b'"}}'
    perspective_error(client.post(ANALYZE, content=body, headers={"content-type": "application/json"}), 413,
                      "INVALID_ARGUMENT")


def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    perspective_error(client.post("/v1alpha1/comments:nothing", json={}), 404, "NOT_FOUND")
    perspective_error(client.get(ANALYZE), 405, "METHOD_NOT_ALLOWED")


def test_keys_required_when_configured(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys="k1, k2")
    body = {"comment": {"text": INSULT}, "requestedAttributes": {"TOXICITY": {}}}
    assert "missing" in perspective_error(client.post(ANALYZE, json=body), 403, "PERMISSION_DENIED")
    assert "not valid" in perspective_error(client.post(f"{ANALYZE}?key=k3", json=body), 403, "PERMISSION_DENIED")
    perspective_error(client.post(ANALYZE, json=body, headers={"x-goog-api-key": "nope"}), 403, "PERMISSION_DENIED")
    # a bad key is refused before the body is looked at
    perspective_error(client.post(ANALYZE, content=b"{bad"), 403, "PERMISSION_DENIED")
    assert client.post(f"{ANALYZE}?key=k1", json=body).status_code == 200
    assert client.post(ANALYZE, json=body, headers={"x-goog-api-key": "k2"}).status_code == 200
    assert client.get("/healthz").status_code == 200 and client.get("/readyz").status_code == 200


def test_health_ready_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ready"
    analyze(client, INSULT)
    analyze(client, "")
    text = client.get("/metrics").text
    assert 'modstream_http_requests_total{route="/v1alpha1/comments:analyze",status="200"}' in text
    assert 'modstream_http_requests_total{route="/v1alpha1/comments:analyze",status="400"}' in text
    assert 'modstream_http_request_seconds_bucket{le="0.005",route="/v1alpha1/comments:analyze"}' in text
