"""The machinery behind every typed model: conversion plans built from the catalogue.

A model is built from a :class:`~scopestack_async.jsonapi.Resource` and keeps it, so nothing
the server sent is lost: unknown attributes land in ``extra``; a known attribute whose value
has an unexpected type keeps its raw value in ``invalid`` (the field is ``None``) and is
reported once per type and attribute on the ``scopestack_async.resources`` logger; a missing
attribute is ``None``. :meth:`TypedModel.to_attributes` gives back the attributes exactly as
sent, with only the fields the caller changed (``attrs.evolve``) re-encoded.
"""

from __future__ import annotations

import builtins
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from ..jsonapi.document import MISSING, Resource, ResourceIdentifier
from ..jsonapi.document import _resource as _parse_resource
from .catalogue import NESTED, TypeSpec, python_name, spec_for

__all__ = ["Nested", "TypedModel", "decode", "encode"]

log = logging.getLogger("scopestack_async.resources")
M = TypeVar("M", bound="TypedModel")
N = TypeVar("N", bound="Nested")
_EMPTY: Mapping[str, Any] = MappingProxyType({})
_UTC = dt.timezone.utc
_reported: set[tuple[str, str]] = set()


class _BadValueError(Exception):
    """A value that does not fit its kind (kept raw, never raised to the caller)."""


# ------------------------------------------------------------------ decoding (wire → python)


def _str(v: Any) -> str:
    if type(v) is not str:
        raise _BadValueError
    return v


def _int(v: Any) -> int:
    if type(v) is int:
        return v
    if type(v) is str and v.lstrip("-").isdigit():
        return int(v)
    raise _BadValueError


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise _BadValueError
    return v


def _dec(v: Any) -> Decimal:
    if type(v) is bool or not isinstance(v, (str, int, float)):
        raise _BadValueError
    try:
        # str() first: Decimal(0.1) would keep the binary float's long tail.
        return Decimal(str(v))
    except InvalidOperation:
        raise _BadValueError from None


def _date(v: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_str(v)[:10])
    except ValueError:
        raise _BadValueError from None


def _ts(v: Any) -> dt.datetime:
    try:
        # Python 3.10's fromisoformat does not accept a trailing "Z".
        moment = dt.datetime.fromisoformat(_str(v).replace("Z", "+00:00"))
    except ValueError:
        raise _BadValueError from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_UTC)


def _strs(v: Any) -> tuple[str, ...]:
    if type(v) is not list or not all(type(i) is str for i in v):
        raise _BadValueError
    return tuple(v)


def _json(v: Any) -> Any:
    return v


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "str": _str,
    "int": _int,
    "bool": _bool,
    "dec": _dec,
    "date": _date,
    "ts": _ts,
    "strs": _strs,
    "json": _json,
}


def _nested(kind: str) -> Callable[[Any], Any]:
    many = kind.startswith("[")
    name = kind.strip("[]")

    def one(v: Any) -> Any:
        if not isinstance(v, Mapping):
            raise _BadValueError
        return Nested.registry[name].from_json(v)

    def several(v: Any) -> tuple[Any, ...]:
        if type(v) is not list:
            raise _BadValueError
        return tuple(one(i) for i in v)

    return several if many else one


def decoder(kind: str) -> Callable[[Any], Any]:
    """The function that turns a wire value of ``kind`` into its Python value (or raises)."""
    return _SCALARS.get(kind) or _nested(kind)


def decode(kind: str, value: Any) -> Any:
    """``value`` decoded as ``kind``; ValueError when it does not fit."""
    if value is None:
        return None
    try:
        return decoder(kind)(value)
    except _BadValueError:
        raise ValueError(f"{value!r} is not a valid {kind}") from None


def encode(kind: str, value: Any) -> Any:
    """The wire value of a Python value of ``kind`` (decimals go as strings, as ScopeStack
    sends them; dates and timestamps as ISO 8601)."""
    if value is None:
        return None
    if isinstance(value, Nested):
        return value.to_json()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [encode(kind, v) for v in value]
    return value


def _report(where: str, wire: str, value: Any, kind: str) -> None:
    if (where, wire) in _reported:
        return
    _reported.add((where, wire))
    log.warning(
        "%s.%s: expected %s, got %s; the raw value is kept in .invalid (reported once)",
        where,
        wire,
        kind,
        type(value).__name__,
    )


# ------------------------------------------------------------------ plans


@attrs.frozen
class _Field:
    name: str
    wire: str
    kind: str
    decode: Callable[[Any], Any]


def _fields(pairs: Mapping[str, str]) -> tuple[_Field, ...]:
    return tuple(_Field(python_name(w), w, k, decoder(k)) for w, k in pairs.items())


