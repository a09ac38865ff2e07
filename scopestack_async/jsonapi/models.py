"""Typed views of resources: opt-in user models (``Me`` lives in :mod:`.me`, re-exported here).

``structure_resource(resource, MyProject)`` builds the user's own attrs class from a resource:
each field takes the attribute with the same name in dash-case (``project_name`` ←
``project-name``), or with a trailing ``?`` (``custom_hours`` ← ``custom-hours?``), or spelled
as-is (nested ScopeStack objects keep snake_case keys). Fields named ``id`` and ``type`` take
the resource's. A field annotated ``Decimal`` turns ScopeStack's decimal strings (``"150.0"``)
into ``Decimal``; ``datetime``/``date`` fields parse ISO 8601. The conversion plan of each
class is built once and cached by one private cattrs converter.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs

from ..errors import ResponseFormatError
from .document import Resource
from .me import Me, Privilege

__all__ = ["Me", "Privilege", "structure_resource"]

T = TypeVar("T")

_converter = cattrs.Converter()


# ------------------------------------------------------------------ scalars


def _decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise TypeError(f"expected a decimal string or number, got {type(value).__name__}")
    try:
        # str() first: Decimal(0.1) would keep the binary float's long tail.
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None


def _bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return int(value)


def _datetime(value: Any, _: type) -> dt.datetime:
    # Python 3.10's fromisoformat does not accept a trailing "Z".
    return dt.datetime.fromisoformat(_str(value, str).replace("Z", "+00:00"))


def _date(value: Any, _: type) -> dt.date:
    return dt.date.fromisoformat(_str(value, str)[:10])


for _type, _hook in ((Decimal, _decimal), (bool, _bool), (str, _str), (int, _int)):
    _converter.register_structure_hook(_type, _hook)
_converter.register_structure_hook(dt.datetime, _datetime)
_converter.register_structure_hook(dt.date, _date)


# ------------------------------------------------------------------ models


@attrs.frozen
class _FieldPlan:
    name: str
    keys: tuple[str, ...]
    type: Any
    required: bool


def _keys_for(name: str) -> tuple[str, ...]:
    dashed = name.replace("_", "-")
    return (dashed, dashed + "?", name, name + "?")


def _plan(cls: type) -> tuple[_FieldPlan, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(
        _FieldPlan(
            f.alias or f.name, _keys_for(f.name), hints.get(f.name, Any), f.default is attrs.NOTHING
        )
        for f in attrs.fields(cls)
        if f.init
    )


def _pick(data: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    for key in keys:
        if key in data:
            return key, data[key]
    return None


def _structure_field(field: _FieldPlan, key: str, value: Any, cls: type) -> Any:
    try:
        return _converter.structure(value, field.type)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        shown = repr(value)[:60]
        raise ResponseFormatError(
            f"Cannot build {cls.__name__}.{field.name} from attribute {key!r} = {shown}: {exc}. "
            "Change the field's annotation to match what the API sends."
        ) from exc


def _make_hook(cls: type) -> Callable[[Any, type], Any]:
    plan = _plan(cls)

    def structure(data: Any, _: type) -> Any:
        if not isinstance(data, Mapping):
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        kwargs: dict[str, Any] = {}
        for field in plan:
            found = _pick(data, field.keys)
            if found is not None:
                kwargs[field.name] = _structure_field(field, found[0], found[1], cls)
            elif field.required:
                raise ResponseFormatError(
                    f"Cannot build {cls.__name__}: attribute {field.keys[0]!r} (field "
                    f"{field.name!r}) is absent. Give the field a default, or stop excluding "
                    "it with a sparse fieldset."
                )
        return cls(**kwargs)

    return structure


_converter.register_structure_hook_factory(attrs.has, _make_hook)


def structure_resource(resource: Resource, model: type[T]) -> T:
    """Build ``model`` (an attrs class) from ``resource``'s id, type and attributes.

    Raises :class:`ResponseFormatError` when an attribute cannot be converted to its field's
    type, or a field without a default has no attribute.
    """
    data = {**resource.attributes, "id": resource.id, "type": resource.type}
    try:
        return _converter.structure(data, model)
    except ResponseFormatError as exc:
        raise ResponseFormatError(f"{resource.type}/{resource.id}: {exc}") from exc.__cause__
