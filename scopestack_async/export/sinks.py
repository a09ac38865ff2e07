"""Where exported resources go: JSONL, CSV, or an async callable.

File sinks write to a partial file next to the target (``.NAME.part``) and only rename it to
the target once everything is written and fsynced, so a crash never leaves a half file under
the final name. File I/O runs in worker threads, in batches of about a megabyte.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Final, Protocol, TypeVar, runtime_checkable

import orjson

from .._atomic import fsync_folder
from .._gc import collector_paused
from ..errors import ConfigurationError

__all__ = [
    "CallableSink",
    "CsvSink",
    "JsonlSink",
    "RecordCallback",
    "Rendered",
    "RendersOnLoop",
    "Sink",
    "csv_header",
    "flatten_attributes",
    "jsonl_bytes",
    "partial_path",
]

RecordCallback = Callable[[list[dict[str, Any]]], Awaitable[object]]
T = TypeVar("T")

_FLUSH_BYTES: Final = 1 << 20  # rendered bytes buffered on the loop before a thread write
_BUFFER_BYTES: Final = 1 << 20  # the partial file's own buffer (for pages rendered off-loop)
_IN_FLIGHT: Final = 2  # writes handed to the writer thread and not yet done, at most
# CSV pages this large are rendered in the writer thread: 1,000 rows of 38 columns would hold
# the loop for ~30 ms (a cell costs ~0.8 us), and the loop may run two pages between two turns
# of another task. Smaller ones are rendered on the loop: a thread hop (and the GIL hand-over)
# per page would cost more. JSONL is always rendered on the loop: orjson makes the lines in
# about the time it took to parse the page.
_CSV_OFF_LOOP_CELLS: Final = 5_000  # ~4 ms on the loop
_EXTRA: Final = "_extra"
_LINE: Final = orjson.OPT_APPEND_NEWLINE


class Sink(Protocol):
    """What the engine writes to, page by page, in page order."""

    async def open(self, *, resume_at: int | None) -> None:
        """Get ready; ``resume_at`` is the durable size of a partial output to continue."""
        ...

    async def write(self, records: list[dict[str, Any]]) -> None:
        """Append one page's resources.

        The engine counts the page as written when it calls this: take the records before
        the first ``await`` (file sinks buffer them), so a cancellation cannot lose them.
        """
        ...

    async def sync(self) -> int:
        """Make everything written so far durable; return the durable size in bytes."""
        ...

    async def commit(self) -> Path | None:
        """Finish: move the output under its final name; return that path (None: no file)."""
        ...

    async def abort(self, *, keep_partial: bool) -> None:
        """Stop after a failure; keep the partial file only when a checkpoint refers to it."""
        ...


#: A page made ready for the file: its bytes, or a job for the writer thread that renders them
#: from a compact copy (it holds no reference to the parsed records).
Rendered = bytes | bytearray | Callable[[], bytes]


@runtime_checkable
class RendersOnLoop(Protocol):
    """A sink that takes a page off the engine's hands in one synchronous step (file sinks).

    The engine calls :meth:`render_now` in the same stretch that parsed the page, with the
    garbage collector held off, and drops the parsed records right after (see
    :mod:`scopestack_async._gc`): nothing of the page's tree may outlive the call.
    """

    def render_now(self, records: list[dict[str, Any]]) -> Rendered:
        """The page's bytes, or (when rendering them would hold the loop too long) a job
        for the writer thread that keeps no reference to ``records``."""
        ...

    async def write_rendered(self, data: Rendered) -> None:
        """Append what :meth:`render_now` returned (taken before the first ``await``)."""
        ...


def partial_path(target: Path) -> Path:
    """The partial file of ``target``: same folder (so the rename is atomic), hidden name."""
    return target.with_name(f".{target.name}.part")


def _unwritable(target: Path, exc: OSError) -> ConfigurationError:
    return ConfigurationError(
        f"Cannot write the export to {target}: {exc.strerror or exc}. Choose an output path in "
        "a folder that exists and that you may write to."
    )


class _AtomicFile:
    """A partial file appended in batches and renamed over the target when complete.

    Every file operation runs in a worker thread, one after another, as a task of its own:
    a caller cancelled while its write, fsync or rename waits for a thread does not undo it
    (``asyncio.to_thread`` alone would: a queued job never starts once its awaiter is
    cancelled). So the bytes of a page taken by :meth:`append` always reach the file, and the
    offset :meth:`sync` returns covers every byte appended before it.
    """

    def __init__(self, target: Path) -> None:
        self.target = target.expanduser().absolute()
        self.partial = partial_path(self.target)
        self._file: IO[bytes] | None = None
        self._last: asyncio.Future[Any] | None = None
        self._in_flight: deque[asyncio.Future[Any]] = deque()
        self._buffer = bytearray()

    def _submit(self, func: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Run ``func`` in a thread after every operation submitted before it."""
        before = self._last

        async def run() -> T:
            if before is not None:
                await before  # An earlier failure fails what depends on it.
            return await asyncio.to_thread(func, *args)

        task = asyncio.ensure_future(run())
        task.add_done_callback(_retrieve)
        self._last = task
        return task

    async def _do(self, func: Callable[..., T], *args: Any) -> T:
        return await asyncio.shield(self._submit(func, *args))

    async def settle(self) -> None:
        """Wait until every operation submitted so far has finished (errors ignored)."""
        while self._last is not None and not self._last.done():
            await asyncio.wait([self._last])

    def _open_sync(self, resume_at: int | None) -> IO[bytes]:
        if self.target.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        if resume_at is None:
            return open(self.partial, "wb", buffering=_BUFFER_BYTES)
        f = open(self.partial, "r+b", buffering=_BUFFER_BYTES)  # noqa: SIM115  # closed by commit/abort
        if os.fstat(f.fileno()).st_size < resume_at:
            f.close()
            raise ConfigurationError(
                f"The partial output {self.partial} is shorter than its checkpoint says; it "
                "was changed after the export stopped. Delete the checkpoint (or run again "
                "with --restart) to start afresh."
            )
        f.truncate(resume_at)
        f.seek(resume_at)
        return f

    def _open_into(self, resume_at: int | None) -> None:
        # Set here, in the thread: a caller cancelled meanwhile still leaves the file where
        # abort() closes it.
        self._file = self._open_sync(resume_at)

    async def open(self, resume_at: int | None) -> None:
        try:
            await self._do(self._open_into, resume_at)
        except FileNotFoundError as exc:
            if resume_at is not None:
                raise ConfigurationError(
                    f"The partial output {self.partial} named by the checkpoint is gone; "
                    "delete the checkpoint (or run again with --restart) to start afresh."
                ) from exc
            raise _unwritable(self.target, exc) from exc
        except OSError as exc:
            raise _unwritable(self.target, exc) from exc

    def _opened(self) -> IO[bytes]:
        # Taken when a write is queued, not when it runs: commit() lets go of the file
        # before the writes queued ahead of it have run.
        if self._file is None:
            raise RuntimeError(f"{self.partial} is not open (open() first; nothing after commit)")
        return self._file

    @staticmethod
    def _write(f: IO[bytes], render: Callable[[], bytes | bytearray]) -> None:
        with collector_paused():  # Rendering's temporaries die young; see _gc.
            data = render()
        f.write(data)

    def _queue_buffer(self) -> None:
        """Hand the bytes buffered on the loop to the writer thread (no await)."""
        if self._buffer:
            chunk, self._buffer = bytes(self._buffer), bytearray()
            self._in_flight.append(self._submit(self._opened().write, chunk))

    async def append(self, data: Rendered) -> None:
        """Take a page: its bytes, or a job that renders them in the writer thread.

        The page is taken at once (buffered, or its write queued) before the first
        ``await``, so a cancellation cannot lose it. At most :data:`_IN_FLIGHT` writes wait
        for the writer thread.
        """
        if callable(data):
            self._queue_buffer()
            self._in_flight.append(self._submit(self._write, self._opened(), data))
        else:
            self._buffer += data
            if len(self._buffer) >= _FLUSH_BYTES:
                self._queue_buffer()
        await self._keep_pace()

    async def _keep_pace(self) -> None:
        while len(self._in_flight) > _IN_FLIGHT:
            await asyncio.shield(self._in_flight.popleft())

    def _sync_sync(self, f: IO[bytes]) -> int:
        f.flush()
        os.fsync(f.fileno())
        return f.tell()

    async def sync(self) -> int:
        self._queue_buffer()
        self._in_flight.clear()  # The sync runs after them all (and fails if one did).
        return 0 if self._file is None else await self._do(self._sync_sync, self._file)

    def _commit_sync(self, f: IO[bytes]) -> None:
        self._sync_sync(f)
        f.close()
        os.replace(self.partial, self.target)
        fsync_folder(self.target.parent)

    async def commit(self) -> Path:
        self._queue_buffer()
        self._in_flight.clear()
        if self._file is not None:
            f, self._file = self._file, None
            await self._do(self._commit_sync, f)
        return self.target

    def _abort_sync(self, f: IO[bytes] | None, keep: bool) -> None:
        if f is not None:
            if keep:
                self._sync_sync(f)
            f.close()
        if not keep:
            self.partial.unlink(missing_ok=True)

    async def abort(self, keep: bool) -> None:
        if keep:
            self._queue_buffer()
        self._buffer = bytearray()
        await self.settle()
        f, self._file = self._file, None
        self._in_flight.clear()
        self._last = None  # A failed earlier write must not stop the close.
        await self._do(self._abort_sync, f, keep)


