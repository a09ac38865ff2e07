"""Every code block in README.md and docs/ runs against a sandbox and is checked.

Each block carries an HTML comment just above it (invisible on GitHub and on the site) that
says how it runs:

- ``<!-- snippet: shell -->``: each command runs; ``scopestack`` commands against the sandbox,
  each checked by what its verb promises (a login logs in, an export writes rows, ...); each
  command prints every output line the page shows under its ``$`` prompt; ``user=KEY`` (a
  key of ``sb.users``) runs it as that user;
- ``<!-- snippet: pytest -->``: the block is a test module; pytest runs it with the plugin and
  every test in it must pass;
- ``<!-- snippet: session check="EXPR" -->``: the block runs with ``session`` (logged in to the
  sandbox as its admin), ``me``, ``sb`` and ``ss`` defined; ``EXPR`` must then be true;
- ``<!-- snippet: account check="EXPR" -->``: a block written for a real account (``"..."``
  credentials, default URLs): it runs unchanged but for the sandbox standing in for the
  account; a whole program (``asyncio.run``) runs in a thread and ``stdout`` holds its output;
- ``<!-- snippet: redis check="EXPR" -->``: an ``account`` block that also needs a Redis
  server: every ``redis://`` URL it shows is replaced by a database of its own on a private
  redis-server (CI has one; locally the test skips without the binary); for the check,
  ``redis_url`` is that URL and ``redis_db`` a ``redis.asyncio`` client of it;
- ``<!-- snippet: module -->``: a file the page's ``pytest`` blocks import, written beside
  them under the name its first line gives (``# my_store.py: ...``); each must be imported
  by a ``pytest`` block of its page;
- ``<!-- snippet: fragment (why) -->``: a block that cannot run here (an install, a browser
  login, a diagram, a minutes-long benchmark); it is only compiled, and the marker says why.

Inlined examples are run by tests/examples. A block without a marker fails the first test.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import contextlib
import gc
import io
import json
import logging
import os
import re
import shlex
import subprocess
import sys
import textwrap
import threading
import types
import urllib.request
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from snippets import KINDS, PLACEHOLDERS, ROOT, Snippet, shell_commands, shown_output, snippets

import scopestack_async
import scopestack_async.retry
from scopestack_async.sandbox import Sandbox, SandboxConfig

ALL = list(snippets())
# Commands a page shows that set up a machine or start a long-lived server of the reader's
# own; each with why it is not run here.
NOT_RUN = {
    "pip install": "installs packages (the test runs in the installed checkout)",
    "python3 -m venv": "creates a virtualenv (ditto)",
    ".venv/bin/pip": "installs packages (ditto)",
    ".venv/bin/python -m pytest": "is this test suite",
    "uvicorn": "serves until stopped (examples/fastapi_login.py --once runs the same app)",
    "nox": "runs CI itself",
    "apt-get": "installs system packages",
}
# Commands that serve until stopped, with the variant of each that runs here instead.
SERVERS = {"python examples/aiohttp_login.py": "--once"}
ENV_ASSIGNMENT = re.compile(r"^(?:[A-Z_]+=\S*\s+)+")
# The Redis URLs a ``redis`` block shows (the reader's server), replaced by the test's.
REDIS_URL = re.compile(r"rediss?://[^\s\"']+")
# A ``module`` block's first line: ``# NAME.py`` (the file the page's tests import).
MODULE_NAME = re.compile(r"# (?P<name>\w+)\.py\b")


def by_kind(kind: str) -> list[Any]:
    return [pytest.param(s, id=s.where) for s in ALL if s.kind == kind]


def test_every_block_says_how_it_is_run() -> None:
    unmarked = [s.where for s in ALL if s.kind not in KINDS]
    assert unmarked == [], "mark each block: <!-- snippet: shell|pytest|session|account -->"
    unexplained = [s.where for s in ALL if s.kind == "fragment" and not s.note]
    assert unexplained == []


# The only reasons a block may stay a fragment: what it does cannot happen in a test run.
FRAGMENT_REASONS = re.compile(
    r"virtualenv|PyPI"  # installs packages
    r"|web browser"  # a person approves a login in a browser
    r"|pseudo-code"  # not a program: a framework's route bodies
    r"|a diagram"
    r"|minutes"  # the benchmark run that writes performance.md
)


@pytest.mark.parametrize("snippet", by_kind("fragment"))
def test_a_fragment_is_a_block_that_cannot_run_here(snippet: Snippet) -> None:
    assert FRAGMENT_REASONS.search(snippet.note), (
        f"{snippet.where} ({snippet.note}): make it a session, account, redis, pytest or "
        "shell block that runs and checks its result"
    )


@pytest.mark.parametrize("snippet", by_kind("fragment"))
def test_fragments_compile(snippet: Snippet) -> None:
    if snippet.lang == "python":
        ast.parse(snippet.body)


@pytest_asyncio.fixture
async def docs_sb() -> AsyncIterator[Sandbox]:
    async with Sandbox(SandboxConfig(records=500)) as sb:
        yield sb


@pytest.fixture
def docs_env(docs_sb: Sandbox, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOPESTACK_")}
    env.update(
        docs_sb.cli_settings(),
        SCOPESTACK_TOKEN_STORE="file", XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )  # fmt: skip
    return env


# -- shell -----------------------------------------------------------------------------------


def _export_target(argv: list[str]) -> Path:
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else "jsonl"
    return Path(argv[argv.index("--out") + 1] if "--out" in argv else f"{argv[2]}.{fmt}")


def _check_cli(argv: list[str], out: str, cwd: Path) -> None:
    """What each verb promises, checked on its output."""
    verb = argv[1]
    if verb == "login":
        assert "Logged in as" in out
    elif verb == "whoami":
        assert "in account acme" in out
    elif verb == "get":
        assert "data" in json.loads(out)
    elif verb == "export":
        lines = (cwd / _export_target(argv)).read_text().splitlines()
        header = 1 if "csv" in argv else 0
        assert len(lines) > header, f"{shlex.join(argv)} exported no records"
        assert int(out.split()[1]) == len(lines) - header
    elif verb == "logout":
        assert "Logged out" in out
    elif verb == "demo":
        assert re.search(r"Exported \d+ records", out)
    else:
        raise AssertionError(f"no check for 'scopestack {verb}'")


def _sandbox_command(argv: list[str], env: dict[str, str], cwd: Path) -> None:
    """``scopestack sandbox`` serves until Ctrl-C: read what it prints, then stop it."""
    argv = [a for a in argv if a not in ("--port", "8000")] + ["--port", "0"]
    child = subprocess.Popen(
        [sys.executable, "-m", "scopestack_async.sandbox", *argv[2:]], env=env, cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    killer = threading.Timer(60, child.kill)  # bounds the reads below in time
    killer.start()
    try:
        assert child.stdout is not None
        seen: list[str] = []
        for _ in range(200):
            seen.append(child.stdout.readline())
            if "Press Ctrl-C" in seen[-1] or not seen[-1]:
                break
        text = "".join(seen)
        assert "export SCOPESTACK_API_URL=http://127.0.0.1:" in text, text
    finally:
        killer.cancel()
        child.terminate()
        child.wait(timeout=30)
        child.stdout.close()


def _run_command(command: str, env: dict[str, str], cwd: Path, expected: list[str]) -> bool:
    """Run one command of a block; ``expected``: the output the page shows under it."""
    command = ENV_ASSIGNMENT.sub("", command)  # the reader's settings: the sandbox's are in env
    if SERVERS.get(command) or any(command.startswith(prefix) for prefix in NOT_RUN):
        return False
    if command.startswith("export "):  # the reader's settings: the sandbox's are in env
        return False
    for shown, real in PLACEHOLDERS.items():
        if shown in command:
            command = command.replace(shown, real.format(username=env["SCOPESTACK_USERNAME"]))
    argv = shlex.split(command)
    if argv[:2] == ["scopestack", "sandbox"]:
        _sandbox_command(argv, env, cwd)
        return True
    if argv[:3] == ["python", "-m", "scopestack_async.sandbox"]:
        _sandbox_command(["scopestack", "sandbox", *argv[3:]], env, cwd)
        return True
    if argv[0] == "scopestack":
        full = [sys.executable, "-m", "scopestack_async.cli", *argv[1:]]
    elif argv[0] == "python":
        full = [sys.executable, *argv[1:]]
    else:
        raise AssertionError(f"no way to run {command!r}: add it to NOT_RUN with the reason")
    ran = subprocess.run(full, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, f"{command}\n{ran.stdout}\n{ran.stderr}"
    if argv[0] == "scopestack":
        _check_cli(argv, ran.stdout, cwd)
    missing = [line for line in expected if line not in ran.stdout.splitlines()]
    assert missing == [], f"the page shows {missing}; {command} printed, instead:\n{ran.stdout}"
    return True


@pytest.mark.parametrize("snippet", by_kind("shell"))
async def test_shell_blocks_run(
    snippet: Snippet, docs_env: dict[str, str], docs_sb: Sandbox, tmp_path: Path
) -> None:
    env = dict(docs_env)
    user = re.search(r"user=(\w+)", snippet.note)
    if user:  # the page shows another seeded user's output
        who = docs_sb.users[user[1]]
        env.update(SCOPESTACK_USERNAME=who.username, SCOPESTACK_PASSWORD=who.password)
    if "examples/" in snippet.body:  # the examples start their own sandbox without these
        env = {k: v for k, v in env.items() if not k.startswith("SCOPESTACK_")}
    cwd = tmp_path / "cwd"
    (cwd / "examples").mkdir(parents=True)
    for example in (ROOT / "examples").glob("*.py"):
        (cwd / "examples" / example.name).write_text(example.read_text())
    ran = 0
    shown = shown_output(snippet.body)
    for command in shell_commands(snippet.body):
        ran += await asyncio.to_thread(_run_command, command, env, cwd, shown.get(command, []))
    assert ran > 0, "nothing in this block ran"


# -- pytest ----------------------------------------------------------------------------------


def _module_name(snippet: Snippet) -> str:
    named = MODULE_NAME.match(snippet.body)
    assert named, f"{snippet.where}: a module block starts with the file it is: '# NAME.py'"
    return named["name"]


@pytest.mark.parametrize("snippet", by_kind("module"))
def test_module_blocks_are_imported_by_a_test_of_their_page(snippet: Snippet) -> None:
    name = _module_name(snippet)
    imports = re.compile(rf"^(?:from {name} import |import {name}\b)", re.M)
    tests = [s for s in ALL if s.kind == "pytest" and s.page == snippet.page]
    assert any(imports.search(s.body) for s in tests), f"no pytest block imports {name}"


@pytest.mark.parametrize("snippet", by_kind("pytest"))
def test_pytest_blocks_pass(snippet: Snippet, docs_env: dict[str, str], tmp_path: Path) -> None:
    tests = len(re.findall(r"^(?:async )?def test_", snippet.body, re.M))
    for module in (s for s in ALL if s.kind == "module" and s.page == snippet.page):
        (tmp_path / f"{_module_name(module)}.py").write_text(module.body)
    (tmp_path / "test_snippet.py").write_text(snippet.body)
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error",
         "-o", "asyncio_mode=auto", "-o", "asyncio_default_fixture_loop_scope=function",
         "test_snippet.py"],
        cwd=tmp_path, env=docs_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    if tests:
        assert f"{tests} passed" in ran.stdout, ran.stdout
    else:  # inherited tests (a contract suite): some ran, and all of them passed
        assert re.search(r"^[1-9]\d* passed in ", ran.stdout, re.M), ran.stdout


# -- session and account ---------------------------------------------------------------------


def _account_stand_in(sb: Sandbox) -> types.ModuleType:
    """``scopestack_async`` with the sandbox standing in for the reader's account: the
    ``"..."`` credentials (a refresh token too: a fresh one of the admin's) and the default
    URLs become the sandbox's, an out-of-band login uses its OOB client; all else is
    unchanged."""
    admin = sb.users["admin"]
    shim = types.ModuleType("scopestack_async")
    shim.__dict__.update({n: getattr(scopestack_async, n) for n in scopestack_async.__all__})

    def placeholder(value: object) -> bool:
        return value in (None, "...", "…") or str(value).startswith("<")

    def session(*args: Any, **kwargs: Any) -> Any:
        client = (sb.client_id, sb.client_secret)
        if isinstance(kwargs.get("authenticator"), scopestack_async.ClientCredentialsGrant):
            cred = sb.users["service"].credentials[0]
            client = (cred.client_id, cred.client_secret)
        if isinstance(kwargs.get("authenticator"), scopestack_async.OutOfBandGrant):
            client = (sb.clients["oob"].client_id, sb.clients["oob"].client_secret)
        for key, real in zip(("client_id", "client_secret"), client, strict=True):
            if placeholder(kwargs.get(key)):
                kwargs[key] = real
        kwargs.setdefault("auth_url", sb.auth_url)
        kwargs.setdefault("api_url", sb.api_url)
        return scopestack_async.ScopeStackSession(*args, **kwargs)

    def password_grant(*, username: str, password: str, **kwargs: Any) -> Any:
        if placeholder(password):
            username, password = admin.username, admin.password
        return scopestack_async.PasswordGrant(username=username, password=password, **kwargs)

    def refresh_token_grant(*, refresh_token: str, **kwargs: Any) -> Any:
        if placeholder(refresh_token):
            refresh_token = sb.mint_token("admin")["refresh_token"]
        return scopestack_async.RefreshTokenGrant(refresh_token=refresh_token, **kwargs)

    shim.ScopeStackSession = session  # type: ignore[attr-defined]
    shim.PasswordGrant = password_grant  # type: ignore[attr-defined]
    shim.RefreshTokenGrant = refresh_token_grant  # type: ignore[attr-defined]
    return shim


def _stand_in_user(printed: io.StringIO) -> Callable[..., str]:
    """``input()`` for a block that asks its user to paste a code: the stand-in opens the last
    URL the block printed (the sandbox approves it as its admin) and types the code shown."""

    def paste(prompt: str = "") -> str:
        urls = re.findall(r"https?://\S+/oauth/authorize\?\S+", printed.getvalue())
        assert urls, "the block asked for a code before printing where to get one"
        with urllib.request.urlopen(urls[-1], timeout=30) as page:  # follows the redirect
            code = re.search(r'<code id="authorization_code">([^<]+)</code>', page.read().decode())
        assert code, "the sandbox's page showed no authorization code"
        print(prompt, file=printed)
        return code[1]

    return paste


def _importer(shim: types.ModuleType) -> Callable[..., Any]:
    def load(name: str, *args: Any, **kwargs: Any) -> Any:
        return shim if name == "scopestack_async" else builtins.__import__(name, *args, **kwargs)

    return load


async def _run_python(body: str, namespace: dict[str, Any], check: str, out: io.StringIO) -> Any:
    """Run ``body`` (top-level ``await`` allowed; ``stdout`` collects what it prints in
    ``out``), then evaluate ``check`` (which may ``await`` too)."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    code = compile(body, "<snippet>", "exec", flags=flags)
    if "asyncio.run(" in body:  # a whole program: its own loop, in a thread

        def program() -> None:
            with contextlib.redirect_stdout(out):
                exec(code, namespace)

        await asyncio.to_thread(program)
    else:
        with contextlib.redirect_stdout(out):
            result = eval(code, namespace)
            if result is not None:
                await result
    namespace["stdout"] = out.getvalue()
    verdict = eval(compile(check, "<check>", "eval", flags=flags), namespace)
    return await verdict if asyncio.iscoroutine(verdict) else verdict


async def _close(namespace: dict[str, Any]) -> None:
    """Close what the block opened: sessions, and Redis clients, stores and fleet limits."""
    for value in list(namespace.values()):
        if isinstance(value, scopestack_async.ScopeStackSession):
            await value.close()
        elif type(value).__module__.startswith(("redis.", "scopestack_async.")) and hasattr(
            value, "aclose"
        ):
            await value.aclose()


@pytest.mark.parametrize("snippet", by_kind("session") + by_kind("account") + by_kind("redis"))
async def test_python_blocks_run_and_check(
    snippet: Snippet,
    docs_sb: Sandbox,
    docs_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    assert snippet.check, f'{snippet.where}: give the marker a check="..."'
    body = snippet.body
    if snippet.kind == "redis":  # the reader's Redis URLs become a private server's
        # A database of its own (other tests use 0), so no block sees another's keys.
        db = 1 + [s.where for s in ALL if s.kind == "redis"].index(snippet.where)
        assert db < 16, "Redis has 16 databases: give the redis blocks fewer"
        redis_url = request.getfixturevalue("redis_server").rsplit("/", 1)[0] + f"/{db}"
        assert REDIS_URL.search(body), f"{snippet.where}: a redis block shows no Redis URL"
        body = REDIS_URL.sub(redis_url, body)
    for key, value in docs_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    shim = _account_stand_in(docs_sb)
    out = io.StringIO()
    bi = dict(vars(builtins), __import__=_importer(shim), input=_stand_in_user(out))
    # A real module, so attrs/cattrs resolve the snippet's annotations as in a user's module.
    module = types.ModuleType("docs_snippet")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    namespace: dict[str, Any] = module.__dict__
    namespace.update(__builtins__=bi, ss=shim, sb=docs_sb)
    if snippet.kind == "redis":
        import redis.asyncio

        namespace.update(redis_url=redis_url, redis_db=redis.asyncio.Redis.from_url(redis_url))
    try:
        if snippet.kind == "session":
            user = re.search(r"user=(\w+)", snippet.note)
            async with docs_sb.session(user[1] if user else "admin") as session:
                namespace.update(session=session, me=await session.me())
                verdict = await _run_python(body, namespace, snippet.check, out)
        else:
            verdict = await _run_python(textwrap.dedent(body), namespace, snippet.check, out)
        assert verdict, f"{snippet.where}: {snippet.check}\n{namespace['stdout']}"
    finally:
        await _close(namespace)
        scopestack_async.retry.set_testing(False)  # process-wide switches a page may flip
        logging.getLogger("scopestack_async").setLevel(logging.NOTSET)
        gc.unfreeze()
