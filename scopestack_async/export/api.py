"""``export()``: the function behind ``session.export(...)``, choosing the sink from ``out``."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TypeAlias, cast

from .._body import DEFAULT_MAX_BODY_BYTES
from ..jsonapi.query import FilterValue
from .engine import ExportOptions, ExportResult, ProgressCallback, run_export
from .plan import ExportFormat, Shard, check_format
from .sinks import CallableSink, CsvSink, JsonlSink, RecordCallback, Sink
from .transport import ExportTransport, SessionLike

__all__ = [
    "CheckpointPath",
    "ExportOut",
    "ExportResult",
    "FilterValue",
    "ProgressCallback",
    "Shard",
    "export",
    "make_sink",
]

#: Where an export goes: a file path, or an async callable given each page's resources.
ExportOut: TypeAlias = "str | os.PathLike[str] | RecordCallback"
#: Where the checkpoint file goes.
CheckpointPath: TypeAlias = "str | os.PathLike[str]"


def make_sink(out: ExportOut, format: str, shard: Shard | None) -> Sink:
    """A JSONL or CSV file sink for a path, a :class:`CallableSink` for an async callable."""
    if callable(out):
        return CallableSink(out)
    if check_format(format) == "jsonl":
        return JsonlSink(out)
    # Shard files concatenate into the single-worker file: only the first has a header.
    return CsvSink(out, write_header=shard is None or shard.index == 0)


async def export(
    session: ExportTransport | SessionLike,
    resource: str,
    out: ExportOut,
    *,
    format: str = "jsonl",
    concurrency: int = 8,
    page_size: int = 100,
    filter: Mapping[str, FilterValue] | None = None,
    include: Sequence[str] | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    sort: Sequence[str] | None = None,
    checkpoint: CheckpointPath | None = None,
    checkpoint_every: int = 20,
    restart: bool = False,
    shard: Shard | tuple[int, int] | None = None,
    progress: ProgressCallback | None = None,
    max_response_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> ExportResult:
    """Export every ``resource`` of the session's account to ``out`` (see docs/export.md)."""
    # ExportOptions refuses a bad format or query before touching the network or the disk.
    options = ExportOptions(
        resource=resource,
        format=cast("ExportFormat", format),
        page_size=page_size,
        concurrency=concurrency,
        filter=filter,
        include=include,
        fields=fields,
        sort=sort,
        shard=Shard.of(shard),
        checkpoint=checkpoint,
        checkpoint_every=checkpoint_every,
        restart=restart,
        progress=progress,
        max_response_bytes=max_response_bytes,
    )
    return await run_export(session, options, make_sink(out, options.format, options.shard))
