"""Fixtures for the CLI tests: a sandbox in the test process and the CLI as a child process."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from cli_support import CliRunner, Ran

from scopestack_async.sandbox import Sandbox, SandboxConfig


@pytest_asyncio.fixture
async def cli_sb() -> AsyncIterator[Sandbox]:
    async with Sandbox(SandboxConfig(records=2_000)) as sb:
        yield sb


@pytest.fixture
def cli_env(cli_sb: Sandbox, tmp_path: Path) -> dict[str, str]:
    """Settings as a user would export them, with a private config folder and token file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOPESTACK_")}
    env.update(
        cli_sb.cli_settings(),
        XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    return env


@pytest.fixture
def run_cli(cli_env: dict[str, str], tmp_path: Path) -> CliRunner:
    """Run ``scopestack ARGS`` in a child process while this loop serves the sandbox."""

    async def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Ran:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scopestack_async.cli", *args, env=env or cli_env,
            cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(child.communicate(), timeout)
        assert child.returncode is not None
        return Ran(child.returncode, out.decode(), err.decode())

    return run