def _decode_all(
    plan: tuple[_Field, ...], data: Mapping[str, Any], where: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {}
    invalid: dict[str, Any] = {}
    for f in plan:
        raw = data.get(f.wire)
        if raw is None:
            continue
        try:
            values[f.name] = f.decode(raw)
        except _BadValueError:
            invalid[f.wire] = raw
            _report(where, f.wire, raw, f.kind)
    return values, invalid


def _reencode(
    obj: Any, plan: tuple[_Field, ...], raw: Mapping[str, Any], original: Any
) -> dict[str, Any]:
    """``raw`` with each field whose value differs from ``original``'s re-encoded."""
    out = dict(raw)
    for f in plan:
        value = getattr(obj, f.name)
        if value != getattr(original, f.name):
            out[f.wire] = encode(f.kind, value)
    out.update(obj.extra)
    return out


@attrs.frozen(kw_only=True)
class Nested:
    """Base of nested objects (``payment-info``, a variable value, ...); unknown keys in
    ``extra``, wrongly typed ones in ``invalid``."""

    registry: ClassVar[dict[str, type[Nested]]] = {}
    _plans: ClassVar[dict[type, tuple[_Field, ...]]] = {}
    NAME: ClassVar[str] = ""

    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, repr=False)
    invalid: Mapping[str, Any] = attrs.field(default=_EMPTY, repr=False)
    _raw: Mapping[str, Any] = attrs.field(default=_EMPTY, eq=False, repr=False, alias="_raw")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.NAME:
            Nested.registry[cls.NAME] = cls

    @classmethod
    def _plan(cls) -> tuple[_Field, ...]:
        plan = Nested._plans.get(cls)
        if plan is None:
            plan = Nested._plans[cls] = _fields(NESTED[cls.NAME].fields)
        return plan

    @classmethod
    def from_json(cls: type[N], data: Mapping[str, Any]) -> N:
        """Build from the object as sent (keys as ScopeStack spells them)."""
        plan = cls._plan()
        known = {f.wire for f in plan}
        values, invalid = _decode_all(plan, data, cls.NAME)
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**values, extra=extra or _EMPTY, invalid=invalid or _EMPTY, _raw=data)

    def to_json(self) -> dict[str, Any]:
        """The object as ScopeStack spells it; what was not changed stays as sent."""
        original: Nested = type(self).from_json(self._raw)
        return _reencode(self, self._plan(), self._raw, original)


@attrs.frozen(kw_only=True)
class TypedModel:
    """Base of every typed resource: ``id``, ``type``, the typed fields, ``extra`` (unknown
    attributes), ``invalid`` (known ones of an unexpected type, raw) and the source
    :attr:`resource`."""

    TYPE: ClassVar[str] = ""
    _plans: ClassVar[dict[type, tuple[tuple[_Field, ...], frozenset[str]]]] = {}

    id: str
    type: str
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, repr=False)
    invalid: Mapping[str, Any] = attrs.field(default=_EMPTY, repr=False)
    _resource: Resource | None = attrs.field(default=None, eq=False, repr=False, alias="_resource")

    @classmethod
    def spec(cls) -> TypeSpec:
        """This type's row of the catalogue."""
        return spec_for(cls.TYPE)

    @classmethod
    def _plan(cls) -> tuple[tuple[_Field, ...], frozenset[str]]:
        found = TypedModel._plans.get(cls)
        if found is None:
            plan = _fields(cls.spec().attributes)
            found = TypedModel._plans[cls] = (plan, frozenset(f.wire for f in plan))
        return found

    @classmethod
    def from_resource(cls: builtins.type[M], resource: Resource) -> M:
        """Build the model from a resource; never raises for unexpected attribute values."""
        plan, known = cls._plan()
        data = resource.attributes
        values, invalid = _decode_all(plan, data, resource.type)
        extra = {k: data[k] for k in data.keys() - known} if len(data) > len(values) else None
        return cls(
            id=resource.id,
            type=resource.type,
            extra=extra or _EMPTY,
            invalid=invalid or _EMPTY,
            _resource=resource,
            **values,
        )

    @property
    def source(self) -> Resource:
        """The resource this model was built from (attributes and relationships as sent)."""
        if self._resource is None:
            return Resource(self.type, self.id)
        return self._resource

    @property
    def identifier(self) -> ResourceIdentifier:
        """This resource's ``ResourceIdentifier`` (for relationship linkage)."""
        return ResourceIdentifier(self.type, self.id)

    def to_attributes(self) -> dict[str, Any]:
        """Every attribute as sent by the server, with the fields changed since re-encoded."""
        original: TypedModel = type(self).from_resource(self.source)
        return _reencode(self, self._plan()[0], self.source.attributes, original)

    def changed_attributes(self) -> dict[str, Any]:
        """Only the attributes that differ from what the server sent (what an update sends)."""
        sent = self.source.attributes
        return {
            k: v
            for k, v in self.to_attributes().items()
            if k not in sent or sent[k] != v or type(sent[k]) is not type(v)
        }

    # -- relationships (resolved from `included` when present, an identifier otherwise) --

    def _one(self, name: str, cls: builtins.type[M]) -> M | ResourceIdentifier | None:
        rel = self.source.relationships.get(name)
        if rel is None or rel.data is MISSING or rel.data is None:
            return None
        data = rel.data
        if isinstance(data, list):
            return self._resolve(data[0], cls) if data else None
        return self._resolve(data, cls)

    def _many(self, name: str, cls: builtins.type[M]) -> tuple[M | ResourceIdentifier, ...] | None:
        rel = self.source.relationships.get(name)
        if rel is None or rel.data is MISSING or rel.data is None:
            return None
        data = rel.data if isinstance(rel.data, list) else [rel.data]
        return tuple(self._resolve(ident, cls) for ident in data)

    def _resolve(self, ident: ResourceIdentifier, cls: builtins.type[M]) -> M | ResourceIdentifier:
        index = self.source._included
        raw = index.get((ident.type, ident.id))
        if raw is None:
            return ident
        return cls.from_resource(_parse_resource(raw, "included", None, index))
