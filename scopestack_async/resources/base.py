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

from ..errors import ConfigurationError
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


_PLAIN: dict[str, type] = {"str": str, "bool": bool, "json": object}


def _index(plan: tuple[_Field, ...]) -> dict[str, tuple[str, type | None, Callable[[Any], Any]]]:
    """wire name → (field name, the type a value may have to be taken as is, decoder)."""
    return {f.wire: (f.name, _PLAIN.get(f.kind), f.decode) for f in plan}


def _decode_all(
    index: Mapping[str, tuple[str, type | None, Callable[[Any], Any]]],
    data: Mapping[str, Any],
    where: str,
) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """One pass over what was sent (not over every known field): values, extra, invalid."""
    values: dict[str, Any] = {}
    extra = invalid = None
    for wire, raw in data.items():
        found = index.get(wire)
        if found is None:
            if extra is None:
                extra = {}
            extra[wire] = raw
        elif raw is not None:
            name, plain, decode = found
            if plain is object or type(raw) is plain:
                values[name] = raw
                continue
            try:
                values[name] = decode(raw)
            except _BadValueError:
                if invalid is None:
                    invalid = {}
                invalid[wire] = raw
                _report(where, wire, raw, _kind_of(decode))
    return values, extra, invalid


def _kind_of(decode: Callable[[Any], Any]) -> str:
    name = getattr(decode, "__name__", "value").lstrip("_")
    return {"one": "an object", "several": "an array of objects"}.get(name, name)


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
    _plans: ClassVar[dict[type, tuple[tuple[_Field, ...], dict[str, Any]]]] = {}
    NAME: ClassVar[str] = ""

    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, repr=False)
    invalid: Mapping[str, Any] = attrs.field(default=_EMPTY, repr=False)
    _raw: Mapping[str, Any] = attrs.field(default=_EMPTY, eq=False, repr=False, alias="_raw")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.NAME:
            Nested.registry[cls.NAME] = cls

    @classmethod
    def _plan(cls) -> tuple[tuple[_Field, ...], dict[str, Any]]:
        found = Nested._plans.get(cls)
        if found is None:
            plan = _fields(NESTED[cls.NAME].fields)
            found = Nested._plans[cls] = (plan, _index(plan))
        return found

    @classmethod
    def from_json(cls: type[N], data: Mapping[str, Any]) -> N:
        """Build from the object as sent (keys as ScopeStack spells them)."""
        values, extra, invalid = _decode_all(cls._plan()[1], data, cls.NAME)
        return cls(**values, extra=extra or _EMPTY, invalid=invalid or _EMPTY, _raw=data)

    def to_json(self) -> dict[str, Any]:
        """The object as ScopeStack spells it; what was not changed stays as sent."""
        original: Nested = type(self).from_json(self._raw)
        return _reencode(self, self._plan()[0], self._raw, original)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TypedModel:
    """Base of every typed resource: ``id``, ``type``, the typed attributes (properties that
    decode on first read, then cached), ``extra`` (unknown attributes), ``invalid`` (known
    ones of an unexpected type, raw) and the source :attr:`source` resource.

    Decoding on first read keeps iterating typed resources close to the cost of plain
    ``Resource`` values (``benchmarks/typed_iterate.py``). Models are immutable: derive a
    changed copy with :meth:`replace` and send it with ``client.save(model)``.
    """

    TYPE: ClassVar[str] = ""
    _plans: ClassVar[dict[type, tuple[dict[str, _Field], dict[str, _Field]]]] = {}

    id: str
    type: str
    _resource: Resource = attrs.field(alias="_resource")
    _changes: Mapping[str, Any] = attrs.field(default=_EMPTY, alias="_changes")
    _cache: dict[str, Any] | None = attrs.field(default=None, init=False)

    @classmethod
    def spec(cls) -> TypeSpec:
        """This type's row of the catalogue."""
        return spec_for(cls.TYPE)

    @classmethod
    def _plan(cls) -> tuple[dict[str, _Field], dict[str, _Field]]:
        """(python name → field, wire name → field)."""
        found = TypedModel._plans.get(cls)
        if found is None:
            plan = _fields(cls.spec().attributes)
            found = ({f.name: f for f in plan}, {f.wire: f for f in plan})
            TypedModel._plans[cls] = found
        return found

    @classmethod
    def from_resource(cls: builtins.type[M], resource: Resource) -> M:
        """Wrap a resource; nothing is decoded (or can fail) until a field is read."""
        return cls(id=resource.id, type=resource.type, _resource=resource)

    @property
    def source(self) -> Resource:
        """The resource this model was built from (attributes and relationships as sent)."""
        return self._resource

    @property
    def identifier(self) -> ResourceIdentifier:
        """This resource's ``ResourceIdentifier`` (for relationship linkage)."""
        return ResourceIdentifier(self.type, self.id)

    def _get(self, name: str) -> Any:
        if name in self._changes:
            return self._changes[name]
        cache = self._cache
        if cache is None:
            cache = {}
            object.__setattr__(self, "_cache", cache)
        try:
            return cache[name]
        except KeyError:
            pass
        field = self._plan()[0][name]
        raw = self._resource.attributes.get(field.wire)
        value = None
        if raw is not None:
            try:
                value = field.decode(raw)
            except _BadValueError:
                _report(self.type, field.wire, raw, field.kind)
        cache[name] = value
        return value

    @property
    def extra(self) -> Mapping[str, Any]:
        """Attributes the catalogue does not know, exactly as sent."""
        known = self._plan()[1]
        return {k: v for k, v in self._resource.attributes.items() if k not in known}

    @property
    def invalid(self) -> Mapping[str, Any]:
        """Known attributes whose value has an unexpected type, raw (their field is None)."""
        out = {}
        for wire, field in self._plan()[1].items():
            raw = self._resource.attributes.get(wire)
            if raw is not None and field.name not in self._changes:
                try:
                    field.decode(raw)
                except _BadValueError:
                    out[wire] = raw
        return out

    def values(self) -> dict[str, Any]:
        """Every typed field by Python name (decoding all of them)."""
        return {name: self._get(name) for name in self._plan()[0]}

    def _replace(self: M, changes: Mapping[str, Any]) -> M:
        """A copy with ``changes`` (snake_case fields, Python values) applied."""
        fields = self._plan()[0]
        unknown = sorted(set(changes) - set(fields))
        if unknown:
            raise ConfigurationError(
                f"{self.type} has no attribute {', '.join(unknown)}; set relationships "
                "through client.update(model, {...})."
            )
        merged = {**self._changes, **changes}
        return type(self)(id=self.id, type=self.type, _resource=self._resource, _changes=merged)

    def to_attributes(self) -> dict[str, Any]:
        """Every attribute as sent by the server, with the fields changed since re-encoded."""
        out = dict(self._resource.attributes)
        out.update(self.changed_attributes())
        return out

    def changed_attributes(self) -> dict[str, Any]:
        """Only the attributes that differ from what the server sent (what an update sends)."""
        sent = self._resource.attributes
        fields = self._plan()[0]
        out = {}
        for name, value in self._changes.items():
            field = fields[name]
            # Compared decoded: "150.0" and Decimal("150.00") are the same value.
            if field.wire not in sent or value != _decoded(field, sent):
                out[field.wire] = encode(field.kind, value)
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TypedModel) or type(other) is not type(self):
            return NotImplemented
        return (self.id, self.to_attributes()) == (other.id, other.to_attributes())

    def __hash__(self) -> int:
        return hash((self.type, self.id))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.values().items() if v is not None)
        return f"{type(self).__name__}(id={self.id!r}{', ' if shown else ''}{shown})"

    # -- relationships (resolved from `included` when present, an identifier otherwise) --

    def _one(self, name: str, cls: builtins.type[M]) -> M | ResourceIdentifier | None:
        rel = self._resource.relationships.get(name)
        if rel is None or rel.data is MISSING or rel.data is None:
            return None
        data = rel.data
        if isinstance(data, list):
            return self._resolve(data[0], cls) if data else None
        return self._resolve(data, cls)

    def _many(self, name: str, cls: builtins.type[M]) -> tuple[M | ResourceIdentifier, ...] | None:
        rel = self._resource.relationships.get(name)
        if rel is None or rel.data is MISSING or rel.data is None:
            return None
        data = rel.data if isinstance(rel.data, list) else [rel.data]
        return tuple(self._resolve(ident, cls) for ident in data)

    def _resolve(self, ident: ResourceIdentifier, cls: builtins.type[M]) -> M | ResourceIdentifier:
        index = self._resource._included
        raw = index.get((ident.type, ident.id))
        if raw is None:
            return ident
        return cls.from_resource(_parse_resource(raw, "included", None, index))


def _decoded(field: _Field, sent: Mapping[str, Any]) -> Any:
    try:
        return decode(field.kind, sent.get(field.wire))
    except ValueError:
        return _BadValueError
