"""Pagination: next links, page numbers, short pages, bounds, prefetch, origin and loop checks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import aclosing
from typing import Any

import orjson
import pytest
import yarl
from aiohttp import web
from jsonapi_fake import JSONAPI, FakeApi, LoopbackTransport, Start

from scopestack_async.errors import ResponseFormatError
from scopestack_async.jsonapi import Document, paging, parse_document
from scopestack_async.jsonapi.paging import PagingLimits, iterate_pages, iterate_resources

ORIGIN = yarl.URL("https://api.scopestack.io/")
BASE = ORIGIN / "acme" / "v1" / "projects"


def _items(*ids: int) -> list[dict[str, Any]]:
    return [{"type": "projects", "id": str(i)} for i in ids]


def _page(ids: range, **members: Any) -> Document:
    return parse_document({"data": _items(*ids), **members})


# ------------------------------------------------------------- the pure rule


def test_next_link_wins_and_relative_links_resolve() -> None:
    doc = _page(range(3), links={"next": "/acme/v1/projects?page%5Bnumber%5D=2"})
    nxt = paging.next_page_url(BASE, doc, origin=ORIGIN)
    assert nxt == yarl.URL("https://api.scopestack.io/acme/v1/projects?page%5Bnumber%5D=2")


def test_paging_links_without_next_mean_last_page() -> None:
    doc = _page(range(250), links={"first": str(BASE), "last": str(BASE)})
    assert paging.next_page_url(BASE, doc, origin=ORIGIN) is None


def test_page_count_drives_page_numbers_when_links_are_absent() -> None:
    url = BASE.with_query({"page[number]": "2", "page[size]": "3"})
    assert paging.next_page_url(url, _page(range(1), meta={"page-count": 3}), origin=ORIGIN) == (
        url.update_query({"page[number]": "3"})
    )
    last = url.update_query({"page[number]": "3"})
    assert (
        paging.next_page_url(last, _page(range(3), meta={"page-count": 3}), origin=ORIGIN) is None
    )


def test_without_meta_a_full_page_continues_and_a_short_one_stops() -> None:
    url = BASE.with_query({"page[size]": "3"})
    assert paging.next_page_url(url, _page(range(3)), origin=ORIGIN) == url.update_query(
        {"page[number]": "2"}
    )
    assert paging.next_page_url(url, _page(range(2)), origin=ORIGIN) is None
    # No page[size] sent: the server's default of 250 is what "full" means.
    assert paging.next_page_url(BASE, _page(range(249)), origin=ORIGIN) is None
    assert paging.next_page_url(BASE, _page(range(250)), origin=ORIGIN) is not None


def test_an_empty_page_always_stops() -> None:
    doc = _page(range(0), links={"next": str(BASE)}, meta={"page-count": 9})
    assert paging.next_page_url(BASE, doc, origin=ORIGIN) is None


# --------------------------------------------------------- against a server


def _fetch(transport: LoopbackTransport) -> Callable[[yarl.URL], Any]:
    async def fetch(url: yarl.URL) -> Document:
        return await transport.request("GET", url)

    return fetch


async def _walk(transport: LoopbackTransport, path: str, **limits: Any) -> list[str]:
    first = transport.api_url.join(yarl.URL(path))
    found = iterate_resources(
        _fetch(transport), first, origin=transport.api_url, limits=PagingLimits(**limits)
    )
    async with aclosing(found) as items:
        return [r.id async for r in items]


def _project_pages(api: FakeApi) -> list[str]:
    return [url for _, url in api.log if "/projects" in url]


@pytest.mark.parametrize("mode", ["links", "numbers", "short"])
@pytest.mark.parametrize("prefetch", [False, True])
async def test_every_mode_reads_each_item_once(start: Start, mode: str, prefetch: bool) -> None:
    api = FakeApi(paging=mode)
    api.seed(23)
    ids = await _walk(await start(api), "/acme/v1/projects?page[size]=5", prefetch=prefetch)
    assert ids == [str(i) for i in range(23)]
    assert len(_project_pages(api)) == 5


async def test_short_mode_with_an_exact_multiple_reads_one_empty_page(start: Start) -> None:
    api = FakeApi(paging="short")
    api.seed(20)
    ids = await _walk(await start(api), "/acme/v1/projects?page[size]=5")
    assert len(ids) == 20
    assert len(_project_pages(api)) == 5  # pages 1-4 full, page 5 empty


@pytest.mark.parametrize("prefetch", [False, True])
async def test_limit_stops_without_fetching_more_pages(start: Start, prefetch: bool) -> None:
    api = FakeApi()
    api.seed(23)
    ids = await _walk(
        await start(api), "/acme/v1/projects?page[size]=5", limit=7, prefetch=prefetch
    )
    assert ids == [str(i) for i in range(7)]
    assert len(_project_pages(api)) == 2


async def test_max_pages_stops_cleanly(start: Start) -> None:
    api = FakeApi()
    api.seed(23)
    ids = await _walk(await start(api), "/acme/v1/projects?page[size]=5", max_pages=2)
    assert ids == [str(i) for i in range(10)]
    assert len(_project_pages(api)) == 2


async def test_limit_zero_makes_no_request(start: Start) -> None:
    api = FakeApi()
    api.seed(3)
    assert await _walk(await start(api), "/acme/v1/projects", limit=0) == []
    assert api.log == []


def _scripted(next_link: Callable[[yarl.URL, int], str | None], log: list[str]) -> web.Application:
    """Pages of two items whose links.next is whatever ``next_link(url, number)`` says."""

    async def handler(request: web.Request) -> web.Response:
        log.append(str(request.rel_url))
        number = int(request.query.get("page[number]", "1"))
        body: dict[str, Any] = {"data": _items(2 * number - 1, 2 * number)}
        link = next_link(request.url, number)
        if link is not None:
            body["links"] = {"next": link}
        return web.Response(body=orjson.dumps(body), content_type=JSONAPI)

    app = web.Application()
    app.router.add_get("/acme/v1/items", handler)
    return app


async def test_a_next_link_to_another_origin_is_refused(start: Start) -> None:
    log: list[str] = []
    transport = await start(_scripted(lambda u, n: "https://evil.example/acme/v1/items", log))
    with pytest.raises(ResponseFormatError, match=r"another origin \(https://evil.example\)"):
        await _walk(transport, "/acme/v1/items")
    assert log == ["/acme/v1/items"]


async def test_a_next_link_back_to_a_read_page_raises(start: Start) -> None:
    log: list[str] = []

    def back(url: yarl.URL, number: int) -> str:
        return str(url.update_query({"page[number]": str(number % 2 + 1)}))

    transport = await start(_scripted(back, log))
    with pytest.raises(ResponseFormatError, match="a page already read"):
        await _walk(transport, "/acme/v1/items?page[number]=1")
    assert len(log) == 2


async def test_endless_distinct_next_links_hit_the_hard_cap(
    start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "HARD_MAX_PAGES", 4)
    log: list[str] = []

    def onwards(url: yarl.URL, number: int) -> str:
        return str(url.update_query({"page[number]": str(number + 1)}))

    transport = await start(_scripted(onwards, log))
    with pytest.raises(ResponseFormatError, match="Followed 4 pages"):
        await _walk(transport, "/acme/v1/items")
    assert len(log) == 4


async def test_a_single_resource_where_a_page_was_expected_is_an_error(start: Start) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=b'{"data": {"type": "a", "id": "1"}}', content_type=JSONAPI)

    app = web.Application()
    app.router.add_get("/acme/v1/items", handler)
    with pytest.raises(ResponseFormatError, match="an array of resources"):
        await _walk(await start(app), "/acme/v1/items")


class Gated:
    """Pages of one item; page 1 answers at once, later pages wait for ``gate``."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.arrivals: asyncio.Queue[int] = asyncio.Queue()
        self.tasks: list[asyncio.Task[Any]] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/acme/v1/items", self._handler)
        return app

    async def _handler(self, request: web.Request) -> web.Response:
        number = int(request.query.get("page[number]", "1"))
        self.arrivals.put_nowait(number)
        if number > 1:
            await self.gate.wait()
        link = str(request.url.update_query({"page[number]": str(number + 1)}))
        body = {"data": _items(number), "links": {"next": link}}
        return web.Response(body=orjson.dumps(body), content_type=JSONAPI)

    async def arrived(self) -> int:
        """The page number of the next request to reach the server (bounded wait)."""
        return await asyncio.wait_for(self.arrivals.get(), timeout=5)

    def pages(self, transport: LoopbackTransport, **limits: Any) -> Any:
        async def fetch(url: yarl.URL) -> Document:
            task = asyncio.current_task()
            assert task is not None
            self.tasks.append(task)
            return await transport.request("GET", url)

        first = transport.api_url.join(yarl.URL("/acme/v1/items"))
        return iterate_pages(
            fetch, first, origin=transport.api_url, limits=PagingLimits(prefetch=True, **limits)
        )


