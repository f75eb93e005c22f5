"""Clients nobody in this project wrote, pointed at `modstream serve` (their Google URL replaced in a copy).

* ``perspective-api-client`` (npm), installed by this test into ``var/test-npm`` (skipped only without node);
* ``perspectiveapi`` (PyPI, the dev extra);
* Coral Talk's toxicity phase: the exact body and headers of
  coralproject/talk ``server/src/core/server/services/perspective/perspective.ts`` (formatBody, sendToPerspective).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from streams.lang.models import LanguageModels, lang_dir
from streams.serve.attributes import supported_languages
from streams.settings import REPO_ROOT, Settings
from tests.serve.conftest import API_KEY, Server

GOOGLE = "https://commentanalyzer.googleapis.com/v1alpha1"
NPM_CLIENT = "perspective-api-client@3.1.0"
NPM_DIR = REPO_ROOT / "var" / "test-npm"
TEXT = "You are a f*cking idiot and your article is sh1t"
SPAN_TEXT = "what the f*ck, this is sh1t and Ã¢â‚¬Å“crapâ€\x9d"


@pytest.fixture(scope="module")
def npm_client() -> Path:
    """The npm client, installed once into an ignored directory; skipped only when node is absent."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm not installed: the npm Perspective client cannot run")
    index = NPM_DIR / "node_modules" / "perspective-api-client" / "index.js"
    if not index.is_file():
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NPM_DIR), NPM_CLIENT],
            check=True, capture_output=True, timeout=240,
        )
    return index


def test_npm_perspective_api_client(server: Server, npm_client: Path, tmp_path: Path) -> None:
    source = npm_client.read_text()
    assert f"{GOOGLE}/comments:analyze" in source
    local = npm_client.with_name("index.modstream-test.js")
    local.write_text(source.replace(f"{GOOGLE}/comments:analyze", f"{server.url}/v1alpha1/comments:analyze"))
    script = tmp_path / "run.js"
    script.write_text(
        f"const Perspective = require({json.dumps(str(local))});\n"
        f"const p = new Perspective({{apiKey: {json.dumps(API_KEY)}}});\n"
        "(async () => {\n"
        f"  const a = await p.analyze({json.dumps(TEXT)}, {{attributes: ['toxicity', 'insult']}});\n"
        "  const b = await p.analyze({comment: {text: '<b>hello</b> friend'}, requestedAttributes: {SPAM: {}}});\n"
        f"  const s = await p.analyze({{comment: {{text: {json.dumps(SPAN_TEXT)}}}, spanAnnotations: true,"
        " requestedAttributes: {PROFANITY: {}}});\n"
        "  let err = null;\n"
        "  try { await p.analyze('hola', {attributes: ['flirtation']}); } catch (e) { err = e.message; }\n"
        "  let denied = null;\n"
        "  try { await new Perspective({apiKey: 'wrong'}).analyze('hi'); } catch (e) { denied = e.message; }\n"
        "  console.log(JSON.stringify({a, b, s, err, denied}));\n"
        "})().catch(e => { console.error(e); process.exit(1); });\n"
    )
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["a"]["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.9
    assert out["a"]["attributeScores"]["INSULT"]["summaryScore"]["type"] == "PROBABILITY"
    assert out["b"]["attributeScores"]["SPAM"]["summaryScore"]["value"] < 0.5
    spans = out["s"]["attributeScores"]["PROFANITY"]["spanScores"]
    marked = {SPAN_TEXT[span["begin"] : span["end"]] for span in spans}
    assert {"f*ck", "sh1t", "Ã¢â‚¬Å“crapâ€\x9d"} & marked == {"f*ck", "sh1t"}, marked
    assert "crap" in " ".join(marked)  # inside the mojibake quotes
    assert "FLIRTATION" in out["err"]  # our 400 message, read by the client from error.message
    assert out["denied"] == "API key not valid."


def test_pypi_perspectiveapi(server: Server, tmp_path: Path) -> None:
    import perspective

    package = Path(perspective.__file__).parent
    copy = tmp_path / "perspective_local"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    replaced = 0
    for path in copy.glob("*.py"):
        text = path.read_text()
        replaced += text.count(GOOGLE)
        path.write_text(text.replace(GOOGLE, f"{server.url}/v1alpha1"))
    assert replaced == 2  # the blocking and the async client
    sys.path.insert(0, str(tmp_path))
    try:
        local: Any = importlib.import_module("perspective_local")
        blocking: Any = importlib.import_module("perspective_local.blocking")
        wanted = [local.Attribute.TOXICITY, local.Attribute.INSULT, local.Attribute.THREAT]
        score = blocking.Perspective(API_KEY).score(TEXT, wanted)
        assert score.toxicity > 0.9 and 0.0 <= score.threat <= 1.0 and score.insult > 0.5
        calm = asyncio.run(local.Perspective(API_KEY).score("What a lovely, well researched article."))
        assert calm.toxicity < 0.3
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("perspective_local", None)
        for name in ("perspective_local.models", "perspective_local.blocking"):
            sys.modules.pop(name, None)


def coral_analyze_body(text: str, model: str = "TOXICITY", locale: str = "en-US") -> dict[str, Any]:
    """formatBody() for operation comments:analyze, as Coral builds it (doNotStore defaults to true)."""
    language = {"en-US": "en", "es": "es", "fr-FR": "fr", "de": "de", "pt-BR": "pt"}.get(locale, "en")
    return {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {model: {}},
        "languages": [language],
    }


CORAL_HEADERS = {"Content-Type": "application/json", "User-Agent": "Coral Perspective/8.6.3"}


def test_coral_talk_analyze_request(server: Server) -> None:
    # sendToPerspective: url.pathname = join(endpoint path, "/comments:analyze"); searchParams key
    endpoint = f"{server.url}/v1alpha1"
    url = f"{endpoint}/comments:analyze?key={API_KEY}"
    body = json.dumps(coral_analyze_body(TEXT))
    response = httpx.post(url, content=body, headers=CORAL_HEADERS, timeout=0.8)  # Coral's default 800 ms
    assert response.status_code == 200, response.text
    # toxic.ts reads result.data.attributeScores[model].summaryScore.value against threshold 0.80
    assert response.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] >= 0.8
    calm = httpx.post(url, content=json.dumps(coral_analyze_body("Great reporting, thank you.")),
                      headers=CORAL_HEADERS, timeout=0.8)
    assert calm.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] < 0.8
    # Coral's other locales: a language without a toxicity model gets Perspective's language error
    # (Coral logs it and lets the comment through), a covered one is scored
    covered = supported_languages("TOXICITY", LanguageModels.load(lang_dir(Settings().model_path)))
    for locale, language in (("es", "es"), ("fr-FR", "fr"), ("de", "de"), ("pt-BR", "pt")):
        answer = httpx.post(url, content=json.dumps(coral_analyze_body("hola", locale=locale)), headers=CORAL_HEADERS)
        if language in covered:
            assert answer.status_code == 200, answer.text
        else:
            assert answer.status_code == 400 and answer.json()["error"]["status"] == "INVALID_ARGUMENT"
            assert answer.json()["error"]["details"][0]["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    wrong_key = httpx.post(f"{endpoint}/comments:analyze?key=nope", content=body, headers=CORAL_HEADERS)
    assert wrong_key.status_code == 403
