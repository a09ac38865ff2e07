"""Typed queries (pure): a type's ``where`` filters, includes and sorts, checked against the
catalogue and turned into :func:`~scopestack_async.jsonapi.build_query` arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from ..errors import ConfigurationError
from ..jsonapi.document import ResourceIdentifier
from ..jsonapi.query import FilterName, FilterValue
from .catalogue import TypeSpec, python_name, spec_for

__all__ = ["DateRange", "check_include", "check_sort", "where_filters"]

Moment = dt.date | dt.datetime


@attrs.frozen
class DateRange:
    """A date filter: ``after`` and/or ``before`` (dates or aware datetimes).

    ScopeStack clients send two spellings: ``nested`` → ``filter[updated-at][after]=…`` (the
    default) and ``dotted`` → ``filter[updated-at.after]=…``. The real API has been seen to
    accept these filters without applying them, so :meth:`contains` lets callers re-check.
    """

    after: Moment | None = None
    before: Moment | None = None
    spelling: Literal["nested", "dotted"] = "nested"

    def __attrs_post_init__(self) -> None:
        if self.after is None and self.before is None:
            raise ConfigurationError("DateRange needs after=, before= or both.")
        if self.spelling not in ("nested", "dotted"):
            raise ConfigurationError(
                f"DateRange spelling must be 'nested' or 'dotted', got {self.spelling!r}."
            )

    def params(self, wire: str) -> dict[FilterName, FilterValue]:
        """The filter entries for attribute ``wire`` in this spelling."""
        out: dict[FilterName, FilterValue] = {}
        for edge in ("after", "before"):
            value = getattr(self, edge)
            if value is not None:
                key: FilterName = (wire, edge) if self.spelling == "nested" else f"{wire}.{edge}"
                out[key] = value
        return out

    def contains(self, moment: dt.datetime | None) -> bool:
        """True when ``moment`` lies strictly after ``after`` and before ``before``."""
        if moment is None:
            return False
        return (self.after is None or moment > _aware(self.after)) and (
            self.before is None or moment < _aware(self.before)
        )


def _aware(value: Moment) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def _fk(value: Any) -> Any:
    if isinstance(value, ResourceIdentifier):
        return value.id
    ident = getattr(value, "identifier", None)
    if isinstance(ident, ResourceIdentifier):
        return ident.id
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_fk(v) for v in value]
    return value


def _filter_names(spec: TypeSpec) -> dict[str, tuple[str, str]]:
    return {python_name(wire): (wire, kind) for wire, kind in spec.filters.items()}


def where_filters(spec: TypeSpec, where: Mapping[str, Any]) -> dict[FilterName, FilterValue]:
    """``where`` (snake_case names of the type's known filters) as wire filter entries."""
    names = _filter_names(spec)
    out: dict[FilterName, FilterValue] = {}
    for name, value in where.items():
        found = names.get(name)
        if found is None:
            known = ", ".join(sorted(names)) or "none"
            raise ConfigurationError(
                f"{spec.type} has no known filter {name!r} (known: {known}). For another "
                "filter pass filter={'name': value} (sent as is)."
            )
        wire, kind = found
        if value is None:
            continue
        if kind == "dates":
            if not isinstance(value, DateRange):
                raise ConfigurationError(
                    f"filter {name!r} takes a DateRange(after=..., before=...), got {value!r}."
                )
            out.update(value.params(wire))
        else:
            out[wire] = _fk(value) if kind == "fk" else value
    return out


def check_include(spec: TypeSpec, include: str | Iterable[str] | None) -> list[str] | None:
    """Include paths checked against the catalogue (``client``, ``client.contacts``)."""
    if include is None:
        return None
    paths = [include] if isinstance(include, str) else list(include)
    for path in paths:
        current = spec
        for part in path.split("."):
            rel = current.rel(part)
            if rel is None:
                known = ", ".join(r.name for r in current.rels) or "none"
                raise ConfigurationError(
                    f"include {path!r}: {current.type} has no relationship {part!r} "
                    f"(known: {known})."
                )
            current = spec_for(rel.target)
    return paths


def check_sort(spec: TypeSpec, sort: str | Iterable[str] | None) -> list[str] | None:
    """Sort keys checked against the type's attributes; snake_case is accepted."""
    if sort is None:
        return None
    keys = [sort] if isinstance(sort, str) else list(sort)
    out = []
    by_python = {python_name(w): w for w in spec.attributes}
    for key in keys:
        desc, name = key.startswith("-"), key.lstrip("-")
        wire = name if name in spec.attributes or name == "id" else by_python.get(name)
        if wire is None:
            raise ConfigurationError(
                f"sort {key!r}: {spec.type} has no attribute {name!r}; sort by one of its "
                "attributes, e.g. '-updated-at'."
            )
        out.append(("-" if desc else "") + wire)
    return out
