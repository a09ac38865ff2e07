"""The export plan, pure: page count, shard selection, dedup state and the checkpoint format.

Nothing here does I/O. The engine (:mod:`.engine`) fetches and writes; this module decides
which pages to fetch, which resources are new, and what a checkpoint says.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import cattrs
import orjson
import yarl

from ..errors import ConfigurationError, ResponseFormatError
from ..jsonapi.document import link_href

__all__ = [
    "CHECKPOINT_VERSION",
    "Checkpoint",
    "ExportFormat",
    "SeenIds",
    "Shard",
    "check_format",
    "decode_checkpoint",
    "encode_checkpoint",
    "export_fingerprint",
    "page_count",
    "shard_pages",
]

ExportFormat = Literal["jsonl", "csv"]

CHECKPOINT_VERSION: Final = 1
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


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def page_count(meta: Mapping[str, Any], links: Mapping[str, Any]) -> int | None:
    """Pages in the collection: ``meta.page-count``, else ``links.last``'s page number.

    None when neither says (the engine then follows ``links.next`` one page at a time).
    """
    count = _int_or_none(meta.get("page-count"))
    if count is not None:
        return count
    last = link_href(links, "last")
    if last is None:
        return None
    number = yarl.URL(last).query.get("page[number]", "")
    return int(number) if number.isdigit() else None


def resources_of(doc: object) -> list[dict[str, Any]]:
    """The ``data`` array of a collection document parsed by orjson."""
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, list):
        raise ResponseFormatError(
            "An export page was not a JSON:API collection (its 'data' is not an array). "
            "Check that the resource name is a collection such as 'projects'."
        )
    return data


def export_fingerprint(
    collection_url: str, params: Sequence[tuple[str, str]], *, format: str, shard: Shard | None
) -> str:
    """A digest naming one export: the collection, its query (paging excluded), format, shard."""
    kept = sorted((k, v) for k, v in params if k != "page[number]")
    blob = orjson.dumps([collection_url, kept, format, None if shard is None else str(shard)])
    return hashlib.sha256(blob).hexdigest()


class SeenIds:
    """The (type, id) pairs already exported; :meth:`add` says whether a pair is new."""

    def __init__(self) -> None:
        self._bits: dict[str, bytearray] = {}
        self._other: dict[str, set[str]] = {}

    def add(self, type_: str, id_: str) -> bool:
        """Record the pair; True when it was not seen before."""
        if id_.isdigit() and len(id_) < 10 and (number := int(id_)) < _BITMAP_LIMIT:
            return self._add_bit(type_, number)
        others = self._other.setdefault(type_, set())
        if id_ in others:
            return False
        others.add(id_)
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

    def to_json(self) -> dict[str, Any]:
        """A compact JSON form (zlib + base64 bitmaps) for the checkpoint."""
        return {
            "bits": {
                t: base64.b64encode(zlib.compress(bytes(b))).decode() for t, b in self._bits.items()
            },
            "other": {t: sorted(ids) for t, ids in self._other.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SeenIds:
        """The inverse of :meth:`to_json`."""
        seen = cls()
        for type_, blob in data.get("bits", {}).items():
            seen._bits[type_] = bytearray(zlib.decompress(base64.b64decode(blob)))
        for type_, ids in data.get("other", {}).items():
            seen._other[type_] = set(ids)
        return seen


@attrs.frozen
class Checkpoint:
    """What a killed export needs to resume and produce the same file.

    Every page before ``next_page`` (or every page up to the one whose ``links.next`` is
    ``next_url``, when the server gave no page count) is in the partial output file, whose
    first ``output_bytes`` bytes are durable. ``header`` is the CSV header in use.
    """

    fingerprint: str
    next_page: int
    output_bytes: int
    records: int
    duplicates: int
    pages: int
    seen: dict[str, Any]
    next_url: str | None = None
    header: list[str] | None = None
    version: int = CHECKPOINT_VERSION


_converter = cattrs.Converter()


def encode_checkpoint(checkpoint: Checkpoint) -> bytes:
    """The checkpoint file's bytes (JSON)."""
    return orjson.dumps(_converter.unstructure(checkpoint))


def _versioned(data: object) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("version") != CHECKPOINT_VERSION:
        raise ValueError("unknown checkpoint version")
    return data


def decode_checkpoint(raw: bytes, *, where: str) -> Checkpoint:
    """Parse a checkpoint file; ConfigurationError naming ``where`` when it is not one."""
    try:
        data = orjson.loads(raw)
        return _converter.structure(_versioned(data), Checkpoint)
    except (ValueError, TypeError, cattrs.BaseValidationError) as exc:
        raise ConfigurationError(
            f"{where} is not a scopestack export checkpoint (or is from another version): "
            f"{type(exc).__name__}. Delete it to start the export afresh."
        ) from exc
