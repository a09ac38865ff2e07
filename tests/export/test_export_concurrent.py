"""Concurrent deletes during an export: offset paging may skip records; the result says so."""

from __future__ import annotations

from typing import Any

from export_support import session_for

from scopestack_async.sandbox import Sandbox


async def test_deletes_on_pages_already_read_are_reported(small_sb: Sandbox) -> None:
    seen: list[str] = []
    async with session_for(small_sb) as session:

        async def sink(records: list[dict[str, Any]]) -> None:
            seen.extend(r["id"] for r in records)
            if len(seen) == 100:  # two pages read: delete ten records they held
                for n in range(1, 11):
                    await session.request("DELETE", f"/acme/v1/projects/{n}")

        result = await session.export("projects", sink, page_size=50, concurrency=1, sort=["id"])
    still_there = {str(n) for n in range(11, 1_001)}
    missing = still_there - set(seen)
    assert len(missing) == 10  # what offset paging does: the ten that moved onto read pages
    assert result.possibly_missed >= len(missing)
    assert result.record_count == 990


async def test_an_undisturbed_export_reports_nothing_missed(small_sb: Sandbox) -> None:
    async def sink(records: list[dict[str, Any]]) -> None:
        pass

    async with session_for(small_sb) as session:
        result = await session.export("projects", sink, page_size=100)
    assert result.possibly_missed == 0
    assert result.record_count == result.records == 1_000
