"""Write ``models.py`` and ``_accessors.py`` from the catalogue (run after editing it)::

    python -m scopestack_async.resources._codegen

``tests/resources/test_resources_catalogue.py`` fails when the files are out of date.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .catalogue import NESTED, SPECIAL, TYPES, TypeSpec, python_name, rel_name

HERE = Path(__file__).parent
_PY = {
    "str": "str",
    "int": "int",
    "bool": "bool",
    "dec": "Decimal",
    "date": "dt.date",
    "ts": "dt.datetime",
    "strs": "tuple[str, ...]",
    "json": "Any",
}
_WRITE = {
    "dec": "Decimal | int | str",
    "strs": "Sequence[str]",
}
_FILTER = {
    "text": "str | int",
    "strs": "str | Sequence[str]",
    "bools": "bool | Sequence[bool]",
    "ids": "str | int | Sequence[str | int]",
    "dates": "DateRange",
}
HEADER = '"""GENERATED from catalogue.py by ``python -m scopestack_async.resources._codegen``; do not edit."""\n'


def _py(kind: str) -> str:
    if kind in _PY:
        return _PY[kind]
    if kind.startswith("["):
        return f"tuple[{kind[1:-1]}, ...]"
    return kind


def _write(kind: str) -> str:
    if kind in _WRITE:
        return _WRITE[kind]
    if kind.startswith("["):
        return f"Sequence[{kind[1:-1]} | Mapping[str, Any]]"
    if kind in NESTED:
        return f"{kind} | Mapping[str, Any]"
    return _py(kind)


def _field(name: str, annotation: str) -> str:
    text = f"    {name}: {annotation} | None = None"
    return text if annotation != "Any" else f"    {name}: Any = None"


def _cls_of(spec: TypeSpec, target: str) -> str:
    return next(t.cls for t in TYPES if t.type == target)


def _model(spec: TypeSpec) -> list[str]:
    lines = ["", "", "@attrs.frozen(kw_only=True, eq=False, repr=False)"]
    lines += [f"class {spec.cls}(TypedModel):", f'    """``{spec.type}``."""']
    lines += ["", f'    TYPE: ClassVar[str] = "{spec.type}"']
    for wire, kind in spec.attributes.items():
        name, annotation = python_name(wire), _py(kind)
        optional = annotation if annotation == "Any" else f"{annotation} | None"
        lines += ["", "    @property", f"    def {name}(self) -> {optional}:"]
        lines += [f'        """``{wire}``."""', f'        value: {optional} = self._get("{name}")']
        lines.append("        return value")
    lines += ["", f"    def replace(self, changes: {spec.cls}Fields) -> {spec.cls}:"]
    lines.append('        """A copy with ``changes`` applied (send it with ``client.save``)."""')
    lines.append("        return self._replace(changes)")
    for rel in spec.rels:
        target = _cls_of(spec, rel.target)
        lines += ["", "    @property"]
        name = rel_name(spec, rel.name)
        if rel.to_many:
            ret = f"tuple[{target} | ResourceIdentifier, ...] | None"
            call = f'self._many("{rel.name}", {target})'
        else:
            ret = f"{target} | ResourceIdentifier | None"
            call = f'self._one("{rel.name}", {target})'
        lines += [f"    def {name}(self) -> {ret}:", f'        """``{rel.name}``."""']
        lines.append(f"        return {call}")
    return lines


def _fields_dict(spec: TypeSpec) -> list[str]:
    lines = ["", "", f"class {spec.cls}Fields(TypedDict, total=False):"]
    lines.append(f'    """What a create or update of ``{spec.type}`` may send."""')
    lines.append("")
    writable = [(w, k) for w, k in spec.attributes.items() if w not in spec.read_only]
    lines += [f"    {python_name(w)}: {_write(k)} | None" for w, k in writable]
    for rel in spec.rels:
        if rel.name in spec.writable_rels:
            target = _cls_of(spec, rel.target)
            lines.append(
                f"    {rel_name(spec, rel.name)}: {target} | ResourceIdentifier | str | int | None"
            )
    if len(lines) == 4:
        lines.append("    pass")
    return lines


def _filter_dict(spec: TypeSpec) -> list[str]:
    lines = ["", "", f"class {spec.cls}Filter(TypedDict, total=False):"]
    lines += [f'    """The known filters of ``{spec.type}``."""', ""]
    for wire, kind in spec.filters.items():
        if kind == "fk":
            rel = spec.rel(wire)
            target = _cls_of(spec, rel.target) if rel else "TypedModel"
            value = f"str | int | {target} | ResourceIdentifier"
            annotation = f"{value} | Sequence[str | int | {target} | ResourceIdentifier]"
        else:
            annotation = _FILTER[kind]
        lines.append(f"    {python_name(wire)}: {annotation}")
    return lines


def _nested(name: str) -> list[str]:
    spec = NESTED[name]
    lines = ["", "", "@attrs.frozen(kw_only=True)", f"class {name}(Nested):"]
    lines += [
        f'    """A nested ``{name}`` object."""',
        "",
        f'    NAME: ClassVar[str] = "{name}"',
        "",
    ]
    lines += [_field(python_name(w), _py(k)) for w, k in spec.fields.items()]
    return lines


def models_source() -> str:
    """The text of models.py."""
    lines = [
        HEADER,
        "from __future__ import annotations",
        "",
        "import datetime as dt",
        "from collections.abc import Mapping, Sequence",
        "from decimal import Decimal",
        "from typing import Any, ClassVar, TypedDict",
        "",
        "import attrs",
        "",
        "from ..jsonapi.document import ResourceIdentifier",
        "from .base import Nested, TypedModel",
        "from .query import DateRange",
        "",
        "__all__ = [",
    ]
    names = sorted(
        [*NESTED, *(t.cls for t in TYPES), *(t.cls + "Fields" for t in TYPES)]
        + [t.cls + "Filter" for t in TYPES]
    )
    lines += [f'    "{n}",' for n in names] + ["]"]
    for name in NESTED:
        lines += _nested(name)
    lines += ["", "", "MODELS: dict[str, type[TypedModel]] = {}"]
    for spec in TYPES:
        lines += _model(spec) + _fields_dict(spec) + _filter_dict(spec)
    lines += ["", "", "MODELS.update({m.TYPE: m for m in ("]
    lines += [f"    {t.cls}," for t in TYPES] + [")})"]
    return "\n".join(lines) + "\n"


def _client_type(spec: TypeSpec) -> str:
    if spec.type in SPECIAL:
        return SPECIAL[spec.type][1]
    return f"TypedClient[{spec.cls}, {spec.cls}Fields, {spec.cls}Filter]"


def accessors_source() -> str:
    """The text of _accessors.py."""
    lines = [
        HEADER,
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any, cast",
        "",
        "if TYPE_CHECKING:",
        "    from .client import TypedClient",
    ]
    for module, cls in sorted(SPECIAL.values()):
        lines.append(f"    from .{module} import {cls}")
    lines.append("    from .models import (")
    for spec in TYPES:
        if spec.type not in SPECIAL:
            lines += [
                f"        {spec.cls},",
                f"        {spec.cls}Fields,",
                f"        {spec.cls}Filter,",
            ]
    lines += ["    )", "", '__all__ = ["TypedResources"]', "", ""]
    lines += [
        "class TypedResources:",
        '    """One typed client per known type: ``session.projects``, ``session.clients``, ...',
        "",
        "    Each loads its models on first use (``import scopestack_async`` stays cheap).",
        '    """',
        "",
        "    def _typed_client(self, type_: str) -> Any:",
        "        from .client import typed_client",
        "",
        "        return typed_client(self, type_)",
    ]
    for spec in TYPES:
        name = python_name(spec.type)
        kind = _client_type(spec)
        lines += ["", "    @property", f"    def {name}(self) -> {kind}:"]
        lines.append(
            f'        """``{spec.type}`` as :class:`~scopestack_async.resources.models.{spec.cls}`."""'
        )
        lines.append(f'        return cast("{kind}", self._typed_client("{spec.type}"))')
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write both files and format them with ruff."""
    targets = {HERE / "models.py": models_source(), HERE / "_accessors.py": accessors_source()}
    for path, text in targets.items():
        path.write_text(text)
    ruff = Path(sys.executable).with_name("ruff")
    for path in targets:
        subprocess.run([str(ruff), "format", "-q", str(path)], check=True)
        subprocess.run([str(ruff), "check", "-q", "--fix", str(path)], check=False)


if __name__ == "__main__":
    main()
