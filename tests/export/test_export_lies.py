"""Exports against a server whose meta and links lie, or whose pages are not what they claim.

Every case ends with the exact record set or a typed error (``ScopeStackError``) naming the
URL, within a bounded number of requests, and never with a success on a short file.
"""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path
from typing import Any

import orjson
import pytest
from export_support import jsonl_ids
from lying_server import Page, collection, lying_server, project

from scopestack_async.errors import ResponseFormatError, ScopeStackError
from scopestack_async.export import iterate_export

SIX = [project(n) for n in range(1, 7)]


def _ids(path: Path) -> list[str]:
    return [i for _, i in jsonl_ids(path)]


@pytest.mark.parametrize(
    "lie",
    [
        {"meta": {"page-count": 1_000_000_000, "record-count": 6}},
        {"meta": {}, "links": {"last": "/acme/v1/projects?page%5Bnumber%5D=999999999999"}},
    ],
    ids=["page-count", "links.last"],
)
async def test_an_inflated_page_count_ends_at_the_first_empty_page(
    tmp_path: Path, lie: dict[str, Any]
) -> None:
    async with lying_server(collection(SIX, meta=lambda n, s: lie)) as server:
        async with server.session() as session:
            result = await asyncio.wait_for(
                session.export("projects", tmp_path / "p.jsonl", page_size=2), 20
            )
    assert _ids(tmp_path / "p.jsonl") == [str(n) for n in range(1, 7)]
    assert result.records == 6
    assert server.requests <= 3 + 2 * 8 + 1  # the pages, at most one window past the end


async def test_a_page_count_growing_on_every_page_still_ends(tmp_path: Path) -> None:
    grow = collection(SIX, meta=lambda n, s: {"meta": {"page-count": n + 1}})
    async with lying_server(grow) as server, server.session() as session:
        result = await asyncio.wait_for(
            session.export("projects", tmp_path / "p.jsonl", page_size=2), 20
        )
    assert result.records == 6
    assert server.requests <= 3 + 2 * 8 + 1


@pytest.mark.parametrize(
    "lie",
    [
        {"meta": {"page-count": 1, "record-count": 6}, "links": {"next": "?page[number]=2"}},
        {"meta": {"page-count": 1}},
        {"meta": {"page-count": 0, "record-count": 6}},
    ],
    ids=["count-1-with-next", "count-1-full-pages", "count-0"],
)
async def test_an_under_reported_page_count_does_not_truncate(
    tmp_path: Path, lie: dict[str, Any]
) -> None:
    async with lying_server(collection(SIX, meta=lambda n, s: lie)) as server:
        async with server.session() as session:
            result = await session.export("projects", tmp_path / "p.jsonl", page_size=2)
    assert _ids(tmp_path / "p.jsonl") == [str(n) for n in range(1, 7)]
    assert result.records == 6


def _malformed(kind: str) -> Any:
    good = [project(1), project(2)]
    docs: dict[str, Any] = {
        "no-id": {"data": [{"type": "projects"}]},
        "no-type": {"data": [{"id": "1"}]},
        "string-item": {"data": ["projects/1"]},
        "numeric-id": {"data": [{"type": "projects", "id": 5}]},
        "meta-list": {"data": good, "meta": [1]},
        "links-list": {"data": good, "links": [1], "meta": {"page-count": 2}},
        "bad-next": {"data": good, "links": {"next": "http://[::1/x"}},
        "bad-last": {"data": good, "links": {"last": "http://[::1/x"}},
    }
    return docs[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "no-id",
        "no-type",
        "string-item",
        "numeric-id",
        "meta-list",
        "links-list",
        "bad-next",
        "bad-last",
        "html",
        "html-later",
    ],
)
async def test_malformed_pages_are_response_format_errors_naming_the_url(
    tmp_path: Path, kind: str
) -> None:
    def pages(number: int, size: int) -> Page:
        if kind == "html" or (kind == "html-later" and number == 2):
            return Page(body=b"<html>proxy says hi</html>", headers={"Content-Type": "text/html"})
        if kind == "html-later":
            return Page(doc={"data": [project(1), project(2)], "meta": {"page-count": 3}})
        return Page(doc=_malformed(kind))

    async with lying_server(pages) as server, server.session() as session:
        with pytest.raises(ResponseFormatError) as caught:
            await session.export("projects", tmp_path / "p.jsonl", page_size=2)
        text = str(caught.value)
        assert f"{server.base}/acme/v1/projects" in text, text
        with pytest.raises(ResponseFormatError):
            async for _ in iterate_export(session, "projects", page_size=2):
                pass
    assert isinstance(caught.value, ScopeStackError)
    assert not (tmp_path / "p.jsonl").exists()


async def test_iterate_with_a_malformed_next_link_is_a_response_format_error() -> None:
    doc = {"data": [project(1)], "links": {"next": "http://[::1/x"}}
    async with lying_server(lambda n, s: Page(doc=doc)) as server, server.session() as session:
        with pytest.raises(ResponseFormatError, match=r"links\.next"):
            async for _ in session.resource("projects").iterate():
                pass


async def test_a_gzip_bomb_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    filler = b" " * (64 << 20)  # 64 MiB of spaces inside a valid document: ~64 KB gzipped
    body = gzip.compress(b'{"data": [], "meta": {}, "x": "' + filler + b'"}', 9)
    headers = {"Content-Encoding": "gzip"}
    async with lying_server(lambda n, s: Page(body=body, headers=headers)) as server:
        async with server.session() as session:
            with pytest.raises(ResponseFormatError, match=r"larger than|limit") as caught:
                await session.export("projects", tmp_path / "p.jsonl", max_response_bytes=8 << 20)
    assert f"{server.base}/acme/v1/projects" in str(caught.value)


def test_jsonl_pages_are_written_without_one_buffer_per_record() -> None:
    import tracemalloc

    from scopestack_async.export.sinks import jsonl_bytes

    records = [{"type": "projects", "id": str(n)} for n in range(20_000)]
    expected = b"".join(orjson.dumps(r) + b"\n" for r in records)
    tracemalloc.start()
    try:
        data = jsonl_bytes(records)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bytes(data) == expected
    # One buffer of the output (plus the growth slack of a bytearray), not 20,000 of them.
    assert peak < 4 * len(expected)


@pytest.mark.parametrize("status", [200, 404])
async def test_a_failed_first_page_leaves_nothing_behind(tmp_path: Path, status: int) -> None:
    html = Page(body=b"<html>", headers={"Content-Type": "text/html"}, status=status)
    async with lying_server(lambda n, s: html) as server, server.session() as session:
        with pytest.raises(ScopeStackError):
            await session.export("projects", tmp_path / "x.csv", format="csv",
                                 checkpoint=tmp_path / ".x.csv.ckpt")  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # noqa: ASYNC240  # loop idle


async def test_result_retries_count_only_this_exports_retries(
    tmp_path: Path, no_waits: None
) -> None:
    failures = {"left": 2}

    def pages(number: int, size: int) -> Page:
        page = collection(SIX)(number, size)
        if size == 3 and failures["left"]:  # the other export, running at the same time
            failures["left"] -= 1
            return Page(doc={"errors": [{"status": "503"}]}, status=503, delay=0.05)
        page.delay = 0.1 if size == 2 else 0.0
        return page

    async with lying_server(pages) as server, server.session() as session:
        mine, other = await asyncio.gather(
            session.export("projects", tmp_path / "a.jsonl", page_size=2),
            session.export("projects", tmp_path / "b.jsonl", page_size=3),
        )
    assert (mine.retries, other.retries) == (0, 2)
    assert mine.records == other.records == 6
