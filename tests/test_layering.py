"""The package's import direction, held by a test: imports go inward, never outward.

    cli  →  session / export / typed resources  →  auth / retry / jsonapi  →  stores  →  _core / errors

Every module of ``scopestack_async`` is walked with ``ast`` (imports inside functions and under
``TYPE_CHECKING`` count too: a lazy import is still a dependency). A module may import its own
layer or any layer below it. Besides: ``_core`` and ``errors`` import no aiohttp, asyncio or
I/O; nothing but ``cli`` imports ``cli``; the sandbox imports nothing from the client side
(only its two session helpers import the package itself, to build a client), and only the CLI
imports the sandbox.

A new package or module is one line in ``LAYERS`` (the longest matching prefix wins); a module
no line covers fails the test, so nothing escapes the rule by being new.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scopestack_async"

# prefix -> (rank, layer). Higher ranks may import lower or equal ranks, never higher.
LAYERS: dict[str, tuple[int, str]] = {
    "scopestack_async.cli": (5, "cli"),
    "scopestack_async": (4, "the package facade"),
    "scopestack_async.session": (4, "session"),
    "scopestack_async.export": (4, "export"),
    "scopestack_async.resources": (4, "typed resources"),
    "scopestack_async.testing": (4, "test helpers"),
    "scopestack_async.auth": (3, "auth"),
    "scopestack_async.retry": (3, "retry"),
    "scopestack_async.fleet": (3, "fleet coordination"),
    "scopestack_async.limits": (3, "limits"),
    "scopestack_async.options": (3, "session options"),
    "scopestack_async.jsonapi": (3, "jsonapi"),
    "scopestack_async.events": (3, "events"),
    "scopestack_async.otel": (3, "events"),
    "scopestack_async.stores": (2, "stores"),
    "scopestack_async._atomic": (2, "stores"),
    "scopestack_async._transport": (1, "core"),
    "scopestack_async._body": (1, "core"),
    "scopestack_async._chain": (1, "core"),
    "scopestack_async._lazy": (1, "core"),
    "scopestack_async._gc": (1, "core"),
    "scopestack_async._core": (1, "core"),
    "scopestack_async.errors": (1, "core"),
    # The sandbox is a world of its own: see the sandbox rule below.
    "scopestack_async.sandbox": (0, "sandbox"),
}
PURE = ("scopestack_async._core", "scopestack_async.errors")
# What a pure module may not import: the event loop, the network, files, processes, terminals.
IMPURE = (
    "aiohttp", "asyncio", "socket", "ssl", "selectors", "subprocess", "multiprocessing",
    "threading", "concurrent", "os", "io", "pathlib", "shutil", "tempfile", "http.client",
    "http.server", "urllib.request",
    "httpx", "redis", "keyring", "filelock", "platformdirs", "click", "rich", "signal",
)  # fmt: skip
SANDBOX_HELPERS = ("scopestack_async.sandbox.app", "scopestack_async.sandbox.pytest_plugin")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, *, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in ``source``, relative ones resolved."""
    here = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = here.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], node.module or ""])
                base = base.rstrip(".")
            if node.level and not node.module:  # from . import x: x is a module of the package
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
            else:
                yield node.lineno, base


def _covers(prefix: str, module: str) -> bool:
    # The bare package name covers only the facade (__init__), never a new top-level module.
    return module == prefix or (prefix != "scopestack_async" and module.startswith(prefix + "."))


def layer_of(module: str) -> tuple[int, str] | None:
    """The layer of ``module``: the longest prefix in LAYERS that covers it."""
    covering = [p for p in LAYERS if _covers(p, module)]
    return LAYERS[max(covering, key=len)] if covering else None


def violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """Every rule ``module`` breaks, each naming the offending import and its line."""
    own = layer_of(module)
    if own is None:
        return [f"{module} is in no layer: add a line for it to LAYERS in tests/test_layering.py"]
    found: list[str] = []
    for line, target in imports_of(source, module, is_package=is_package):
        where = f"{module}:{line} imports {target}"
        top = target.split(".")[0]
        if module.startswith(PURE) and any(
            target == x or target.startswith(x + ".") for x in IMPURE
        ):
            found.append(f"{where}: {own[1]} is pure (no event loop, network or I/O)")
        if top != "scopestack_async":
            continue
        theirs = layer_of(target)
        if theirs is None:
            continue  # a name imported from a package (from . import x), not a module
        if target.startswith("scopestack_async.cli") and own[1] != "cli":
            found.append(f"{where}: nothing imports the CLI")
        elif own[1] == "sandbox":
            if theirs[1] != "sandbox" and not (
                module in SANDBOX_HELPERS and target == "scopestack_async"
            ):
                found.append(f"{where}: the sandbox imports nothing from the client side")
        elif theirs[1] == "sandbox" and own[1] != "cli":
            found.append(f"{where}: only the CLI imports the sandbox")
        elif theirs[0] > own[0]:
            found.append(f"{where}: {own[1]} (layer {own[0]}) may not import {theirs[1]} "
                         f"(layer {theirs[0]}); imports go inward")  # fmt: skip
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_inward(path: Path) -> None:
    found = violations(module_name(path), path.read_text(), is_package=path.name == "__init__.py")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("module", "source", "named"),
    [
        ("scopestack_async._core.rules", "import asyncio\n", "_core.rules:1 imports asyncio"),
        ("scopestack_async._core.x", "def f():\n    from aiohttp import web\n", "imports aiohttp"),
        ("scopestack_async._core.x", "import urllib.request\n", "imports urllib.request"),
        ("scopestack_async.stores.file", "from ..session import S\n", "imports scopestack_async.session"),
        ("scopestack_async.jsonapi.paging", "from ..export import engine\n", "may not import export"),
        ("scopestack_async.session", "from .cli import main\n", "nothing imports the CLI"),
        ("scopestack_async.sandbox.api", "from ..auth import grants\n", "nothing from the client"),
        ("scopestack_async.session", "from .sandbox import Sandbox\n", "only the CLI imports"),
        ("scopestack_async.brand_new", "", "add a line for it to LAYERS"),
    ],
)  # fmt: skip
def test_each_rule_names_the_offending_import(module: str, source: str, named: str) -> None:
    found = violations(module, source)
    assert len(found) == 1
    assert named in found[0]


def test_allowed_directions_pass() -> None:
    assert violations("scopestack_async.cli.commands", "from ..sandbox import Sandbox\n") == []
    assert violations("scopestack_async.session", "from .auth import manager\n") == []
    assert violations("scopestack_async.sandbox.app", "import scopestack_async as ss\n") == []
    assert violations("scopestack_async._core.redact", "import re\nimport urllib.parse\n") == []
    assert violations("scopestack_async.otel", "from . import errors\n") == []
