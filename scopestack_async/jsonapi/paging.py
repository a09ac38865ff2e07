"""Pagination as async iterators: fetch(url) + a pure "what is the next page?" in a bounded loop.

The next page is, in order of preference:

1. ``links.next`` (resolved against the current URL); only on the API's own origin, so a
   forged or misconfigured link can never send the bearer token elsewhere;
2. when the server sent paging links without ``next`` (``first``/``last``/``prev``): none, it
   was the last page;
3. otherwise ``page[number] + 1`` while ``meta.page-count`` says there are more pages;
4. without ``page-count``: ``page[number] + 1`` while the page was full (``page[size]``, or
   ScopeStack's default of 250), else stop. An empty page always stops.

Every loop is bounded: by ``max_pages`` (stops cleanly), by a hard cap of
:data:`HARD_MAX_PAGES` pages, and by a set of URLs already read; a next link that points back
to one of them raises :class:`ResponseFormatError` rather than silently truncating or looping.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from contextlib import aclosing
from typing import Any, Final

import attrs
import yarl

from .._core.urls import redacted, same_origin
from ..errors import ResponseFormatError
from .document import Document, Resource, link_href
from .query import DEFAULT_PAGE_SIZE

__all__ = [
    "HARD_MAX_PAGES",
    "Fetch",
    "PagingLimits",
    "iterate_pages",
    "iterate_resources",
    "next_page_url",
    "page_cap",
    "page_count",
    "too_many_pages",
]

#: Pages followed at most when ``max_pages`` is not given (25 million records at 250 a page).
HARD_MAX_PAGES: Final = 100_000

Fetch = Callable[[yarl.URL], Awaitable[Document]]

_PAGING_LINKS: Final = ("first", "last", "prev", "next")


@attrs.frozen
class PagingLimits:
    """Bounds of one walk: ``limit`` items and ``max_pages`` pages (None: unbounded but capped)."""

    limit: int | None = None
    max_pages: int | None = None
    prefetch: bool = False


def _int_param(url: yarl.URL, name: str) -> int | None:
    value = url.query.get(name)
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


def _link_url(current: yarl.URL, href: str, name: str) -> yarl.URL:
    try:
        return current.join(yarl.URL(href))
    except (ValueError, TypeError) as exc:
        raise ResponseFormatError(
            f"The server's links.{name} on {redacted(current)} is not a valid URL ({exc}); "
            "stopping rather than guessing the next page. Report the link to ScopeStack."
        ) from exc


def _followed_link(current: yarl.URL, href: str, origin: yarl.URL) -> yarl.URL:
    url = _link_url(current, href, "next")
    if not same_origin(url, origin):
        raise ResponseFormatError(
            f"The server's links.next points to another origin ({url.origin()}), not the API "
            f"({origin.origin()}); refusing to follow it so the token is never sent elsewhere. "
            "Check the API base URL, or report the link to ScopeStack."
        )
    return url


def _count_or_none(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def page_count(
    meta: Mapping[str, Any], links: Mapping[str, Any], *, url: yarl.URL | None = None
) -> int | None:
    """Pages in the collection as the server declares them: ``meta.page-count``, else the
    ``page[number]`` of ``links.last``; None when neither says.

    The one reader of the page count. It is a claim, not a fact: walks use it to plan, and
    still stop at an empty page and at :data:`HARD_MAX_PAGES`.
    """
    count = _count_or_none(meta.get("page-count"))
    if count is not None:
        return count
    last = link_href(links, "last")
    if last is None:
        return None
    number = _link_url(url or yarl.URL("/"), last, "last").query.get("page[number]", "")
    return int(number) if number.isascii() and number.isdigit() else None


def _by_number(current: yarl.URL, doc: Document, count: int) -> yarl.URL | None:
    number = _int_param(current, "page[number]") or 1
    declared = _count_or_none(doc.meta.get("page-count"))
    if declared is not None:
        more = number < declared
    else:
        more = count >= (_int_param(current, "page[size]") or DEFAULT_PAGE_SIZE)
    return current.update_query({"page[number]": str(number + 1)}) if more else None


def next_page_url(current: yarl.URL, doc: Document, *, origin: yarl.URL) -> yarl.URL | None:
    """The URL of the page after ``doc`` (read from ``current``), or None on the last page."""
    count = len(doc.data) if isinstance(doc.data, list) else 0
    if count == 0:
        return None
    href = link_href(doc.links, "next")
    if href is not None:
        return _followed_link(current, href, origin)
    if any(name in doc.links for name in _PAGING_LINKS):
        return None
    return _by_number(current, doc, count)


def check_unseen(url: yarl.URL, seen: set[str]) -> None:
    """Refuse a page URL already followed: a loop of links would never end."""
    key = str(url)
    if key in seen:
        raise ResponseFormatError(
            f"The server's next page ({url}) is a page already read; stopping rather than "
            "looping forever. The results so far are incomplete; report the pagination bug."
        )
    seen.add(key)


def page_cap() -> int:
    """The hard cap on pages any walk reads (:data:`HARD_MAX_PAGES`): its one reader."""
    return HARD_MAX_PAGES


def _page_cap(limits: PagingLimits) -> int:
    return page_cap() if limits.max_pages is None else limits.max_pages


def too_many_pages(
    advice: str = "Pass max_pages (or a filter) to bound the walk.",
) -> ResponseFormatError:
    """The error for a walk that reached ``HARD_MAX_PAGES`` with pages still to come."""
    return ResponseFormatError(
        f"Followed {page_cap()} pages without reaching the last one; stopping. {advice}"
    )


async def _discard(task: asyncio.Task[Document] | None) -> None:
    """Cancel a prefetch nobody will read and wait until it is finished."""
    if task is None:
        return
    task.cancel()
    await asyncio.wait({task})
    if not task.cancelled():
        task.exception()  # mark an error of the abandoned fetch as retrieved


def _next_url(
    url: yarl.URL, doc: Document, counts: tuple[int, int], limits: PagingLimits, origin: yarl.URL
) -> yarl.URL | None:
    """The next page to read, or None when the walk is done (last page, limit, max_pages)."""
    items, pages = counts
    if limits.limit is not None and items >= limits.limit:
        return None
    nxt = next_page_url(url, doc, origin=origin)
    if nxt is None or pages < _page_cap(limits):
        return nxt
    if limits.max_pages is None:
        raise too_many_pages()
    return None


async def iterate_pages(
    fetch: Fetch, first: yarl.URL, *, origin: yarl.URL, limits: PagingLimits = PagingLimits()
) -> AsyncGenerator[Document, None]:
    """Yield each page's document, starting at ``first``.

    With ``limits.prefetch`` the next page is requested while the caller works on the current
    one; closing the iterator early (``break`` then ``aclose()``, or ``contextlib.aclosing``)
    cancels that request and waits for it.
    """
    seen: set[str] = set()
    check_unseen(first, seen)
    url: yarl.URL | None = first
    pending: asyncio.Task[Document] | None = None
    items = pages = 0
    try:
        doc = await fetch(first)
        while url is not None:
            pages += 1
            items += len(doc.many())
            url = _next_url(url, doc, (items, pages), limits, origin)
            if url is not None:
                check_unseen(url, seen)
                pending = asyncio.ensure_future(fetch(url)) if limits.prefetch else None
            yield doc
            if url is not None:
                doc = await (pending or fetch(url))
                pending = None
    finally:
        await _discard(pending)


async def iterate_resources(
    fetch: Fetch, first: yarl.URL, *, origin: yarl.URL, limits: PagingLimits = PagingLimits()
) -> AsyncGenerator[Resource, None]:
    """Yield each resource of each page, at most ``limits.limit`` of them, in server order."""
    if limits.limit is not None and limits.limit <= 0:
        return
    count = 0
    async with aclosing(iterate_pages(fetch, first, origin=origin, limits=limits)) as pages:
        async for doc in pages:
            for resource in doc.many():
                yield resource
                count += 1
                if limits.limit is not None and count >= limits.limit:
                    return
