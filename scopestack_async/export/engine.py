"""The export engine: pages fetched concurrently, written in order, each resource once.

The fast path builds no typed objects: a page's bytes go through ``orjson.loads``, its
``data`` is deduplicated by (type, id) and handed to the sink, which writes it with
``orjson.dumps``. At most ``window`` pages are in memory at once (fetched, waiting for their
turn), so memory stays flat however many records there are.

Every request goes through the session's middleware chain, so 429/5xx/connection failures
are retried by the SDK's one retry policy and token refreshes happen underneath. The retry
middleware reads a JSON body inside its loop, so a reset that strikes mid-body is retried
there too; the engine has no retry loop of its own.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import deque
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from contextlib import aclosing
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import orjson
import yarl

from .._atomic import write_atomically
from .._core.urls import account_path
from ..errors import ConfigurationError
from ..jsonapi.document import parse_document
from ..jsonapi.paging import HARD_MAX_PAGES, check_unseen, next_page_url, too_many_pages
from ..jsonapi.query import FilterValue, build_query, url_with_query
from .plan import (
    Checkpoint,
    ExportFormat,
    SeenIds,
    Shard,
    check_format,
    decode_checkpoint,
    encode_checkpoint,
    export_fingerprint,
    page_count,
    resources_of,
    shard_pages,
)
from .sinks import CsvSink, Sink, csv_header

if TYPE_CHECKING:
    from ..session import ScopeStackSession

__all__ = [
    "ExportOptions",
    "ExportProgress",
    "ExportResult",
    "PageFetcher",
    "ProgressCallback",
    "iterate_export",
    "run_export",
]

log = logging.getLogger("scopestack_async.export")

_RESOURCE_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@attrs.frozen
class ExportProgress:
    """A progress event, sent after each page is written (``pages_total`` None: unknown)."""

    pages: int
    pages_total: int | None
    records: int
    duplicates: int
    retries: int
    elapsed: float
    resumed_records: int = 0  # Of ``records``, those a checkpoint restored (not this run's).


ProgressCallback = Callable[[ExportProgress], object]


@attrs.frozen
class ExportResult:
    """What an export did: ``records`` written, ``pages`` read, ``retries``, ``seconds``.

    ``duplicates`` were dropped by (type, id); ``bytes`` is the output size; ``path`` the final
    file (None for a callable sink); ``resumed_pages`` and ``resumed_records`` what a checkpoint
    saved us (counted in ``pages`` and ``records``, not in the rate).
    """

    records: int
    pages: int
    retries: int
    seconds: float
    duplicates: int = 0
    bytes: int = 0
    path: Path | None = None
    resumed_pages: int = 0
    shard: Shard | None = None
    resumed_records: int = 0

    @property
    def records_per_second(self) -> float:
        """Throughput of this run: the records it fetched itself (resumed ones excluded)."""
        fetched = self.records - self.resumed_records
        return fetched / self.seconds if self.seconds > 0 else 0.0


def _positive_int(name: str) -> Callable[[object, attrs.Attribute[int], object], None]:
    # ``value: object``: options arrive from callers (and the CLI) untyped at run time.
    def check(_: object, __: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigurationError(f"{name} must be a positive integer, got {value!r}.")

    return check


def _check_resource(_: object, __: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _RESOURCE_RE.match(value):
        raise ConfigurationError(
            f"{value!r} is not a resource name; use a collection type such as 'projects' or "
            "'project-services' (lowercase, dash-separated)."
        )


def _check_format(_: object, __: attrs.Attribute[ExportFormat], value: object) -> None:
    check_format(value)


@attrs.frozen(kw_only=True)
class ExportOptions:
    """What to export and how: the query, page size, concurrency, shard, checkpoint cadence.

    Every option is checked here (ConfigurationError), so a bad one is refused before any
    request is sent or any file is created.
    """

    resource: str = attrs.field(validator=_check_resource)
    format: ExportFormat = attrs.field(default="jsonl", validator=_check_format)
    page_size: int = attrs.field(default=100, validator=_positive_int("page_size"))
    concurrency: int = attrs.field(default=8, validator=_positive_int("concurrency"))
    filter: Mapping[str, FilterValue] | None = None
    include: Sequence[str] | None = None
    fields: Mapping[str, str | Sequence[str]] | None = None
    sort: Sequence[str] | None = None
    shard: Shard | None = None
    checkpoint_every: int = attrs.field(default=20, validator=_positive_int("checkpoint_every"))

    def __attrs_post_init__(self) -> None:
        self.params()  # Builds the query once to refuse a bad filter, field or sort.

    @property
    def window(self) -> int:
        """Pages in memory at most: twice the concurrency, so a slow page stalls nobody."""
        return 2 * self.concurrency

    def params(self) -> list[tuple[str, str]]:
        """The query without the page number (ConfigurationError on a bad filter or field)."""
        include = list(self.include) if self.include else None
        sort = list(self.sort) if self.sort else None
        return build_query(
            filter=self.filter,
            include=include,
            fields=self.fields,
            sort=sort,
            page_size=self.page_size,
        )


class PageFetcher:
    """GETs one page's bytes through the session, at most ``concurrency`` at once.

    Retries (429, 5xx, resets before or during the body) and token refreshes happen in the
    session's middleware chain: the one retry policy, not a second loop here. Error answers
    become the same typed errors ``session.request`` raises.
    """

    def __init__(self, session: ScopeStackSession, concurrency: int) -> None:
        self._session = session
        self._slots = asyncio.Semaphore(concurrency)

    async def get(self, url: yarl.URL) -> bytes:
        """The body of a 2xx answer; the session's typed error for an error status."""
        async with self._slots, self._session.http.get(url) as resp:
            body = await resp.read()
            status, headers = resp.status, resp.headers
        if status >= 400:
            raise await self._session.error_for("GET", url, status, headers, body)
        return body


