"""The pure export plan: page counts, shards, dedup state, checkpoint format."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scopestack_async.errors import ConfigurationError, ResponseFormatError
from scopestack_async.export.plan import (
    Checkpoint,
    SeenIds,
    Shard,
    decode_checkpoint,
    encode_checkpoint,
    export_fingerprint,
    resources_of,
    shard_pages,
)
from scopestack_async.export.sinks import csv_header, flatten_attributes
from scopestack_async.jsonapi.paging import page_count


@given(total=st.integers(0, 500), count=st.integers(1, 12))
def test_shards_are_disjoint_contiguous_and_cover_every_page(total: int, count: int) -> None:
    blocks = [shard_pages(total, Shard(i, count)) for i in range(count)]
    pages = [p for block in blocks for p in block]
    assert pages == list(range(1, total + 1))
    assert all(b.step == 1 for b in blocks)


def test_no_shard_is_every_page() -> None:
    assert shard_pages(7, None) == range(1, 8)


@pytest.mark.parametrize(
    ("text", "expected"), [("0/4", Shard(0, 4)), ("3/4", Shard(3, 4)), (" 1 / 2 ", Shard(1, 2))]
)
def test_shard_parse(text: str, expected: Shard) -> None:
    assert Shard.parse(text) == expected
    assert str(expected) == f"{expected.index}/{expected.count}"


@pytest.mark.parametrize("text", ["4/4", "1", "a/b", "-1/3", "1/0", ""])
def test_shard_parse_refuses_bad_input(text: str) -> None:
    with pytest.raises((ConfigurationError, ValueError), match=r"shard|count|index"):
        Shard.parse(text)


def test_shard_of_accepts_tuples() -> None:
    assert Shard.of((1, 3)) == Shard(1, 3)
    assert Shard.of(None) is None
    with pytest.raises(ConfigurationError, match="index, count"):
        Shard.of(("x",))  # type: ignore[arg-type]  # the error path under test


def test_page_count_prefers_meta_then_last_link() -> None:
    assert page_count({"page-count": 12}, {}) == 12
    last = "https://api.example/acme/v1/projects?page%5Bnumber%5D=9&page%5Bsize%5D=100"
    assert page_count({}, {"last": last}) == 9
    assert page_count({}, {"last": {"href": last}}) == 9
    assert page_count({"page-count": True}, {}) is None
    assert page_count({}, {"next": last}) is None


def test_resources_of_refuses_a_single_resource() -> None:
    assert resources_of({"data": [{"id": "1"}]}) == [{"id": "1"}]
    with pytest.raises(ResponseFormatError, match="collection"):
        resources_of({"data": {"id": "1"}})


def test_seen_ids_numeric_and_other_and_round_trip() -> None:
    seen = SeenIds()
    assert seen.add("projects", "7") is True
    assert seen.add("projects", "7") is False
    assert seen.add("clients", "7") is True
    assert seen.add("projects", "abc") is True
    assert seen.add("projects", "abc") is False
    assert seen.add("projects", "99999999999") is True
    copy = SeenIds()
    copy.restore([seen.take_new()])
    assert [copy.add("projects", i) for i in ("7", "abc", "99999999999", "8")] == [
        False, False, False, True,
    ]  # fmt: skip


@given(st.lists(st.integers(0, 5_000)))
def test_seen_ids_match_a_set(ids: list[int]) -> None:
    seen, plain = SeenIds(), set()
    for i in ids:
        assert seen.add("t", str(i)) is (i not in plain)
        plain.add(i)


def test_checkpoint_lines_round_trip_and_refusals() -> None:
    one = Checkpoint(
        fingerprint="f", next_page=3, output_bytes=10, records=5, duplicates=1, pages=2,
        seen={"projects": ["1", "2"]}, header=["id", "type", "_extra"],
    )  # fmt: skip
    two = Checkpoint(
        fingerprint="f", next_page=4, output_bytes=20, records=7, duplicates=1, pages=3,
        seen={"projects": ["3"]}, record_count=9,
    )  # fmt: skip
    raw = encode_checkpoint(one) + encode_checkpoint(two)
    saved = decode_checkpoint(raw, where="x")
    assert saved.state == two
    assert saved.seen == [{"projects": ["1", "2"]}, {"projects": ["3"]}]
    assert saved.length == len(raw)
    torn = decode_checkpoint(raw + b'{"fingerprint": "f", "next_', where="x")
    assert torn.state == two  # an interrupted last save is ignored
    assert torn.length == len(raw)
    with pytest.raises(ConfigurationError, match="ck is not a usable"):
        decode_checkpoint(b'{"version": 99}\n', where="ck")
    with pytest.raises(ConfigurationError, match="ck is not a usable"):
        decode_checkpoint(b"garbage", where="ck")
    other = Checkpoint(**{**attrs.asdict(two), "fingerprint": "g"})
    with pytest.raises(ConfigurationError, match="different exports"):
        decode_checkpoint(raw + encode_checkpoint(other), where="ck")


def test_fingerprint_ignores_page_number_only() -> None:
    base = [("filter[status]", "active"), ("page[size]", "100")]
    one = export_fingerprint("u", [*base, ("page[number]", "1")], format="jsonl", shard=None)
    assert one == export_fingerprint("u", base, format="jsonl", shard=None)
    assert one != export_fingerprint("u", base, format="csv", shard=None)
    assert one != export_fingerprint("u", base, format="jsonl", shard=Shard(0, 2))
    assert one != export_fingerprint("u", base[:1], format="jsonl", shard=None)


def test_csv_flattening_and_stable_header() -> None:
    flat = flatten_attributes({"a": {"b": 1, "c": {"d": True}}, "e": [1], "f": None, "g": {}})
    assert flat == {"a.b": "1", "a.c.d": "true", "e": "[1]", "f": "", "g": "{}"}
    header = csv_header([{"attributes": {"z": 1}}, {"attributes": {"a": {"x": 2}}}])
    assert header == ["id", "type", "a.x", "z", "_extra"]


def test_seen_ids_stay_out_of_the_garbage_collectors_walk() -> None:
    # A set of 300,000 UUIDs adds ~25 ms to every full collection, on the event loop; a dict
    # holding only strings is left untracked by CPython, so the collector never walks it.
    import gc

    seen = SeenIds()
    for n in range(1_000):
        assert seen.add("projects", f"uuid-{n}")
    assert not seen.add("projects", "uuid-7")
    assert not any(gc.is_tracked(ids) for ids in seen._other.values())
    assert not any(gc.is_tracked(ids) for ids in seen._new.values())
    assert seen.take_new() == {"projects": [f"uuid-{n}" for n in range(1_000)]}
