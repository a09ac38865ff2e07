"""Fixtures of the example tests: a small sandbox and the examples loaded as modules."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import ModuleType

import pytest
import pytest_asyncio

from scopestack_async.sandbox import Sandbox, SandboxConfig

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    """A running sandbox with a little data (fast to start)."""
    async with Sandbox(SandboxConfig(records=250)) as sandbox:
        yield sandbox


@pytest.fixture
def load_example() -> Callable[[str], ModuleType]:
    """Import ``examples/<name>.py`` as a module, as a user would run it."""

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(
            f"examples_run_{name}", EXAMPLES / f"{name}.py"
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def point_at(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Set the SCOPESTACK_* variables the examples read, for one sandbox and user."""

    def point(sandbox: Sandbox, **users: str) -> None:
        monkeypatch.setenv("SCOPESTACK_CLIENT_ID", sandbox.client_id)
        monkeypatch.setenv("SCOPESTACK_CLIENT_SECRET", sandbox.client_secret)
        monkeypatch.setenv("SCOPESTACK_AUTH_URL", sandbox.auth_url)
        monkeypatch.setenv("SCOPESTACK_API_URL", sandbox.api_url)
        for prefix, key in users.items():
            user = sandbox.users[key]
            monkeypatch.setenv(f"SCOPESTACK_{prefix}USERNAME", user.username)
            monkeypatch.setenv(f"SCOPESTACK_{prefix}PASSWORD", user.password)

    return point


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's exported SCOPESTACK_* must never point an example test at the real API."""
    for name in [n for n in os.environ if n.startswith("SCOPESTACK_")]:
        monkeypatch.delenv(name)
