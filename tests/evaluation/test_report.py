"""The report block that ``make eval`` writes into the model card and docs/evaluation.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.evaluation import BLOCK_BEGIN, BLOCK_END, ReportBlockError, check_document, update_document
from streams.evaluation.report import demote, splice


def _doc(inside: str) -> str:
    return f"# Title\n\nIntro.\n\n{BLOCK_BEGIN}\n\n{inside}\n\n{BLOCK_END}\n\n## History\nHand-written.\n"


def test_demote_deepens_headings_only() -> None:
    assert demote("# A\ntext # not a heading\n## B", 2) == "### A\ntext # not a heading\n#### B"


def test_splice_replaces_only_the_block() -> None:
    out = splice(_doc("old report"), "new report\n")
    assert out == _doc("new report")
    assert splice(out, "new report") == out  # idempotent


@pytest.mark.parametrize(
    "document",
    [
        "no markers at all",
        f"{BLOCK_END}\n{BLOCK_BEGIN}\n",  # wrong order
        f"{BLOCK_BEGIN}\nonly the start",
        f"{BLOCK_BEGIN}\n{BLOCK_END}\n{BLOCK_BEGIN}\n{BLOCK_END}\n",  # two blocks
    ],
)
def test_splice_rejects_a_missing_or_broken_block(document: str) -> None:
    with pytest.raises(ReportBlockError):
        splice(document, "report")


def test_update_document_writes_the_demoted_report(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_text(_doc("stale"), encoding="utf-8")
    report = {"model_version": "m-1", "policy_version": "p-1", "peer": {"name": "peer", "available": False,
              "threshold": 0.5}, "seconds": 1.0}
    update_document(report, path)
    text = path.read_text(encoding="utf-8")
    assert "### modstream eval: model `m-1`, policy `p-1`" in text
    assert "stale" not in text
    assert text.startswith("# Title\n") and text.endswith("## History\nHand-written.\n")


def test_check_document_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("# no block\n", encoding="utf-8")
    with pytest.raises(ReportBlockError, match=r"plain\.md"):
        check_document(path)
    with pytest.raises(ReportBlockError, match="cannot read"):
        check_document(tmp_path / "missing.md")


def test_markers_quoted_inside_a_line_are_not_the_block() -> None:
    doc = f"Use `{BLOCK_END}` to close the block.\n" + _doc("old")
    assert splice(doc, "new").endswith(_doc("new"))