def _retrieve(task: asyncio.Future[Any]) -> None:
    # The caller may have been cancelled and gone; its error is seen by the next operation.
    if not task.cancelled():
        task.exception()


class _FileSink:
    """What the file sinks share: the partial file, its durability and its final rename."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._file = _AtomicFile(Path(path))

    @property
    def path(self) -> Path:
        """The final output path."""
        return self._file.target

    async def open(self, *, resume_at: int | None) -> None:
        """Create (or reopen and truncate, to resume) the partial file."""
        await self._file.open(resume_at)

    async def sync(self) -> int:
        """Flush and fsync; the durable size."""
        return await self._file.sync()

    async def commit(self) -> Path | None:
        """Rename the complete file over the target."""
        return await self._file.commit()

    async def abort(self, *, keep_partial: bool) -> None:
        """Close; delete the partial file unless a checkpoint refers to it."""
        await self._file.abort(keep_partial)


class JsonlSink(_FileSink):
    """One resource per line (orjson), written atomically to ``path``."""

    async def write(self, records: list[dict[str, Any]]) -> None:
        """Append one line per resource."""
        await self._file.append(self.render_now(records))

    def render_now(self, records: list[dict[str, Any]]) -> bytearray:
        """The page's lines (orjson: rendering costs about what parsing the page did)."""
        return jsonl_bytes(records)

    async def write_rendered(self, data: Rendered) -> None:
        """Append lines from :meth:`render_now`."""
        await self._file.append(data)


