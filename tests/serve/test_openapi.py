"""The published OpenAPI document, and bad bodies: 4xx, never 500 (property-based)."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve.conftest import ANALYZE, SUGGEST

ROUTES = (ANALYZE, SUGGEST, "/v1/moderate", "/v1/moderate:batch")


def test_openapi_documents_the_perspective_routes(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for route in ROUTES:
        assert "post" in doc["paths"][route], route
    schemas = doc["components"]["schemas"]
    analyze = doc["paths"][ANALYZE]["post"]
    ref = analyze["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = schemas[ref.rsplit("/", 1)[-1]]
    assert set(request["required"]) == {"comment", "requestedAttributes"}
    assert {"languages", "doNotStore", "spanAnnotations", "clientToken", "context"} <= set(request["properties"])
    assert schemas["TextEntry"]["properties"]["type"]["enum"] == ["PLAIN_TEXT", "HTML"]
    answer = analyze["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert set(schemas[answer.rsplit("/", 1)[-1]]["properties"]) >= {"attributeScores", "languages", "clientToken"}
    assert {"200", "400", "403"} <= set(analyze["responses"])
    assert {"/healthz", "/readyz", "/metrics"} <= set(doc["paths"])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
field_names = st.sampled_from(
    ["comment", "text", "type", "requestedAttributes", "TOXICITY", "languages", "scoreThreshold", "scoreType",
     "attributeScores", "summaryScore", "value", "events", "comment_id", "thread_id", "author_id", "created_at",
     "spanAnnotations", "clientToken", "context", "entries", "doNotStore"]
)
near_bodies = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["HTML", "PLAIN_TEXT", "TOXICITY", "FLIRTATION", "en", "xx", "", "2026-12-04T10:00:00Z"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(field_names, inner, max_size=5),
    max_leaves=16,
)


def _check(client: TestClient, route: str, raw: bytes) -> None:
    response = client.post(route, content=raw, headers={"content-type": "application/json"})
    assert response.status_code < 500 or response.status_code == 503, (route, raw[:200], response.text)
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] == response.status_code and error["message"] and error["status"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), body=near_bodies)
def test_structured_bad_bodies_never_500(client: TestClient, route: str, body: Any) -> None:
    _check(client, route, json.dumps(body).encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), raw=st.binary(max_size=64) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_bytes_never_500(client: TestClient, route: str, raw: bytes) -> None:
    _check(client, route, raw)



def test_lone_surrogates_are_400_not_500(client: TestClient) -> None:
    bad = '"a \\ud800 b"'  # valid JSON, not valid Unicode
    bodies = {
        ANALYZE: f'{{"comment": {{"text": {bad}}}, "requestedAttributes": {{"TOXICITY": {{}}}}}}',
        SUGGEST: f'{{"comment": {{"text": {bad}}}, "attributeScores": {{"INSULT": {{"summaryScore": {{}}}}}}}}'
        .replace("{}", '{"value": 1}'),
    }
    for route, raw in bodies.items():
        response = client.post(route, content=raw.encode(), headers={"content-type": "application/json"})
        assert response.status_code == 400, response.text
    token = f'{{"comment": {{"text": "hi"}}, "requestedAttributes": {{"TOXICITY": {{}}}}, "clientToken": {bad}}}'
    assert client.post(ANALYZE, content=token.encode(), headers={"content-type": "application/json"}).status_code == 400
    event = json.dumps({"comment_id": "c", "thread_id": "t", "author_id": "a", "text": "x \ud800 idiot",
                        "created_at": "2026-12-04T10:00:00Z", "author_name": "\udfff"})
    answer = client.post("/v1/moderate", content=event.encode(), headers={"content-type": "application/json"})
    assert answer.status_code == 400 and "author_name" in answer.json()["error"]["message"]
