"""Exports of collections without a page count: next links followed, bounded, never truncated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from export_support import jsonl_ids, session_for

from scopestack_async.errors import ResponseFormatError, ScopeStackError
from scopestack_async.jsonapi import paging
from scopestack_async.sandbox import Sandbox


def _unknown(meta: Any, links: Any, *, url: Any = None) -> None:
    return None


@pytest.fixture
def no_page_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk sees no page count (the sandbox always sends one): it follows links.next."""
    monkeypatch.setattr(paging, "page_count", _unknown)


async def test_without_a_page_count_the_next_links_give_the_same_file(
    small_sb: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned, followed = tmp_path / "planned.jsonl", tmp_path / "followed.jsonl"
    async with session_for(small_sb) as session:
        reference = await session.export("projects", planned, page_size=100)
        monkeypatch.setattr(paging, "page_count", _unknown)
        result = await session.export("projects", followed, page_size=100)
    assert reference.pages == result.pages == 10
    assert result.records == 1_000
    assert followed.read_bytes() == planned.read_bytes()
    assert len(set(jsonl_ids(followed))) == 1_000


async def test_hitting_the_page_cap_raises_and_commits_no_file(
    small_sb: Sandbox, tmp_path: Path, no_page_count: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1,000 records at 100 a page are 10 pages; a cap of 3 is reached with a next link set.
    monkeypatch.setattr(paging, "HARD_MAX_PAGES", 3)  # the one owner of the cap
    out = tmp_path / "p.jsonl"
    pages: list[int] = []
    async with session_for(small_sb) as session:
        with pytest.raises(ResponseFormatError, match="Followed 3 pages") as caught:
            await session.export(
                "projects", out, page_size=100, progress=lambda e: pages.append(e.pages)
            )
    assert isinstance(caught.value, ScopeStackError)
    assert pages == [1, 2]  # The third page's next link hit the cap before it was written.
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240  # no file, no partial file left


async def test_a_page_count_cap_exactly_at_the_last_page_still_succeeds(
    small_sb: Sandbox, tmp_path: Path, no_page_count: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Page 10 is the last (no next link): a cap of 10 is not exceeded.
    monkeypatch.setattr(paging, "HARD_MAX_PAGES", 10)
    out = tmp_path / "p.jsonl"
    async with session_for(small_sb) as session:
        result = await session.export("projects", out, page_size=100)
    assert result.pages == 10
    assert len(jsonl_ids(out)) == result.records == 1_000