async def test_prefetch_is_cancelled_when_the_consumer_closes_early(start: Start) -> None:
    gated = Gated()
    transport = await start(gated.app())
    async with aclosing(gated.pages(transport)) as it:
        async for doc in it:
            assert [r.id for r in doc.many()] == ["1"]
            assert [await gated.arrived(), await gated.arrived()] == [1, 2]
            break
    prefetch = gated.tasks[-1]
    assert len(gated.tasks) == 2
    assert prefetch.cancelled()
    gated.gate.set()


async def test_prefetch_is_cancelled_when_an_unclosed_iterator_is_dropped(start: Start) -> None:
    gated = Gated()
    transport = await start(gated.app())
    async for _ in gated.pages(transport):
        assert [await gated.arrived(), await gated.arrived()] == [1, 2]
        break
    # The event loop's async-generator finaliser closes the dropped iterator on its next turns.
    for _ in range(100):
        if gated.tasks[-1].done():
            break
        await asyncio.sleep(0.01)
    assert gated.tasks[-1].cancelled()
    gated.gate.set()


async def test_prefetch_overlaps_the_callers_work(start: Start) -> None:
    gated = Gated()
    transport = await start(gated.app())
    seen: list[str] = []
    async with aclosing(gated.pages(transport, max_pages=3)) as it:
        async for doc in it:
            seen.extend(r.id for r in doc.many())
            if len(seen) == 1:
                assert await gated.arrived() == 1
            if len(seen) < 3:
                # While the caller still holds page N, page N+1 has reached the server.
                assert await gated.arrived() == len(seen) + 1
                gated.gate.set()
    assert seen == ["1", "2", "3"]
    assert gated.arrivals.empty()
    assert len(gated.tasks) == 3
