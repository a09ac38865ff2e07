"""The export plan, pure: page count, shard selection, dedup state and the checkpoint format.

Nothing here does I/O. The engine (:mod:`.engine`) fetches and writes; this module decides
which pages to fetch, which resources are new, and what a checkpoint says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import cattrs
import orjson

from ..errors import ConfigurationError, ResponseFormatError
from ..jsonapi import paging

__all__ = [
    "CHECKPOINT_VERSION",
    "Checkpoint",
    "ExportFormat",
    "PageFacts",
    "SavedExport",
    "SeenIds",
    "Shard",
    "check_format",
    "decode_checkpoint",
    "encode_checkpoint",
    "export_fingerprint",
    "more_after",
    "shard_pages",
]

ExportFormat = Literal["jsonl", "csv"]

CHECKPOINT_VERSION: Final = 2  # 2: one JSON line per save, append-only (1: one object)
# Numeric ids below this go into a bitmap (at most 16 MiB per type); larger or non-numeric
# ids into a set. ScopeStack ids are database sequences, so the bitmap is the common case and
# keeps memory flat: 100,000 ids cost 12.5 KB instead of several MB of Python objects.
_BITMAP_LIMIT: Final = 1 << 27


def check_format(value: object) -> ExportFormat:
    """``value`` as an :data:`ExportFormat`; ConfigurationError unless 'jsonl' or 'csv'."""
    if value == "jsonl":
        return "jsonl"
    if value == "csv":
        return "csv"
    raise ConfigurationError(f"format must be 'jsonl' or 'csv', got {value!r}.")


@attrs.frozen
class Shard:
    """Worker ``index`` (0-based) of ``count`` workers exporting one resource together."""

    index: int = attrs.field(validator=attrs.validators.ge(0))
    count: int = attrs.field(validator=attrs.validators.ge(1))

    def __attrs_post_init__(self) -> None:
        if self.index >= self.count:
            raise ConfigurationError(
                f"shard index {self.index} is out of range for {self.count} shards; "
                f"use 0 to {self.count - 1}."
            )

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"i/n"`` (e.g. ``"0/4"``) to a Shard; ConfigurationError when malformed."""
        index, sep, count = text.partition("/")
        if not sep or not index.strip().isdigit() or not count.strip().isdigit():
            raise ConfigurationError(
                f"shard {text!r} is not of the form i/n (e.g. 0/4 for the first of four)."
            )
        return cls(int(index), int(count))

    @classmethod
    def of(cls, value: Shard | tuple[int, int] | None) -> Shard | None:
        """Accept a Shard, an ``(index, count)`` tuple or None."""
        if value is None or isinstance(value, Shard):
            return value
        try:
            return cls(int(value[0]), int(value[1]))
        except (TypeError, ValueError, IndexError) as exc:
            raise ConfigurationError(
                f"shard must be (index, count) such as (0, 4), got {value!r}."
            ) from exc

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_pages(total: int, shard: Shard | None) -> range:
    """The 1-based pages of ``total`` this shard exports: one contiguous block each.

    Blocks are contiguous and in order, so shard files concatenated in shard order are the
    single-worker file.
    """
    if shard is None:
        return range(1, total + 1)
    start = shard.index * total // shard.count
    end = (shard.index + 1) * total // shard.count
    return range(start + 1, end + 1)


def _where(url: object) -> str:
    return f" from {url}" if url is not None else ""


def resources_of(doc: object, url: object = None) -> list[dict[str, Any]]:
    """The ``data`` array of a collection document parsed by orjson (``url``: for errors)."""
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, list):
        raise ResponseFormatError(
            f"An export page{_where(url)} was not a JSON:API collection (its 'data' is not an "
            "array). Check that the resource name is a collection such as 'projects'."
        )
    return data


def _member(doc: Mapping[str, Any], name: str, url: object) -> Mapping[str, Any]:
    value = doc.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ResponseFormatError(
            f"An export page{_where(url)} has a '{name}' that is not an object "
            f"(a {type(value).__name__}); the server or a proxy sent something unexpected."
        )
    return value


