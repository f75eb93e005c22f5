from __future__ import annotations

from typing import Any

import pytest

from streams.worker.write_back import WriteBackStore


class CountingTable(dict[str, Any]):
    """A dict that counts assignments (each one would be a changelog record in Faust)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.writes = 0

    def __setitem__(self, key: str, value: Any) -> None:
        self.writes += 1
        super().__setitem__(key, value)


def test_reads_see_pending_writes_and_the_table_sees_them_only_after_flush() -> None:
    table = CountingTable({"old": 1})
    store = WriteBackStore(table)
    store["new"] = 2
    assert store["new"] == 2 and store.get("old") == 1
    assert "new" not in table
    assert store.flush() == 1
    assert table == {"old": 1, "new": 2}


def test_many_writes_to_one_key_become_one_table_write() -> None:
    table = CountingTable()
    store = WriteBackStore(table)
    for n in range(50):
        store["thread"] = {"n": n}
    store.flush()
    assert table.writes == 1 and table["thread"] == {"n": 49}


def test_deletes_hide_the_key_until_flush_then_remove_it() -> None:
    table = CountingTable({"a": 1, "b": 2})
    store = WriteBackStore(table)
    del store["a"]
    assert "a" not in store and store.get("a") is None
    assert sorted(store) == ["b"] and len(store) == 1
    store["a"] = 3  # written again after the delete
    del store["a"]
    store.flush()
    assert table == {"b": 2}


def test_deleting_a_missing_key_raises_key_error() -> None:
    store = WriteBackStore(CountingTable())
    with pytest.raises(KeyError):
        del store["nope"]


def test_flush_empties_the_buffer() -> None:
    store = WriteBackStore(CountingTable())
    store["k"] = 1
    assert store.pending == 1
    store.flush()
    assert store.pending == 0 and store.flush() == 0
