"""`modstream classify` routes uncovered languages per tenant and scores covered ones (console script)."""

from __future__ import annotations

import json

from tests.cli.test_classify import run_classify
from tests.factories import event_bytes


def test_languages_in_classify() -> None:
    stdin = b"".join(
        event_bytes(comment_id=cid, text=text, **extra) + b"\n"
        for cid, text, extra in (
            ("it", "Sei un coglione, vaffanculo", {}),
            ("it-kids", "Sei un coglione, vaffanculo", {"tenant": "kids"}),
            ("el", "Είσαι ηλίθιος και μαλάκας", {}),
            ("given", "You are a complete idiot", {"lang": "fr-CA"}),
        )
    )
    done = run_classify(stdin)
    assert done.returncode == 0, done.stderr.decode()
    out = {d["comment_id"]: d for d in map(json.loads, done.stdout.decode().splitlines())}
    assert (out["it"]["action"], out["it"]["reasons"], out["it"]["scores"]) == ("flag", ["unsupported-language:it"], {})
    assert (out["it"]["lang"], out["it"]["lang_source"]) == ("it", "detected")
    assert (out["it-kids"]["action"], out["it-kids"]["reasons"]) == ("hide", ["unsupported-language:it"])
    assert out["el"]["lang"] == "el" and set(out["el"]["scores"]) == {"toxicity"}
    assert out["el"]["action"] != "allow" and out["el"]["scores"]["toxicity"] > 0.9
    assert (out["given"]["reasons"], out["given"]["lang_source"]) == (["unsupported-language:fr"], "given")
