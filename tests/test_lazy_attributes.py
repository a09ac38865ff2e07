"""One helper builds every lazy package attribute (PEP 562); no package keeps its own copy."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scopestack_async"
# The sandbox imports nothing from the client side (tests/test_layering.py), so it keeps its own.
OWN_COPY_ALLOWED = {"sandbox/__init__.py"}


def test_no_package_defines_its_own_module_getattr() -> None:
    copies = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = str(path.relative_to(PACKAGE))
        tree = ast.parse(path.read_text())
        names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        if "__getattr__" in names and rel not in OWN_COPY_ALLOWED:
            copies.append(rel)
    assert copies == []


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("scopestack_async", "ScopeStackSession"),
        ("scopestack_async.stores", "FileTokenStore"),
        ("scopestack_async.resources", "DateRange"),
        ("scopestack_async.jsonapi", "ResourceClient"),
        ("scopestack_async._core.rules", "Challenge"),
    ],
)
def test_lazy_names_resolve_are_listed_and_unknown_ones_fail(package: str, name: str) -> None:
    module = importlib.import_module(package)
    assert name in dir(module)
    assert getattr(module, name).__name__ == name
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'Nope'"):
        module.Nope  # noqa: B018  # the attribute access is the test


@pytest.mark.parametrize(
    "package",
    ["scopestack_async.jsonapi", "scopestack_async.stores", "scopestack_async._core.rules"],
)
def test_every_name_in_all_resolves(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    assert set(module.__all__) <= set(dir(module))
