"""pytest plugin: ``scopestack_sandbox`` and ``scopestack_session`` fixtures.

Loaded through the ``pytest11`` entry point in every pytest run where the package is
installed, so it imports nothing heavy at import time and never fails a run by itself.

Override ``scopestack_sandbox_config`` to change the knobs for a module, or mark a test::

    @pytest.mark.scopestack_sandbox(records=50, rotation="immediate")
    async def test_x(scopestack_session): ...
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .app import Sandbox
    from .config import SandboxConfig

# Found, not imported: importing pytest_asyncio here would be the plugin's only cost.
_HAS_ASYNCIO = importlib.util.find_spec("pytest_asyncio") is not None

__all__ = ["scopestack_sandbox", "scopestack_sandbox_config", "scopestack_session"]

_NEEDS_ASYNCIO = "the scopestack_sandbox fixtures need pytest-asyncio: pip install pytest-asyncio"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker so ``--strict-markers`` runs accept it."""
    config.addinivalue_line(
        "markers",
        "scopestack_sandbox(**knobs): SandboxConfig knobs for this test's sandbox",
    )


@pytest.fixture
def scopestack_sandbox_config(request: pytest.FixtureRequest) -> SandboxConfig:
    """The sandbox's knobs: small data by default, plus any ``scopestack_sandbox`` marker."""
    import attrs

    from .config import SandboxConfig

    config = SandboxConfig(records=100)
    marker = request.node.get_closest_marker("scopestack_sandbox")
    if marker is not None:
        config = attrs.evolve(config, **marker.kwargs)
    return config


if _HAS_ASYNCIO:
    import pytest_asyncio

    @pytest_asyncio.fixture
    async def scopestack_sandbox(
        scopestack_sandbox_config: SandboxConfig,
    ) -> AsyncIterator[Sandbox]:
        """A running sandbox on 127.0.0.1, stopped after the test."""
        from .app import Sandbox

        async with Sandbox(scopestack_sandbox_config) as sb:
            yield sb

    @pytest_asyncio.fixture
    async def scopestack_session(scopestack_sandbox: Sandbox) -> AsyncIterator[Any]:
        """A ScopeStackSession logged in to the sandbox as its admin user."""
        async with scopestack_sandbox.session() as session:
            yield session

else:  # pragma: no cover - exercised only without pytest-asyncio

    @pytest.fixture
    def scopestack_sandbox(scopestack_sandbox_config: SandboxConfig) -> Any:
        """Fails with an install hint: async fixtures need pytest-asyncio."""
        pytest.fail(_NEEDS_ASYNCIO)

    @pytest.fixture
    def scopestack_session(scopestack_sandbox: Any) -> Any:
        """Fails with an install hint: async fixtures need pytest-asyncio."""
        pytest.fail(_NEEDS_ASYNCIO)
