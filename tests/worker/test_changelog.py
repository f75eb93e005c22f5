"""Table changes written to the local store and sent as the table's own changelog records."""

from __future__ import annotations

import asyncio
from typing import Any

import faust

from streams.worker.changelog import DirectChangelog
from streams.worker.write_back import DELETED, WriteBackStore


def _table() -> Any:
    app = faust.App("changelog-test", broker="kafka://127.0.0.1:1", store="memory://")
    return app.Table("intel-threads", partitions=4, key_type=str)


def test_changes_reach_the_store_and_go_out_as_changelog_records_of_the_given_partition() -> None:
    table = _table()
    table.data["t|news|gone"] = {"b": [[1, 1]]}
    sent: list[tuple[Any, ...]] = []

    async def send(*args: Any) -> None:
        sent.append(args)

    buffer = WriteBackStore(table)
    buffer["t|news|a"] = {"b": [[5, 1]], "c": ["ab"]}
    buffer["t|news|a"] = {"b": [[5, 2]], "c": ["ab", "cd"]}  # written twice, sent once
    buffer["t|news|b"] = "1.5,ef|"
    del buffer["t|news|gone"]

    written = asyncio.run(DirectChangelog(table, send).write(buffer.take(), partition=3))

    assert written == 3 and buffer.pending == 0
    assert dict(table.data) == {"t|news|a": {"b": [[5, 2]], "c": ["ab", "cd"]}, "t|news|b": "1.5,ef|"}
    topic = "changelog-test-intel-threads-changelog"
    assert sent == [
        (topic, b'"t|news|a"', b'{"b":[[5,2]],"c":["ab","cd"]}', 3, None, None),
        (topic, b'"t|news|b"', b'"1.5,ef|"', 3, None, None),
        (topic, b'"t|news|gone"', None, 3, None, None),  # a tombstone
    ]


def test_the_table_reads_what_was_written() -> None:
    table = _table()

    async def send(*args: Any) -> None:
        return None

    asyncio.run(DirectChangelog(table, send).write({"t|x|y": {"b": []}}, partition=0))
    assert table["t|x|y"] == {"b": []} and "t|x|y" in table


def test_held_changes_go_out_once_per_key_with_the_latest_value_when_flushed() -> None:
    table = _table()
    sent: list[tuple[Any, ...]] = []

    async def send(*args: Any) -> None:
        sent.append(args)

    changelog = DirectChangelog(table, send)
    assert changelog.held_for() == 0.0
    assert changelog.apply({"t|news|a": {"n": 1}, "t|news|b": {"n": 1}}, partition=2) == 2
    assert changelog.apply({"t|news|a": {"n": 2}}, partition=2) == 1  # a later message changes it again
    assert changelog.apply({"t|news|c": {"n": 1}}, partition=0) == 1
    changelog.apply({"t|news|c": DELETED}, partition=0)  # and a later one deletes it

    # the store has every change at once; nothing went out yet
    assert dict(table.data) == {"t|news|a": {"n": 2}, "t|news|b": {"n": 1}}
    assert sent == [] and changelog.waiting == 3 and changelog.held_for() >= 0.0

    assert asyncio.run(changelog.flush()) == 3
    topic = "changelog-test-intel-threads-changelog"
    assert sorted(sent, key=lambda r: r[1]) == [
        (topic, b'"t|news|a"', b'{"n":2}', 2, None, None),  # once, its latest value
        (topic, b'"t|news|b"', b'{"n":1}', 2, None, None),
        (topic, b'"t|news|c"', None, 0, None, None),  # a tombstone, on its own partition
    ]
    assert changelog.waiting == 0 and changelog.held_for() == 0.0
    assert asyncio.run(changelog.flush()) == 0 and len(sent) == 3  # nothing twice


def test_changelog_keys_and_values_are_the_bytes_faust_itself_would_send() -> None:
    # the worker's tables: str keys (Faust's JSON key codec), raw bytes values
    app = faust.App("changelog-bytes", broker="kafka://127.0.0.1:1", store="memory://")
    table = app.Table("intel-authors", partitions=4, key_type=str, value_type=bytes)
    sent: list[tuple[Any, ...]] = []

    async def send(*args: Any) -> None:
        sent.append(args)

    keys = ["a|default|u1", "c|é∂", 'q"uo\\te', "t|x|\t\n|3", "a|tenant|😀 emoji", "\x00\x1f\x7f", ""]
    changelog = DirectChangelog(table, send)
    changelog.apply({key: f"v{i}".encode() for i, key in enumerate(keys)}, partition=1)
    changelog.apply({"gone": DELETED}, partition=1)
    asyncio.run(changelog.flush())

    topic = table.changelog_topic
    expected = [
        (topic.get_topic_name(), topic.prepare_key(key, "json")[0], topic.prepare_value(f"v{i}".encode(), "raw")[0],
         1, None, None)
        for i, key in enumerate(keys)
    ] + [(topic.get_topic_name(), topic.prepare_key("gone", "json")[0], None, 1, None, None)]
    assert sent == expected
