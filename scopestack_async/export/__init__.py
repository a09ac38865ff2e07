"""Bulk export: every resource of a collection to JSONL, CSV or your own async sink.

``await session.export("projects", "projects.jsonl")`` is the usual entry point;
:func:`iterate_export` yields the resources for callers who write their own sink;
:mod:`.fleet` shares pause-on-429 and a request rate across processes through Redis.
"""

from __future__ import annotations

from .api import export, make_sink
from .engine import ExportOptions, ExportProgress, ExportResult, iterate_export, run_export
from .plan import Checkpoint, Shard
from .sinks import CallableSink, CsvSink, JsonlSink, Sink

__all__ = [
    "CallableSink",
    "Checkpoint",
    "CsvSink",
    "ExportOptions",
    "ExportProgress",
    "ExportResult",
    "JsonlSink",
    "Shard",
    "Sink",
    "export",
    "iterate_export",
    "make_sink",
    "run_export",
]
