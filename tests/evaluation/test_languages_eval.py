"""The per-language section of ``modstream eval`` on a few real held-out rows per language."""

from __future__ import annotations

import pytest

from streams.evaluation.languages import language_section
from streams.evaluation.moderate import load_moderator
from streams.settings import REPO_ROOT

MODEL = REPO_ROOT / "models" / "modstream.onnx"
POLICY = REPO_ROOT / "config" / "policy.json"
DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.mark.skipif(not (DATA / "offenseval-2020-ar-da-el-tr").is_dir(), reason="needs ../shared/data")
def test_every_language_gets_a_row_and_only_claimed_ones_are_scored() -> None:
    moderator = load_moderator(MODEL, POLICY)
    section = language_section(moderator, None, 200)
    assert set(section) == {"de", "pt", "tr", "ar", "el", "da", "fr", "ko", "zh"}
    claimed = {lang for lang, e in moderator.languages.manifest["languages"].items() if e["claimed"]}
    for lang, entry in section.items():
        assert entry["n"] == 200
        if lang in claimed:
            assert entry["status"] == "covered" and entry["routed_share"] == 0.0
            assert entry["auc"]["ours"] is not None and entry["auc"]["ours"] > 0.7
        else:
            assert entry["status"] == "routed" and entry["routed_share"] == 1.0 and entry["auc"]["ours"] is None
        assert entry["auc"]["ours_in_training"] is not None
        assert entry["identified_share"] > 0.5  # CLD2 finds the language on most of its rows
    other = section["ar"]["other_source"]  # Arabic is also measured on MLMA, a source it never saw
    assert other["source"] == "mlma-ar" and other["n"] == 200
    assert (other["auc"]["ours"] is not None) == ("ar" in claimed)
    assert other["auc"]["plain TF-IDF baseline"] is not None
