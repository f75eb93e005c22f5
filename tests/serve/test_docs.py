"""docs/perspective.md: its links resolve and its tables match the code."""

from __future__ import annotations

import re

from streams.serve.attributes import ATTRIBUTE_LABELS
from streams.settings import REPO_ROOT
from tests.operations.promql import markdown_anchors

DOCS = REPO_ROOT / "docs"
TEXT = (DOCS / "perspective.md").read_text()


def test_perspective_doc_links_resolve() -> None:
    links = re.findall(r"\]\(([\w./-]*\.md)?#([^)]+)\)", TEXT)
    assert links
    for target, anchor in links:
        linked = (DOCS / target).read_text() if target else TEXT
        assert anchor in markdown_anchors(linked), f"{target}#{anchor}"


def test_attribute_table_matches_the_mapping() -> None:
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `([a-z_]+)` \|$", TEXT, flags=re.M))
    assert rows == ATTRIBUTE_LABELS