@attrs.frozen
class PageFacts:
    """What one page says about the walk: its ``size`` (items in ``data``), the page count
    it ``declared``, its ``record_count`` and whether it ``has_next`` (a ``links.next``)."""

    size: int
    declared: int | None
    record_count: int | None
    has_next: bool

    @classmethod
    def of(cls, doc: Mapping[str, Any], url: Any = None) -> PageFacts:
        """Read a parsed page; ResponseFormatError naming ``url`` when meta/links are bad."""
        meta, links = _member(doc, "meta", url), _member(doc, "links", url)
        count = meta.get("record-count")
        counted = count if isinstance(count, int) and not isinstance(count, bool) else None
        return cls(
            size=len(resources_of(doc, url)),
            declared=paging.page_count(meta, links, url=url),
            record_count=counted if counted is not None and counted >= 0 else None,
            has_next=links.get("next") is not None,
        )


def more_after(
    facts: PageFacts, *, page_size: int, read: int | None, strong_only: bool = False
) -> bool:
    """Whether a page past this one may hold records, whatever the page count said.

    An empty page never has more after it. Otherwise any sign is enough: a ``links.next``,
    fewer records ``read`` so far (None: not comparable, e.g. in a shard) than
    ``meta.record-count``, or (unless ``strong_only``) a full page. Wrong signs cost one
    empty page, never a truncated file.
    """
    if facts.size == 0:
        return False
    if facts.has_next:
        return True
    if read is not None and facts.record_count is not None and read < facts.record_count:
        return True
    return not strong_only and facts.size >= page_size


def export_fingerprint(
    collection_url: str, params: Sequence[tuple[str, str]], *, format: str, shard: Shard | None
) -> str:
    """A digest naming one export: the collection, its query (paging excluded), format, shard."""
    kept = sorted((k, v) for k, v in params if k != "page[number]")
    blob = orjson.dumps([collection_url, kept, format, None if shard is None else str(shard)])
    return hashlib.sha256(blob).hexdigest()


def _canonical_number(id_: str) -> bool:
    # Only ASCII decimal without a leading zero maps one-to-one onto an int: "0123", "١٢٣"
    # or "²" are other ids and must stay distinct (str.isdigit accepts all three).
    return 0 < len(id_) < 10 and id_.isascii() and id_.isdigit() and (id_[0] != "0" or id_ == "0")


class SeenIds:
    """The (type, id) pairs already exported; :meth:`add` says whether a pair is new.

    Exact: two ids are the same only when their strings are. Canonical decimal ids (the
    ScopeStack norm) live in a bitmap per type, so 100,000 of them cost 12.5 KB; others in a
    set. Pairs added since the last :meth:`take_new` are kept aside, so a checkpoint saves
    only what is new (its cost does not grow with the ids seen).

    The other ids are the keys of a dict of ``None``, not a set: CPython leaves a dict that
    holds only strings untracked by the garbage collector, while every full collection walks
    each member of a set (300,000 UUIDs: ~25 ms a collection, on the event loop).
    """

    def __init__(self, *, track_new: bool = True) -> None:
        self._bits: dict[str, bytearray] = {}
        self._other: dict[str, dict[str, None]] = {}
        self._new: dict[str, dict[str, None]] = {}
        self._track = track_new

    def add(self, type_: str, id_: str) -> bool:
        """Record the pair; True when it was not seen before."""
        if _canonical_number(id_) and (number := int(id_)) < _BITMAP_LIMIT:
            if not self._add_bit(type_, number):
                return False
        else:
            others = self._other.get(type_)
            if others is None:
                others = self._other[type_] = {}
            elif id_ in others:
                return False
            others[id_] = None
        if not self._track:
            return True
        new = self._new.get(type_)
        if new is None:
            new = self._new[type_] = {}
        new[id_] = None  # A new pair: never already in the batch.
        return True

    def _add_bit(self, type_: str, number: int) -> bool:
        bits = self._bits.get(type_)
        byte, mask = number >> 3, 1 << (number & 7)
        if bits is None or byte >= len(bits):
            bits = self._grow(type_, byte)
        if bits[byte] & mask:
            return False
        bits[byte] |= mask
        return True

    def _grow(self, type_: str, byte: int) -> bytearray:
        bits = self._bits.setdefault(type_, bytearray())
        bits.extend(bytes(max(byte + 1, 2 * len(bits)) - len(bits)))
        return bits

    def take_new(self) -> dict[str, list[str]]:
        """The pairs added since the last call, as ``{type: [id, ...]}`` (empty if none)."""
        new, self._new = self._new, {}
        return {type_: list(ids) for type_, ids in new.items()}

    def restore(self, chunks: Sequence[Mapping[str, Any]]) -> None:
        """Add every pair of ``chunks`` (from :meth:`take_new`); ValueError when malformed."""
        for chunk in chunks:
            for type_, ids in _chunk_items(chunk):
                for id_ in ids:
                    self.add(type_, id_)
        self._new = {}


