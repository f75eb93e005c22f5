"""The model card keeps its hand-maintained tail when a retrain rewrites it."""

from __future__ import annotations

from pathlib import Path

from models.card import DEFAULT_TAIL, KEPT_MARKER, LICENCES, kept_tail
from streams.corpora.datasets import EVAL_ONLY_LOADERS, HELDOUT_LOADERS, TRAINING_LOADERS
from streams.evaluation import BLOCK_BEGIN, BLOCK_END


def test_a_new_card_gets_an_empty_report_block(tmp_path: Path) -> None:
    tail = kept_tail(tmp_path / "MODEL_CARD.md")
    assert tail == DEFAULT_TAIL
    assert tail.startswith(KEPT_MARKER)
    assert tail.index(BLOCK_BEGIN) < tail.index(BLOCK_END)


def test_the_tail_of_an_existing_card_is_kept_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "MODEL_CARD.md"
    tail = f"{KEPT_MARKER}\n\n## History\n- 2026-11-25: spam C grid.\n"
    path.write_text(f"# generated part\nold numbers\n\n{tail}", encoding="utf-8")
    assert kept_tail(path) == tail


def test_a_card_without_the_marker_gets_the_default_tail(tmp_path: Path) -> None:
    path = tmp_path / "MODEL_CARD.md"
    path.write_text("# an old card, all generated\n", encoding="utf-8")
    assert kept_tail(path) == DEFAULT_TAIL


def test_every_loaded_data_set_has_its_stated_licence() -> None:
    """No data set read from shared/data falls back to the 'synthetic (this repo)' default."""
    missing = {*TRAINING_LOADERS, *HELDOUT_LOADERS, *EVAL_ONLY_LOADERS} - set(LICENCES)
    assert not missing
