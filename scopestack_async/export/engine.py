"""The export engine: pages fetched concurrently, written in order, each resource once.

The fast path builds no typed objects. Pages are fetched ahead and wait, as bytes, for their
turn (at most ``window`` of them, so memory stays flat however many records there are); in
its turn a page goes through ``orjson.loads``, its ``data`` is deduplicated by (type, id),
and a file sink renders it (``orjson.dumps`` for JSONL) in the same synchronous stretch, with
the garbage collector held off, so the parsed tree is freed before anything else runs.

Every request goes through the session's middleware chain, so 429/5xx/connection failures
are retried by the SDK's one retry policy and token refreshes happen underneath. The retry
middleware reads a JSON body inside its loop, so a reset that strikes mid-body is retried
there too; the engine has no retry loop of its own.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections import deque
from collections.abc import AsyncGenerator, Callable, Coroutine, Mapping, Sequence
from contextlib import aclosing
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import orjson
import yarl

from .._atomic import fsync_folder
from .._body import DEFAULT_MAX_BODY_BYTES
from .._gc import collector_paused
from ..errors import ConfigurationError, ResponseFormatError
from ..events import EventCounter, counting_events
from ..jsonapi.document import parse_document
from ..jsonapi.paging import check_unseen, next_page_url, page_cap, too_many_pages
from ..jsonapi.query import FilterValue, build_query, url_with_query
from .plan import (
    Checkpoint,
    ExportFormat,
    PageFacts,
    SavedExport,
    SeenIds,
    Shard,
    check_format,
    decode_checkpoint,
    encode_checkpoint,
    export_fingerprint,
    more_after,
    resources_of,
    shard_pages,
)
from .sinks import CsvSink, Rendered, RendersOnLoop, Sink, csv_header
from .transport import Answer, ExportTransport, SessionLike, as_transport

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

T = TypeVar("T")

_RESOURCE_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ADVICE_CAP: Final = "Narrow the export with a filter, or split it into shards."


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
    saved us (counted in ``pages`` and ``records``, not in the rate); ``retries`` those of this
    export's requests only.

    ``record_count`` is the server's last ``meta.record-count`` (None when it sent none).
    ``possibly_missed`` is how many records that still exist the export may have skipped:
    offset paging moves records onto pages already read when earlier ones are deleted during
    the export, and the engine sees it as a record count that fell (or ends above the records
    written). Zero means no sign of it; see docs/export.md for what is guaranteed.
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
    record_count: int | None = None
    possibly_missed: int = 0
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


def _shard(value: Shard | tuple[int, int] | None) -> Shard | None:
    return Shard.of(value)


def _path_or_none(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value)


@attrs.frozen(kw_only=True)
class ExportOptions:
    """Everything one export is: the query, paging, concurrency, shard, checkpoint, limits.

    The one value the engine takes (``session.export`` and ``export.api.export`` build it).
    Every option is checked here (ConfigurationError), so a bad one is refused before any
    request is sent or any file is created. ``checkpoint`` is the checkpoint file (None: no
    resume), saved every ``checkpoint_every`` pages; ``restart`` discards an existing one
    first; ``max_response_bytes`` bounds one page's decoded size; ``progress`` is called
    after each page.
    """

    resource: str = attrs.field(validator=_check_resource)
    format: ExportFormat = attrs.field(default="jsonl", validator=_check_format)
    page_size: int = attrs.field(default=100, validator=_positive_int("page_size"))
    concurrency: int = attrs.field(default=8, validator=_positive_int("concurrency"))
    filter: Mapping[str, FilterValue] | None = None
    include: Sequence[str] | None = None
    fields: Mapping[str, str | Sequence[str]] | None = None
    sort: Sequence[str] | None = None
    shard: Shard | None = attrs.field(default=None, converter=_shard)
    checkpoint: Path | None = attrs.field(default=None, converter=_path_or_none)
    checkpoint_every: int = attrs.field(default=20, validator=_positive_int("checkpoint_every"))
    restart: bool = False
    max_response_bytes: int = attrs.field(
        default=DEFAULT_MAX_BODY_BYTES, validator=_positive_int("max_response_bytes")
    )
    progress: ProgressCallback | None = attrs.field(default=None, eq=False)

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


def _not_json(url: yarl.URL, status: int, headers: Mapping[str, str], exc: Exception) -> Exception:
    kind = headers.get("Content-Type") or "no Content-Type"
    return ResponseFormatError(
        f"GET {url} answered {status} ({kind}) with a body that is not JSON ({exc}). A proxy, "
        "a login page or a wrong api_url answers like this: check the API URL and try again."
    )


class PageFetcher:
    """GETs and parses one page through the transport, at most ``concurrency`` at once.

    Retries (429, 5xx, resets before or during the body) and token refreshes happen in the
    session's middleware chain: the one retry policy, not a second loop here. Error answers
    become the same typed errors ``session.request`` raises; a body that is not a JSON
    object, or larger than ``max_bytes`` decoded, a ResponseFormatError naming the URL.
    """

    def __init__(
        self,
        transport: ExportTransport,
        concurrency: int,
        max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._transport = transport
        self._slots = asyncio.Semaphore(concurrency)
        self._max_bytes = max_bytes

    async def get(self, url: yarl.URL) -> dict[str, Any]:
        """The page at ``url``, parsed (a dict); the session's typed error for an error status."""
        return self.parse(url, await self.fetch(url))

    async def fetch(self, url: yarl.URL) -> Answer:
        """The page at ``url``, unparsed; the session's typed error for an error status.

        Pages fetched ahead wait as bytes and are parsed in page order, just before they are
        written: a waiting page costs its body, not the many times larger parsed tree the
        garbage collector would walk again and again, and the tree is still in the CPU's
        cache when it is deduplicated and written.
        """
        async with self._slots:
            answer = await self._transport.send("GET", url, max_bytes=self._max_bytes)
        if answer.status >= 400:
            status, headers, body = answer.status, answer.headers, answer.body
            raise await self._transport.error_for("GET", url, status, headers, body)
        return answer

    def parse(self, url: yarl.URL, answer: Answer) -> dict[str, Any]:
        """``answer``'s body as a JSON object; ResponseFormatError naming ``url`` if it is not."""
        try:
            doc = orjson.loads(answer.body)
        except orjson.JSONDecodeError as exc:
            raise _not_json(url, answer.status, answer.headers, exc) from None
        if not isinstance(doc, dict):
            raise ResponseFormatError(
                f"GET {url} answered with JSON that is not an object (a {type(doc).__name__}); "
                "it is not a JSON:API document. Check the resource name and the API URL."
            )
        return doc