def _chunk_items(data: object) -> list[tuple[str, list[str]]]:
    if not isinstance(data, dict):
        raise TypeError("the seen ids are not an object")
    items: list[tuple[str, list[str]]] = []
    for type_, ids in data.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise TypeError(f"the seen ids of {type_!r} are not a list of strings")
        items.append((type_, ids))
    return items


@attrs.frozen
class Checkpoint:
    """One saved state of an export, as one line of the checkpoint file.

    Every page before ``next_page`` (or every page up to the one whose ``links.next`` is
    ``next_url``, when the server gave no page count) is in the partial output file, whose
    first ``output_bytes`` bytes are durable. ``header`` is the CSV header in use. ``seen``
    holds the (type, id) pairs added since the previous line (the file is append-only, so a
    save costs what is new, not what was seen); ``record_count`` is the server's last
    ``meta.record-count`` and ``shrunk_by`` how far it fell during the export.
    """

    fingerprint: str
    next_page: int
    output_bytes: int
    records: int
    duplicates: int
    pages: int
    seen: dict[str, list[str]]
    next_url: str | None = None
    header: list[str] | None = None
    record_count: int | None = None
    shrunk_by: int = 0
    version: int = CHECKPOINT_VERSION


_converter = cattrs.Converter(forbid_extra_keys=True)


def encode_checkpoint(checkpoint: Checkpoint) -> bytes:
    """One line of the checkpoint file (JSON and a newline).

    Every field is a JSON value already, so orjson writes it directly: the ids of a save
    (tens of thousands) never go through a Python-level converter loop.
    """
    fields = attrs.asdict(checkpoint, recurse=False)
    return orjson.dumps(fields, option=orjson.OPT_APPEND_NEWLINE)


def _line(raw: bytes) -> Checkpoint:
    data = orjson.loads(raw)
    if not isinstance(data, dict) or data.get("version") != CHECKPOINT_VERSION:
        raise ValueError("unknown checkpoint version")
    _chunk_items(data.get("seen"))  # before cattrs, which would turn a number into a str
    state = _converter.structure(data, Checkpoint)
    if min(state.next_page, state.output_bytes, state.records, state.pages) < 0:
        raise ValueError("negative counts")
    return state


def _checked_line(raw: bytes, number: int, where: str) -> Checkpoint:
    try:
        return _line(raw)
    except (ValueError, TypeError, cattrs.BaseValidationError) as exc:
        raise _damaged(where, f"line {number}: {type(exc).__name__}") from exc


@attrs.frozen
class SavedExport:
    """A checkpoint file read back: the last state, every seen chunk, the valid length."""

    state: Checkpoint
    seen: list[dict[str, list[str]]]
    length: int


def _damaged(where: str, why: str) -> ConfigurationError:
    return ConfigurationError(
        f"{where} is not a usable scopestack export checkpoint ({why}): it is damaged or from "
        "another version. Delete it (or run the command again with --restart; in Python "
        "restart=True) to start the export afresh."
    )


def decode_checkpoint(raw: bytes, *, where: str) -> SavedExport:
    """Read a checkpoint file; ConfigurationError naming ``where`` when it is damaged.

    A last line without its newline is a save a crash interrupted: it is ignored (the line
    before it holds, and the output is truncated to what that line claims).
    """
    lines = raw.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline, else an interrupted save
    if not lines:
        raise _damaged(where, "no complete state")
    states = [_checked_line(line, number, where) for number, line in enumerate(lines, 1)]
    if len({s.fingerprint for s in states}) != 1:
        raise _damaged(where, "lines of different exports")
    length = len(raw) - len(tail)
    return SavedExport(states[-1], [s.seen for s in states], length)