def jsonl_bytes(records: list[dict[str, Any]]) -> bytearray:
    """One JSON line per record, in one buffer.

    Each ``orjson.dumps`` result is appended and dropped at once: a list of them would hold
    one bytes object (of at least a few KiB) per record at the same time.
    """
    out = bytearray()
    dumps = orjson.dumps
    for record in records:
        out += dumps(record, option=_LINE)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return orjson.dumps(value).decode()
    return str(value)


def flatten_attributes(attributes: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested objects become dotted columns (``payment-info.rate-type``); lists stay JSON."""
    out: dict[str, str] = {}
    for key, value in attributes.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten_attributes(value, f"{name}."))
        else:
            out[name] = _cell(value)
    return out


def _attributes(record: Mapping[str, Any]) -> Mapping[str, Any]:
    attributes = record.get("attributes")
    return attributes if isinstance(attributes, dict) else {}


def csv_header(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """``id``, ``type``, the sorted flattened attribute names of ``records``, then ``_extra``.

    The header comes from the first page, so it is the same on every run, every resume and
    every shard; attributes first seen later go, as JSON, into the ``_extra`` column.
    """
    names: set[str] = set()
    for record in records:
        names.update(flatten_attributes(_attributes(record)))
    names.discard("id")
    names.discard("type")
    names.discard(_EXTRA)
    return ["id", "type", *sorted(names), _EXTRA]


class CsvSink(_FileSink):
    """Attributes flattened into columns, header from the first page, written atomically."""

    def __init__(self, path: str | os.PathLike[str], *, write_header: bool = True) -> None:
        super().__init__(path)
        self._write_header = write_header
        self.header: list[str] | None = None
        self._columns: list[str] = []
        self._known: frozenset[str] = frozenset()
        self._header_pending = False

    def use_header(self, header: list[str]) -> None:
        """Fix the columns (from the first page, or from a checkpoint when resuming)."""
        self.header = list(header)
        self._columns = self.header[2:-1]  # Between id, type and _extra.
        self._known = frozenset(self._columns)

    async def open(self, *, resume_at: int | None) -> None:
        """Create (or reopen and truncate, to resume) the partial file."""
        await super().open(resume_at=resume_at)
        # A resumed file already has its header; shards after the first write none.
        self._header_pending = resume_at is None and self._write_header

    def _rows(self, rows: list[list[str]]) -> bytes:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        return text.getvalue().encode()

    def _row(self, record: Mapping[str, Any]) -> list[str]:
        flat = flatten_attributes(_attributes(record))
        extra = {k: v for k, v in flat.items() if k not in self._known}
        cells = [flat.get(name, "") for name in self._columns]
        tail = orjson.dumps(extra).decode() if extra else ""
        return [str(record.get("id", "")), str(record.get("type", "")), *cells, tail]

    def _take_header(self, records: list[dict[str, Any]]) -> list[str] | None:
        """The header row when it is still to be written (once); fixes it if need be."""
        if self.header is None:
            self.use_header(csv_header(records))
        header = self.header if self._header_pending else None
        self._header_pending = False
        return header

    async def write(self, records: list[dict[str, Any]]) -> None:
        """Append one row per resource."""
        await self._file.append(self.render_now(records))

    def _too_big_for_the_loop(self, records: list[dict[str, Any]]) -> bool:
        # Rendering costs about the same per cell, whatever the cell; _extra is one more.
        return len(records) * (len(self._columns) + 3) > _CSV_OFF_LOOP_CELLS

    def render_now(self, records: list[dict[str, Any]]) -> Rendered:
        """The page's rows (the header row first, if due), or for a page too large to
        render on the loop, a job for the writer thread that keeps no reference to it."""
        header = self._take_header(records)
        if not self._too_big_for_the_loop(records):
            return self._render(records, header)
        # A compact, untracked copy for the writer thread: the parsed records die now, on
        # the loop, instead of living on (and being walked by the collector) until the
        # thread gets to them. Serializing costs a few ms less than the rows would.
        blob = orjson.dumps(records)
        return lambda: self._render(orjson.loads(blob), header)

    async def write_rendered(self, data: Rendered) -> None:
        """Append rows from :meth:`render_now`."""
        await self._file.append(data)

    def _render(self, records: list[dict[str, Any]], header: list[str] | None) -> bytes:
        rows = [self._row(r) for r in records]
        if header is not None:
            rows.insert(0, header)
        return self._rows(rows)

    async def commit(self) -> Path | None:
        """Rename the complete file over the target; an export of no records still gets its
        header (``id,type,_extra``), so the file is a valid, empty CSV."""
        if self._header_pending:
            await self.write([])
        return await super().commit()


class CallableSink:
    """Hands each page's resources, in order, to an async callable you provide."""

    def __init__(self, callback: RecordCallback) -> None:
        self._callback = callback

    async def open(self, *, resume_at: int | None) -> None:
        """Nothing to open."""

    async def write(self, records: list[dict[str, Any]]) -> None:
        """Await the callback with the page's resources."""
        await self._callback(records)

    async def sync(self) -> int:
        """The callback owns durability; there is no file offset."""
        return 0

    async def commit(self) -> Path | None:
        """No file to rename."""
        return None

    async def abort(self, *, keep_partial: bool) -> None:
        """Nothing to clean up."""
