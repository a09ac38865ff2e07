"""Package attributes that import their module on first use (PEP 562).

A package lists ``name -> submodule`` and gets a module ``__getattr__`` and ``__dir__``; type
checkers and the docs see the names through the package's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_attributes", "names_in"]


def lazy_attributes(
    package: str, where: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``where`` maps a name to its submodule
    (relative, e.g. ``".session"``); the value is cached in ``namespace`` (the package's
    ``globals()``) so each name is looked up once."""

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *where})

    return getattr_, dir_


def names_in(module: str, *names: str) -> dict[str, str]:
    """``{name: module}`` for each of ``names``: one line of a package's ``where`` table."""
    return dict.fromkeys(names, module)