@attrs.define
class _Page:
    """One page, deduplicated, ready for the sink."""

    number: int
    records: list[dict[str, Any]]  # empty once rendered
    duplicates: int
    facts: PageFacts
    kept: int  # resources after deduplication
    next_url: str | None = None
    rendered: Rendered | None = None  # what the sink made of it on the loop


def _identifiers(resource: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """(type, id) of every linkage in ``resource``'s relationships."""
    rels = resource.get("relationships")
    keys: list[tuple[Any, Any]] = []
    for rel in rels.values() if isinstance(rels, dict) else ():
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


def _bad_record(url: yarl.URL, index: int, record: object) -> ResponseFormatError:
    if not isinstance(record, dict):
        what = f"is a {type(record).__name__}, not a resource object"
    else:
        kinds = {k: type(record.get(k)).__name__ for k in ("type", "id")}
        what = f"needs string 'type' and 'id' (got {kinds['type']} and {kinds['id']})"
    return ResponseFormatError(
        f"An export page from {url} is not valid JSON:API: data[{index}] {what}. The server "
        "or a proxy sent something unexpected; report it if it persists."
    )


class _Walk:
    """The ordered, deduplicated stream of pages of one export.

    The server's page count is a plan, not the truth: the walk stops at the first empty
    page, reads on past the planned last page while that page shows more (a next link, a full
    page, a record count not reached), and never reads past the hard page cap.
    """

    def __init__(
        self,
        fetcher: PageFetcher,
        collection: yarl.URL,
        options: ExportOptions,
        seen: SeenIds,
        origin: yarl.URL,
        read: int = 0,
        render: RendersOnLoop | None = None,
    ) -> None:
        self._fetcher = fetcher
        self._render = render
        self._collection = collection
        self._options = options
        self._params = options.params()
        self._seen = seen
        self._origin = origin
        self.read = read  # Items read (kept and dropped), to compare with record-count.
        self.first_doc: dict[str, Any] | None = None
        self.total: int | None = None

    def url(self, number: int) -> yarl.URL:
        """The URL of page ``number``."""
        return url_with_query(self._collection, [*self._params, ("page[number]", str(number))])

    def page(self, number: int, url: yarl.URL, doc: dict[str, Any]) -> _Page:
        """Check and deduplicate a parsed page (and attach included resources when asked)."""
        facts = PageFacts.of(doc, url)
        records: list[dict[str, Any]] = []
        duplicates = 0
        add = self._seen.add
        for index, record in enumerate(doc["data"]):
            try:
                type_, id_ = record["type"], record["id"]
            except (TypeError, KeyError, IndexError):
                raise _bad_record(url, index, record) from None
            if type(type_) is not str or type(id_) is not str:
                raise _bad_record(url, index, record)
            if add(type_, id_):
                records.append(record)
            else:
                duplicates += 1
        if self._options.include:
            _attach_included(records, doc)
        self.read += facts.size
        return _Page(number, records, duplicates, facts, len(records))

    def _read(
        self, number: int, url: yarl.URL, answer: Answer | None, seen: set[str] | None = None
    ) -> _Page:
        """Parse, check and deduplicate a page, its next link when ``seen`` is given, and
        when the sink can, render it: one synchronous stretch, with the collector held off
        (see :mod:`scopestack_async._gc`), so the parsed tree is gone before it ends."""
        with collector_paused(self._render is not None):
            if answer is None:
                doc, self.first_doc = self.first_doc, None  # Page 1, read to plan the walk.
                assert doc is not None
            else:
                doc = self._fetcher.parse(url, answer)
            page = self.page(number, url, doc)
            if seen is not None:
                nxt = self._next_url(url, doc, page, seen)
                page.next_url = None if nxt is None else str(nxt)
            if self._render is not None:
                page.rendered = self._render.render_now(page.records)
                page.records = []
            del doc
            return page

    async def first(self) -> dict[str, Any]:
        """Page 1, parsed; sets :attr:`total` from its meta or links."""
        url = self.url(1)
        doc = await self._fetcher.get(url)
        self.total = PageFacts.of(doc, url).declared
        self.first_doc = doc
        return doc

    def _plan(self) -> range:
        assert self.total is not None
        shard = self._options.shard
        if shard is not None and self.total > page_cap():
            raise ResponseFormatError(
                f"The server says {self._collection} has {self.total} pages, more than the "
                f"cap of {page_cap()}; such a page count cannot be split into shards. "
                "Export it without --shard (the walk then stops at the first empty page)."
            )
        return shard_pages(min(self.total, page_cap()), shard)

    def _evidence(self) -> int | None:
        return self.read if self._options.shard is None else None

    def _new_end(self, page: _Page, end: int) -> int:
        """The planned last page after reading ``page`` (raises at the cap with more to come)."""
        shard = self._options.shard
        if shard is not None and shard.index != shard.count - 1:
            return end  # Only the last shard reads past its block.
        declared = page.facts.declared
        if shard is None and declared is not None:
            end = max(end, min(declared, page_cap()))  # Data added during the export.
        if page.number < end or not self._more(page):
            return end
        return min(page.number + self._options.concurrency, page_cap())

    def _more(self, page: _Page) -> bool:
        """Whether to read past ``page``; at the hard cap, a clear sign of more raises."""
        size, read = self._options.page_size, self._evidence()
        if page.number < page_cap():
            return more_after(page.facts, page_size=size, read=read)
        if more_after(page.facts, page_size=size, read=read, strong_only=True):
            raise too_many_pages(_ADVICE_CAP)
        return False  # Only a full page at the cap: take it as the last.

    async def planned(self, start: int) -> AsyncGenerator[_Page, None]:
        """Pages ``start``.. of this shard's plan, fetched concurrently, yielded in order."""
        plan = self._plan()
        end = plan.stop - 1
        number = max(start, plan.start)
        shard = self._options.shard
        if number > end and (shard is None or shard.index == shard.count - 1):
            end = number  # Resumed past the plan (an earlier run read on): look once more.
        window: deque[tuple[int, yarl.URL, asyncio.Task[Answer] | None]] = deque()
        try:
            while True:
                while number <= end and len(window) < self._options.window:
                    url = self.url(number)
                    window.append((number, url, self._task(number, url)))
                    number += 1
                if not window:
                    return
                current, url, task = window.popleft()
                page = self._read(current, url, None if task is None else await task)
                if page.facts.size == 0:
                    # The end, whatever the page count said; only an empty collection's
                    # page 1 counts as a page (the CSV header is still written).
                    if current == 1:
                        yield page
                    return
                end = self._new_end(page, end)
                yield page
        finally:
            await _cancel([t for _, _, t in window if t is not None])

    def _task(self, number: int, url: yarl.URL) -> asyncio.Task[Answer] | None:
        if number == 1 and self.first_doc is not None:
            return None  # Already fetched to learn the page count.
        return asyncio.ensure_future(self._fetcher.fetch(url))

    async def following(self, start: int, url: yarl.URL | None) -> AsyncGenerator[_Page, None]:
        """Without a page count: one page at a time, following ``links.next``.

        Bounded like :func:`~scopestack_async.jsonapi.paging.iterate_pages`: a next link to a
        page already read, or one past the hard page cap, raises ``ResponseFormatError`` (so
        the export fails instead of committing a truncated file). Without a next link, a
        full page (or a record count not reached) still leads to the next page number.
        """
        seen: set[str] = set()
        if url is not None:
            check_unseen(url, seen)
        number = start
        while url is not None:
            first = number == 1 and self.first_doc is not None
            page = self._read(number, url, None if first else await self._fetcher.fetch(url), seen)
            if page.facts.size == 0 and number > 1:
                return  # Read because the page before was full: it was the last.
            yield page
            url, number = (None if page.next_url is None else yarl.URL(page.next_url)), number + 1

    def _next_url(
        self, url: yarl.URL, doc: dict[str, Any], page: _Page, seen: set[str]
    ) -> yarl.URL | None:
        if page.facts.size == 0:
            return None
        # Rare path (no page count): the typed parse gives the SDK's one next-link rule.
        nxt = next_page_url(url, parse_document(doc), origin=self._origin)
        if page.number >= page_cap():
            if nxt is not None or self._more(page):
                raise too_many_pages(_ADVICE_CAP)
            return None
        if nxt is None and self._more(page):
            nxt = self.url(page.number + 1)
        if nxt is not None:
            check_unseen(nxt, seen)
        return nxt


async def _cancel(tasks: list[asyncio.Task[Answer]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


async def _uninterruptible(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` to its end even if the caller is cancelled meanwhile; then re-raise.

    For what must finish once started: a checkpoint save, the final sync and rename, the
    cleanup after a failure. Each is a short, bounded piece of file I/O.
    """
    task = asyncio.ensure_future(work)
    interrupted = False
    while not task.done():
        # A cancellation must not end the wait, only be remembered.
        try:
            await asyncio.wait([task])
        except asyncio.CancelledError:  # noqa: PERF203  # rare: once per cancellation
            interrupted = True
    if interrupted:
        if not task.cancelled() and task.exception() is not None:
            log.warning("export cleanup failed after a cancellation", exc_info=task.exception())
        raise asyncio.CancelledError
    return task.result()


# ---------------------------------------------------------------------------- orchestration


def _append_line(path: Path, state: Checkpoint) -> None:
    """Append one checkpoint line and make it durable (the folder too, when it is new).

    Encoded here, in the worker thread: the loop pays nothing per id saved.
    """
    line = encode_checkpoint(state)
    new = not path.exists()
    with open(path, "ab") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())
    if new:
        fsync_folder(path.parent)


def _merge(chunks: list[dict[str, list[str]]]) -> dict[str, list[str]]:
    if len(chunks) == 1:
        return chunks[0]
    merged: dict[str, list[str]] = {}
    for chunk in chunks:
        for type_, ids in chunk.items():
            merged.setdefault(type_, []).extend(ids)
    return merged


class _Run:
    """One export run: counters, checkpoint and progress around the walk."""

    def __init__(self, transport: ExportTransport, options: ExportOptions, sink: Sink) -> None:
        self.transport = transport
        self.options = options
        self.sink = sink
        # File sinks turn a page into bytes on the loop, in the stretch that parsed it.
        self.render = sink if isinstance(sink, RendersOnLoop) else None
        self.checkpoint: Path | None = None
        self.started = time.monotonic()
        self.fetcher = PageFetcher(transport, options.concurrency, options.max_response_bytes)
        # Only a checkpoint needs the ids added since its last save.
        self.seen = SeenIds(track_new=options.checkpoint is not None)
        self.unsaved: list[dict[str, list[str]]] = []  # seen chunks not yet in a saved line
        self.records = self.duplicates = self.pages = self.resumed = self.resumed_records = 0
        self.written = 0  # pages written by this run (0: nothing to keep on failure)
        self.opened = False
        self.next_page = 1
        self.next_url: str | None = None
        self.record_count: int | None = None
        self.shrunk_by = 0
        self.fingerprint = ""
        self._events = EventCounter(keep=0)  # this export's own (counting_events)

    def _other_export(self, path: Path) -> ConfigurationError:
        return ConfigurationError(
            f"The checkpoint {path} belongs to another export (a different resource, query, "
            "format or shard). Run the same command with --restart (in Python: "
            "restart=True) to discard it and start afresh, or use the options of the export "
            "that wrote it."
        )

    def _load_checkpoint(self) -> SavedExport | None:
        path = self.checkpoint
        if path is None or not path.exists():
            return None
        raw = path.read_bytes()
        saved = decode_checkpoint(raw, where=str(path))
        if saved.state.fingerprint != self.fingerprint:
            raise self._other_export(path)
        if saved.length < len(raw):  # An interrupted last save: cut it off before appending.
            with open(path, "r+b") as f:
                f.truncate(saved.length)
        self.seen.restore(saved.seen)
        return saved

    def _restore(self, saved: SavedExport) -> None:
        state = saved.state
        self.records, self.duplicates = state.records, state.duplicates
        self.resumed_records = state.records
        self.pages = self.resumed = state.pages
        self.next_page, self.next_url = state.next_page, state.next_url
        self.record_count, self.shrunk_by = state.record_count, state.shrunk_by
        if state.header is not None and isinstance(self.sink, CsvSink):
            self.sink.use_header(state.header)

    async def _save(self) -> None:
        """Append a state describing only bytes the sink has made durable."""
        assert self.checkpoint is not None
        new = self.seen.take_new()
        if new:
            self.unsaved.append(new)
        offset = await self.sink.sync()
        header = self.sink.header if isinstance(self.sink, CsvSink) else None
        state = Checkpoint(
            fingerprint=self.fingerprint,
            next_page=self.next_page,
            output_bytes=offset,
            records=self.records,
            duplicates=self.duplicates,
            pages=self.pages,
            seen=_merge(self.unsaved) if self.unsaved else {},
            next_url=self.next_url,
            header=header,
            record_count=self.record_count,
            shrunk_by=self.shrunk_by,
        )
        await asyncio.to_thread(_append_line, self.checkpoint, state)
        self.unsaved.clear()

    def _remove_checkpoint(self) -> None:
        if self.checkpoint is not None:
            self.checkpoint.unlink(missing_ok=True)

    async def _discard(self) -> None:
        """``restart``: forget an earlier run's checkpoint and partial output."""
        await asyncio.to_thread(self._remove_checkpoint)
        await self.sink.abort(keep_partial=False)

    def _walk(self, collection: yarl.URL) -> _Walk:
        read = self.records + self.duplicates
        return _Walk(
            self.fetcher,
            collection,
            self.options,
            self.seen,
            self.transport.api_url,
            read,
            render=self.render,
        )

    @property
    def retries(self) -> int:
        """Retries of this export's requests so far."""
        return self._events.count("retry")

    async def execute(self) -> ExportResult:
        with counting_events() as self._events:
            return await self._execute()

    async def _execute(self) -> ExportResult:
        collection = await self.transport.collection_url(self.options.resource)
        self.fingerprint = export_fingerprint(
            str(collection),
            self.options.params(),
            format=self.options.format,
            shard=self.options.shard,
        )
        if self.options.checkpoint is not None:
            self.checkpoint = await asyncio.to_thread(_absolute, self.options.checkpoint)
        if self.options.restart:
            await _uninterruptible(self._discard())
        saved = await asyncio.to_thread(self._load_checkpoint)
        if saved is not None:
            self._restore(saved)
        walk = self._walk(collection)
        first = await walk.first()  # Nothing is created before the first page is good.
        if isinstance(self.sink, CsvSink) and self.sink.header is None:
            self.sink.use_header(csv_header(resources_of(first)))
        self.opened = True
        try:
            await self.sink.open(resume_at=None if saved is None else saved.state.output_bytes)
            await self._pump(walk)
        except BaseException:
            await _uninterruptible(self._stop())
            raise
        return await _uninterruptible(self._finish())

    async def _finish(self) -> ExportResult:
        try:
            offset = await self.sink.sync()
            path = await self.sink.commit()
        except BaseException:
            await self._stop()
            raise
        await asyncio.to_thread(self._remove_checkpoint)
        return self._result(offset, path)

    async def _stop(self) -> None:
        """After a failure or cancellation: keep what a resume needs, nothing else."""
        if not self.opened:
            return
        keep = self.checkpoint is not None and (self.written > 0 or self.resumed > 0)
        if keep and self.written > 0:
            try:
                await self._save()
            except Exception:  # The earlier checkpoint line (if any) still holds; say so.
                log.warning("could not save the export checkpoint", exc_info=True)
        await self.sink.abort(keep_partial=keep)

    async def _pump(self, walk: _Walk) -> None:
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
                # Pages fetched ahead are ready at once, so nothing above need suspend: let
                # the loop run between two pages, else it is held for several in a row.
                await asyncio.sleep(0)

    def _resume_url(self, walk: _Walk) -> yarl.URL | None:
        if self.pages == 0:
            return walk.url(1)
        return None if self.next_url is None else yarl.URL(self.next_url)

    def _count(self, page: _Page) -> None:
        self.records += page.kept
        self.duplicates += page.duplicates
        self.pages += 1
        self.written += 1
        self.next_page, self.next_url = page.number + 1, page.next_url
        now = page.facts.record_count
        if now is not None:
            if self.record_count is not None and now < self.record_count:
                self.shrunk_by += self.record_count - now
            self.record_count = now

    async def _take(self, page: _Page, total: int | None) -> None:
        # Count first: a sink takes the page before its first await (file sinks buffer it,
        # and their writes finish even if we are cancelled), so a counted page is written.
        self._count(page)
        if page.rendered is not None:
            assert self.render is not None
            await self.render.write_rendered(page.rendered)
        else:
            await self.sink.write(page.records)
        if self.checkpoint is not None and self.pages % self.options.checkpoint_every == 0:
            await _uninterruptible(self._save())
        progress = self.options.progress
        if progress is not None:
            progress(
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
        return len(shard_pages(min(total, page_cap()), self.options.shard))

    def _possibly_missed(self) -> int:
        short = 0
        if self.options.shard is None and self.record_count is not None:
            short = max(0, self.record_count - self.records)
        return max(self.shrunk_by, short)

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
            record_count=self.record_count,
            possibly_missed=self._possibly_missed(),
            resumed_records=self.resumed_records,
        )


def _absolute(path: str | Path) -> Path:
    return Path(path).expanduser().absolute()


async def run_export(
    session: ExportTransport | SessionLike,
    options: ExportOptions,
    sink: Sink,
    *,
    checkpoint: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> ExportResult:
    """Export ``options.resource`` into ``sink``; resume from the checkpoint when it exists.

    ``session`` is a ``ScopeStackSession`` or any :class:`~.transport.ExportTransport`.
    ``checkpoint`` and ``progress`` (kept for callers of earlier versions) override the
    options' own.
    """
    if checkpoint is not None:
        options = attrs.evolve(options, checkpoint=checkpoint)
    if progress is not None:
        options = attrs.evolve(options, progress=progress)
    return await _Run(as_transport(session), options, sink).execute()


async def iterate_export(
    session: ExportTransport | SessionLike,
    resource: str,
    *,
    page_size: int = 100,
    concurrency: int = 8,
    filter: Mapping[str, FilterValue] | None = None,
    include: Sequence[str] | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    sort: Sequence[str] | None = None,
    shard: Shard | tuple[int, int] | None = None,
    max_response_bytes: int = DEFAULT_MAX_BODY_BYTES,
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
        max_response_bytes=max_response_bytes,
    )
    transport = as_transport(session)
    fetcher = PageFetcher(transport, concurrency, max_response_bytes)
    collection = await transport.collection_url(resource)
    walk = _Walk(fetcher, collection, options, SeenIds(), transport.api_url)
    await walk.first()
    pages = walk.planned(1) if walk.total is not None else walk.following(1, walk.url(1))
    async with aclosing(pages) as stream:
        async for page in stream:
            for record in page.records:
                yield record
