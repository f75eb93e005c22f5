"""``_depth``'s flat-object fast path agrees with the plain stack walk it skips."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.contracts.parse import _depth

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=30,
)


def plain_depth(value: Any) -> int:
    """The stack walk alone (what ``_depth`` did for every event)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item if isinstance(child, dict | list))
    return deepest


def test_flat_and_nested_events() -> None:
    flat = {"comment_id": "c", "text": "x", "n": 1, "lang": None}
    assert _depth(flat) == plain_depth(flat) == 1
    assert _depth({}) == plain_depth({}) == 1
    nested = {**flat, "metadata": {"a": [1, {"b": []}]}}
    assert _depth(nested) == plain_depth(nested) == 5


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_any_json_value(value: Any) -> None:
    assert _depth(value) == plain_depth(value)
