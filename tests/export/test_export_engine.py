"""The export engine against the sandbox: exactly once, same bytes under faults, sinks, shards."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path
from typing import Any

import orjson
import pytest
from export_support import jsonl_ids, session_for

from scopestack_async.errors import ConfigurationError, NotFoundError
from scopestack_async.export import ExportProgress, iterate_export
from scopestack_async.sandbox import Sandbox


async def test_faults_and_short_tokens_change_nothing(
    big_sb: Sandbox, tmp_path: Path, no_waits: None
) -> None:
    clean, faulty = tmp_path / "clean.jsonl", tmp_path / "faulty.jsonl"
    async with session_for(big_sb) as session:
        first = await session.export("projects", clean, concurrency=8, page_size=100)
    big_sb.set_faults(fault_rate=0.05, reset_rate=0.02)
    refreshes_before = big_sb.stats.token_requests["refresh_token"]
    expired: list[int] = []

    def expire_half_way(event: ExportProgress) -> None:
        if event.pages == 100:  # Make a refresh mid-export certain, not just likely.
            expired.append(big_sb.expire_tokens_now())

    async with session_for(big_sb) as session:
        result = await session.export(
            "projects", faulty, concurrency=8, page_size=100, progress=expire_half_way
        )
    assert first.records == result.records == 20_000
    assert result.pages == 200
    assert faulty.read_bytes() == clean.read_bytes()
    ids = jsonl_ids(faulty)
    assert len(ids) == len(set(ids)) == 20_000
    assert result.retries > 0
    assert sum(big_sb.stats.faults.values()) > 0
    assert expired == [1] or expired[0] >= 1
    assert big_sb.stats.token_requests["refresh_token"] > refreshes_before


async def test_duplicates_from_shifting_pages_are_dropped(small_sb: Sandbox) -> None:
    seen: list[dict[str, Any]] = []
    async with session_for(small_sb) as session:
        url = f"/{(await session.me()).account_slug}/v1/projects"
        client_id = seen_client = None

        async def sink(records: list[dict[str, Any]]) -> None:
            nonlocal client_id, seen_client
            seen.extend(records)
            if len(seen) == 100:  # Newest-first order: new records push old ones back a page.
                client = await session.request("GET", url.replace("projects", "clients"))
                seen_client = client.many()[0].id
                for n in range(7):
                    await session.request("POST", url, json=_new_project(n, seen_client))

        result = await session.export("projects", sink, concurrency=1, page_size=50, sort=["-id"])
    ids = [r["id"] for r in seen]
    assert len(ids) == len(set(ids))
    assert result.duplicates == 7
    assert result.records == len(seen)
    assert {str(i) for i in range(1, 1_001)} <= set(ids)


def _new_project(n: int, client_id: str | None) -> dict[str, Any]:
    return {
        "data": {
            "type": "projects",
            "attributes": {"project-name": f"inserted {n}"},
            "relationships": {"client": {"data": {"type": "clients", "id": client_id}}},
        }
    }


async def test_shards_concatenate_to_the_single_export(small_sb: Sandbox, tmp_path: Path) -> None:
    async with session_for(small_sb) as session:
        for fmt in ("jsonl", "csv"):
            whole = tmp_path / f"whole.{fmt}"
            await session.export("projects", whole, format=fmt, page_size=30)
            parts = []
            for i in range(3):
                part = tmp_path / f"part{i}.{fmt}"
                result = await session.export(
                    "projects", part, format=fmt, page_size=30, shard=(i, 3)
                )
                assert result.shard is not None
                assert result.shard.index == i
                parts.append(part.read_bytes())
            assert b"".join(parts) == whole.read_bytes()
            assert all(parts)


async def test_csv_has_a_stable_header_and_one_row_per_record(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    out = tmp_path / "p.csv"
    async with session_for(small_sb) as session:
        result = await session.export("projects", out, format="csv", filter={"active": True})
    with out.open(newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:2] == ["id", "type"]
    assert header[-1] == "_extra"
    assert "payment-info.pricing-model" in header
    assert len(rows) - 1 == result.records > 0
    active = header.index("active")
    assert {row[active] for row in rows[1:]} == {"true"}


async def test_jsonl_lines_carry_their_included_relations(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    out = tmp_path / "p.jsonl"
    async with session_for(small_sb) as session:
        await session.export("projects", out, include=["client"], page_size=100)
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(lines) == 1_000
    for line in lines[:50]:
        linkage = line["relationships"]["client"]["data"]
        assert [(o["type"], o["id"]) for o in line["included"]] == [
            (linkage["type"], linkage["id"])
        ]


async def test_async_iterator_yields_each_resource_in_order(small_sb: Sandbox) -> None:
    async with session_for(small_sb) as session:
        ids = [r["id"] async for r in iterate_export(session, "projects", page_size=64)]
        first_ten: list[str] = []
        stream = iterate_export(session, "projects", page_size=10, concurrency=4)
        async for record in stream:
            first_ten.append(record["id"])
            if len(first_ten) == 10:
                break
        await stream.aclose()
    assert ids == [str(i) for i in range(1, 1_001)]
    assert first_ten == ids[:10]


async def test_progress_events_count_up_to_the_total(small_sb: Sandbox, tmp_path: Path) -> None:
    events: list[ExportProgress] = []
    async with session_for(small_sb) as session:
        result = await session.export(
            "projects", tmp_path / "p.jsonl", page_size=100, progress=events.append
        )
    assert [e.pages for e in events] == list(range(1, 11))
    assert {e.pages_total for e in events} == {10}
    assert events[-1].records == result.records == 1_000


async def test_unknown_resource_is_not_found_and_leaves_no_file(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    out = tmp_path / "x.jsonl"
    async with session_for(small_sb) as session:
        with pytest.raises(NotFoundError, match="404"):
            await session.export("widgets", out)
        with pytest.raises(ConfigurationError, match="not a resource name"):
            await session.export("../v1/me", out)
        with pytest.raises(ConfigurationError, match="comma"):
            await session.export("projects", out, filter={"status": "a,b"})
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240  # a test assertion, loop idle


async def test_unwritable_output_path_is_a_clear_error(small_sb: Sandbox, tmp_path: Path) -> None:
    async with session_for(small_sb) as session:
        with pytest.raises(ConfigurationError, match=r"Cannot write the export to .*missing"):
            await session.export("projects", tmp_path / "missing" / "p.jsonl")
        with pytest.raises(ConfigurationError, match="Cannot write"):
            await session.export("projects", tmp_path)


async def test_cancel_keeps_checkpoint_and_no_half_file_then_resume_matches(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    whole, out, ckpt = tmp_path / "whole.jsonl", tmp_path / "p.jsonl", tmp_path / "p.ckpt"
    small_sb.set_faults(latency=0.005)
    async with session_for(small_sb) as session:
        await session.export("projects", whole, page_size=20, concurrency=2)
        started = asyncio.Event()

        def on_page(event: ExportProgress) -> None:
            if event.pages == 17:
                started.set()

        task = asyncio.ensure_future(
            session.export(
                "projects", out, page_size=20, concurrency=2, checkpoint=ckpt, progress=on_page
            )
        )
        await asyncio.wait_for(started.wait(), 30)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not out.exists()
        assert ckpt.exists()
        assert (tmp_path / ".p.jsonl.part").exists()
        result = await session.export("projects", out, page_size=20, concurrency=2, checkpoint=ckpt)
    assert 17 <= result.resumed_pages < 50
    assert result.records == 1_000
    assert result.pages == 50
    assert out.read_bytes() == whole.read_bytes()
    assert not ckpt.exists()
    assert not (tmp_path / ".p.jsonl.part").exists()


async def test_checkpoint_from_another_export_is_refused(small_sb: Sandbox, tmp_path: Path) -> None:
    ckpt = tmp_path / "p.ckpt"
    async with session_for(small_sb) as session:
        task = asyncio.ensure_future(
            session.export(
                "projects", tmp_path / "a.jsonl", page_size=10, checkpoint=ckpt,
                progress=lambda e: e.pages == 25 and task.cancel(),
            )
        )  # fmt: skip
        with pytest.raises(asyncio.CancelledError):
            await task
        assert ckpt.exists()
        with pytest.raises(ConfigurationError, match="belongs to another export"):
            await session.export("projects", tmp_path / "a.jsonl", page_size=20, checkpoint=ckpt)
        with pytest.raises(ConfigurationError, match="belongs to another export"):
            await session.export("clients", tmp_path / "a.jsonl", page_size=10, checkpoint=ckpt)
    assert ckpt.exists()
