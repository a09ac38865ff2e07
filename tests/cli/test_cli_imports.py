"""``scopestack --help``, each command's ``--help`` and argument errors load click, not the
HTTP stack: the command that runs imports what it needs (a fresh interpreter per case)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# What help and usage errors must not load: the HTTP stack and event loop, rich, the stores'
# libraries, the session and the export engine.
HEAVY = (
    "aiohttp",
    "asyncio",
    "yarl",
    "rich",
    "keyring",
    "filelock",
    "platformdirs",
    "cattrs",
    "scopestack_async.session",
    "scopestack_async.export",
    "scopestack_async.sandbox",
    "scopestack_async.stores",
    "scopestack_async.cli.settings",
)

CHILD = f"""
import json, sys
from scopestack_async.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = {HEAVY!r}
loaded = sorted(h for h in heavy if any(m == h or m.startswith(h + ".") for m in sys.modules))
print(json.dumps({{"code": code, "loaded": loaded}}))
"""

COMMANDS = ("login", "whoami", "get", "export", "logout", "demo", "sandbox")


def _run(*args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, timeout=60
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "args",
    [("--help",), ("--version",), *((name, "--help") for name in COMMANDS)],
    ids=lambda args: " ".join(args),
)
def test_help_loads_no_http_stack(args: tuple[str, ...]) -> None:
    assert _run(*args) == {"code": 0, "loaded": []}


@pytest.mark.parametrize(
    "args",
    [
        ("get",),  # missing PATH
        ("export",),  # missing RESOURCE
        ("export", "projects", "--concurrency", "0"),  # out of range
        ("sandbox", "--fault-rate", "2"),
        ("no-such-command",),
    ],
    ids=lambda args: " ".join(args),
)
def test_argument_errors_load_no_http_stack(args: tuple[str, ...]) -> None:
    assert _run(*args) == {"code": 2, "loaded": []}