@attrs.define
class _Page:
    """One page, deduplicated, ready for the sink."""

    number: int
    records: list[dict[str, Any]]
    duplicates: int
    next_url: str | None = None


def _identifiers(resource: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """(type, id) of every linkage in ``resource``'s relationships."""
    keys: list[tuple[Any, Any]] = []
    for rel in (resource.get("relationships") or {}).values():
        data = rel.get("data") if isinstance(rel, dict) else None
        items = data if isinstance(data, list) else [data]
        keys.extend((i.get("type"), i.get("id")) for i in items if isinstance(i, dict))
    return keys


def _related(record: Mapping[str, Any], index: Mapping[tuple[Any, Any], Any]) -> list[Any]:
    """The included resources reachable from ``record`` (breadth first, each once)."""
    found: dict[tuple[Any, Any], Any] = {}
    queue: deque[Mapping[str, Any]] = deque([record])
    while queue and len(found) < len(index):
        for key in _identifiers(queue.popleft()):
            if key in index and key not in found:
                found[key] = index[key]
                queue.append(found[key])
    return list(found.values())


def _attach_included(records: list[dict[str, Any]], doc: Mapping[str, Any]) -> None:
    included = doc.get("included")
    items = included if isinstance(included, list) else []
    index = {(o.get("type"), o.get("id")): o for o in items if isinstance(o, dict)}
    for record in records:
        record["included"] = _related(record, index)


class _Walk:
    """The ordered, deduplicated stream of pages of one export."""

    def __init__(
        self,
        fetcher: PageFetcher,
        collection: yarl.URL,
        options: ExportOptions,
        seen: SeenIds,
        origin: yarl.URL,
    ) -> None:
        self._fetcher = fetcher
        self._collection = collection
        self._options = options
        self._params = options.params()
        self._seen = seen
        self._origin = origin
        self.first_doc: dict[str, Any] | None = None
        self.total: int | None = None

    def url(self, number: int) -> yarl.URL:
        """The URL of page ``number``."""
        return url_with_query(self._collection, [*self._params, ("page[number]", str(number))])

    def page(self, number: int, doc: object) -> _Page:
        """Deduplicate a parsed page (and attach included resources when asked)."""
        records: list[dict[str, Any]] = []
        duplicates = 0
        add = self._seen.add
        for record in resources_of(doc):
            if add(record["type"], record["id"]):
                records.append(record)
            else:
                duplicates += 1
        if self._options.include:
            _attach_included(records, doc)  # type: ignore[arg-type]  # resources_of checked
        return _Page(number, records, duplicates)

    async def first(self) -> dict[str, Any]:
        """Page 1, parsed; sets :attr:`total` from its meta or links."""
        doc = orjson.loads(await self._fetcher.get(self.url(1)))
        resources_of(doc)
        self.first_doc = doc
        self.total = page_count(doc.get("meta") or {}, doc.get("links") or {})
        return doc  # type: ignore[no-any-return]  # resources_of checked it is an object

    async def planned(self, start: int) -> AsyncGenerator[_Page, None]:
        """Pages ``start``.. of this shard's plan, fetched concurrently, yielded in order."""
        assert self.total is not None
        plan = shard_pages(self.total, self._options.shard)
        end = plan.stop - 1
        number = max(start, plan.start)
        window: deque[tuple[int, asyncio.Task[bytes] | None]] = deque()
        try:
            while True:
                while number <= end and len(window) < self._options.window:
                    window.append((number, self._task(number)))
                    number += 1
                if not window:
                    return
                current, task = window.popleft()
                doc = self.first_doc if task is None else orjson.loads(await task)
                end = self._extended(end, doc)
                yield self.page(current, doc)
        finally:
            await _cancel([t for _, t in window if t is not None])

    def _task(self, number: int) -> asyncio.Task[bytes] | None:
        if number == 1 and self.first_doc is not None:
            return None  # Already fetched to learn the page count.
        return asyncio.ensure_future(self._fetcher.get(self.url(number)))

    def _extended(self, end: int, doc: Any) -> int:
        """Data added during an unsharded export grows the page count: follow it."""
        if self._options.shard is not None or not isinstance(doc, dict):
            return end
        now = page_count(doc.get("meta") or {}, doc.get("links") or {})
        return max(end, now) if now is not None else end

    async def _doc(self, url: yarl.URL, number: int) -> Any:
        if number == 1 and self.first_doc is not None:
            return self.first_doc
        doc = orjson.loads(await self._fetcher.get(url))
        resources_of(doc)  # An object with a data array, before the typed parse reads it.
        return doc

    async def following(self, start: int, url: yarl.URL | None) -> AsyncGenerator[_Page, None]:
        """Without a page count: one page at a time, following ``links.next``.

        Bounded like :func:`~scopestack_async.jsonapi.paging.iterate_pages`: a next link to a
        page already read, or one past :data:`HARD_MAX_PAGES`, raises ``ResponseFormatError``
        (so the export fails instead of committing a truncated file).
        """
        seen: set[str] = set()
        if url is not None:
            check_unseen(url, seen)
        number = start
        while url is not None:
            doc = await self._doc(url, number)
            nxt = self._next_url(url, doc, number, seen)
            page = self.page(number, doc)
            page.next_url = None if nxt is None else str(nxt)
            yield page
            url, number = nxt, number + 1

    def _next_url(self, url: yarl.URL, doc: Any, number: int, seen: set[str]) -> yarl.URL | None:
        # Rare path (no page count): the typed parse gives the SDK's one next-link rule.
        nxt = next_page_url(url, parse_document(doc), origin=self._origin)
        if nxt is not None:
            if number >= HARD_MAX_PAGES:
                raise too_many_pages("Narrow the export with a filter, or split it into shards.")
            check_unseen(nxt, seen)
        return nxt


async def _cancel(tasks: list[asyncio.Task[bytes]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


# ---------------------------------------------------------------------------- orchestration


async def _collection(session: ScopeStackSession, resource: str) -> yarl.URL:
    me = await session.me()
    return session.url(account_path(me.account_slug, resource))


class _Run:
    """One export run: counters, checkpoint and progress around the walk."""

    def __init__(
        self,
        session: ScopeStackSession,
        options: ExportOptions,
        sink: Sink,
        checkpoint: Path | None,
        progress: ProgressCallback | None,
    ) -> None:
        self.session = session
        self.options = options
        self.sink = sink
        self.checkpoint = checkpoint
        self.progress = progress
        self.started = time.monotonic()
        self.retries_before = session.retries
        self.fetcher = PageFetcher(session, options.concurrency)
        self.seen = SeenIds()
        self.records = self.duplicates = self.pages = self.resumed = self.resumed_records = 0
        self.next_page = 1
        self.next_url: str | None = None
        self.fingerprint = ""

    @property
    def retries(self) -> int:
        return self.session.retries - self.retries_before

    def _load_checkpoint(self) -> Checkpoint | None:
        path = self.checkpoint
        if path is None or not path.exists():
            return None
        state = decode_checkpoint(path.read_bytes(), where=str(path))
        if state.fingerprint != self.fingerprint:
            raise ConfigurationError(
                f"The checkpoint {path} belongs to another export (a different resource, "
                "query, format or shard). Use the same options as the export that wrote it, "
                "or delete the checkpoint to start afresh."
            )
        return state

    def _restore(self, state: Checkpoint) -> None:
        self.seen = SeenIds.from_json(state.seen)
        self.records, self.duplicates = state.records, state.duplicates
        self.resumed_records = state.records
        self.pages = self.resumed = state.pages
        self.next_page, self.next_url = state.next_page, state.next_url
        if state.header is not None and isinstance(self.sink, CsvSink):
            self.sink.use_header(state.header)

    async def _save(self) -> None:
        if self.checkpoint is None:
            return
        offset = await self.sink.sync()
        header = self.sink.header if isinstance(self.sink, CsvSink) else None
        state = Checkpoint(
            fingerprint=self.fingerprint,
            next_page=self.next_page,
            output_bytes=offset,
            records=self.records,
            duplicates=self.duplicates,
            pages=self.pages,
            seen=self.seen.to_json(),
            next_url=self.next_url,
            header=header,
        )
        await asyncio.to_thread(write_atomically, self.checkpoint, encode_checkpoint(state))

    async def _remove_checkpoint(self) -> None:
        if self.checkpoint is not None:
            await asyncio.to_thread(self.checkpoint.unlink, True)

    def _walk(self, collection: yarl.URL) -> _Walk:
        return _Walk(self.fetcher, collection, self.options, self.seen, self.session.api_url)

    async def execute(self) -> ExportResult:
        collection = await _collection(self.session, self.options.resource)
        params = self.options.params()
        self.fingerprint = export_fingerprint(
            str(collection), params, format=self.options.format, shard=self.options.shard
        )
        state = await asyncio.to_thread(self._load_checkpoint)
        if state is not None:
            self._restore(state)
        await self.sink.open(resume_at=None if state is None else state.output_bytes)
        try:
            await self._pump(self._walk(collection))
            offset = await self.sink.sync()
            path = await self.sink.commit()
        except BaseException:
            await self._stop()
            raise
        await self._remove_checkpoint()
        return self._result(offset, path)

    async def _stop(self) -> None:
        keep = self.checkpoint is not None
        if keep:
            try:
                await self._save()
            except Exception:  # The earlier checkpoint (if any) still holds; say so.
                log.warning("could not save the export checkpoint", exc_info=True)
        await self.sink.abort(keep_partial=keep)

    async def _pump(self, walk: _Walk) -> None:
        first = await walk.first()
        if isinstance(self.sink, CsvSink) and self.sink.header is None:
            self.sink.use_header(csv_header(resources_of(first)))
        if walk.total is not None:
            pages = walk.planned(self.next_page)
        else:
            if self.options.shard is not None:
                raise ConfigurationError(
                    "The server gave no page count for this collection, so it cannot be "
                    "split into shards; export it without --shard."
                )
            pages = walk.following(self.next_page, self._resume_url(walk))
        async with aclosing(pages) as stream:
            async for page in stream:
                await self._take(page, walk.total)

    def _resume_url(self, walk: _Walk) -> yarl.URL | None:
        if self.pages == 0:
            return walk.url(1)
        return None if self.next_url is None else yarl.URL(self.next_url)

    async def _take(self, page: _Page, total: int | None) -> None:
        # Count first: a file sink buffers the page before its first await, so a
        # cancellation inside write() still leaves the page in the (synced) file.
        self.records += len(page.records)
        self.duplicates += page.duplicates
        self.pages += 1
        self.next_page, self.next_url = page.number + 1, page.next_url
        await self.sink.write(page.records)
        if self.pages % self.options.checkpoint_every == 0:
            await self._save()
        if self.progress is not None:
            self.progress(
                ExportProgress(
                    pages=self.pages,
                    pages_total=self._total(total),
                    records=self.records,
                    duplicates=self.duplicates,
                    retries=self.retries,
                    elapsed=time.monotonic() - self.started,
                    resumed_records=self.resumed_records,
                )
            )

    def _total(self, total: int | None) -> int | None:
        if total is None:
            return None
        return len(shard_pages(total, self.options.shard))

    def _result(self, offset: int, path: Path | None) -> ExportResult:
        return ExportResult(
            records=self.records,
            pages=self.pages,
            retries=self.retries,
            seconds=time.monotonic() - self.started,
            duplicates=self.duplicates,
            bytes=offset,
            path=path,
            resumed_pages=self.resumed,
            shard=self.options.shard,
            resumed_records=self.resumed_records,
        )


def _absolute(path: str | Path) -> Path:
    return Path(path).expanduser().absolute()


async def run_export(
    session: ScopeStackSession,
    options: ExportOptions,
    sink: Sink,
    *,
    checkpoint: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> ExportResult:
    """Export ``options.resource`` into ``sink``; resume from ``checkpoint`` when it exists."""
    path = None if checkpoint is None else await asyncio.to_thread(_absolute, checkpoint)
    return await _Run(session, options, sink, path, progress).execute()


async def iterate_export(
    session: ScopeStackSession,
    resource: str,
    *,
    page_size: int = 100,
    concurrency: int = 8,
    filter: Mapping[str, FilterValue] | None = None,
    include: Sequence[str] | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    sort: Sequence[str] | None = None,
    shard: Shard | tuple[int, int] | None = None,
) -> AsyncGenerator[dict[str, Any], None]:
    """Every resource of the collection once, in page order, as the JSON:API object (a dict).

    Pages are fetched ``concurrency`` at a time, like :func:`run_export`, for callers who
    write their own sink. Close the iterator early (``contextlib.aclosing``) to cancel
    the fetches in flight.
    """
    options = ExportOptions(
        resource=resource,
        page_size=page_size,
        concurrency=concurrency,
        filter=filter,
        include=include,
        fields=fields,
        sort=sort,
        shard=Shard.of(shard),
    )
    fetcher = PageFetcher(session, concurrency)
    walk = _Walk(fetcher, await _collection(session, resource), options, SeenIds(), session.api_url)
    await walk.first()
    pages = walk.planned(1) if walk.total is not None else walk.following(1, walk.url(1))
    async with aclosing(pages) as stream:
        async for page in stream:
            for record in page.records:
                yield record
