"""Variables (user-defined fields): definitions by context, typed values, validation first.

A definition (``project-variables``) says a variable's type (text, number, date, select),
whether it is required, its bounds and its select options (the key users see ↔ the stored
value). :func:`encode_values` turns ``{"po_number": "PO-88"}`` into the ``[{name, value}]``
array ScopeStack writes, after checking every value against its definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from ..errors import ConfigurationError
from .client import TypedClient
from .models import (
    VariableDefinition,
    VariableDefinitionFields,
    VariableDefinitionFilter,
    VariableValue,
)

__all__ = ["VariableError", "VariablesClient", "encode_values", "read_value"]

Context = Literal[
    "project",
    "client",
    "service_location",
    "project_contact",
    "product",
    "crm_opportunity",
    "governance",
]


class VariableError(ConfigurationError):
    """Values do not fit their definitions; ``problems`` lists each (nothing was sent)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("Variables rejected before sending: " + "; ".join(problems) + ".")
        self.problems = tuple(problems)


def _number(d: VariableDefinition, value: Any) -> tuple[Any, str | None]:
    try:
        number = Decimal(str(value)) if not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None:
        return None, f"{d.name} must be a number, got {value!r}"
    for bound, name, ok in (
        (d.minimum, "minimum", number.__ge__),
        (d.maximum, "maximum", number.__le__),
    ):
        if bound not in (None, "") and not ok(Decimal(str(bound))):
            return None, f"{d.name} = {number} is outside its {name} {bound}"
    return (int(number) if number == number.to_integral_value() else str(number)), None


def _date(d: VariableDefinition, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, dt.date):
        return value.isoformat()[:10], None
    try:
        return dt.date.fromisoformat(str(value)).isoformat(), None
    except ValueError:
        return None, f"{d.name} must be a date (YYYY-MM-DD), got {value!r}"


def _select(d: VariableDefinition, value: Any) -> tuple[Any, str | None]:
    options = d.select_options or ()
    for option in options:
        if value in (option.key, option.value):
            return option.value, None
    keys = ", ".join(repr(o.key) for o in options)
    return None, f"{d.name} must be one of {keys}, got {value!r}"


def _one(d: VariableDefinition, value: Any) -> tuple[Any, str | None]:
    if d.select_options:
        return _select(d, value)
    if d.variable_type == "number":
        return _number(d, value)
    if d.variable_type == "date":
        return _date(d, value)
    return str(value), None


def encode_values(
    definitions: Sequence[VariableDefinition], values: Mapping[str, Any], *, creating: bool = False
) -> list[dict[str, Any]]:
    """``[{name, value}]`` for ``values``, typed from ``definitions`` (select keys → stored
    values, numbers as integers where whole). VariableError lists every problem; with
    ``creating``, required variables without a value are problems too."""
    by_name = {d.name: d for d in definitions if d.name}
    problems = [f"{n} is not a variable of this context" for n in values if n not in by_name]
    out = []
    for name, value in values.items():
        if name in by_name and value is not None:
            encoded, problem = _one(by_name[name], value)
            if problem:
                problems.append(problem)
            else:
                out.append({"name": name, "value": encoded})
    if creating:
        problems += [
            f"{d.name} is required"
            for d in by_name.values()
            if d.required and values.get(d.name or "") in (None, "")
        ]
    if problems:
        raise VariableError(problems)
    return out


def read_value(values: Sequence[VariableValue] | None, name: str) -> Any:
    """The typed value of variable ``name`` as read (numbers → Decimal, dates → date,
    select values → their key); None when unset or empty."""
    for item in values or ():
        if item.name != name:
            continue
        raw = item.value
        if raw in (None, ""):
            return None
        if item.select_options:
            return next((o.key for o in item.select_options if o.value == str(raw)), raw)
        if item.variable_type == "number":
            return Decimal(str(raw))
        if item.variable_type == "date":
            return dt.date.fromisoformat(str(raw)[:10])
        return raw
    return None


class VariablesClient(
    TypedClient[VariableDefinition, VariableDefinitionFields, VariableDefinitionFilter]
):
    """``session.project_variables``: the definitions, plus :meth:`definitions` by context."""

    async def definitions(self, *contexts: Context) -> list[VariableDefinition]:
        """The active definitions of ``contexts`` (``project``, ``client``, ...), every page."""
        where: VariableDefinitionFilter = {"variable_context": list(contexts)}
        found = [d async for d in self.iterate(where=where)]
        return [d for d in found if d.active is not False]

    async def encode(
        self, context: Context, values: Mapping[str, Any], *, creating: bool = False
    ) -> list[dict[str, Any]]:
        """:func:`encode_values` against the definitions of ``context`` (one walk)."""
        return encode_values(await self.definitions(context), values, creating=creating)
