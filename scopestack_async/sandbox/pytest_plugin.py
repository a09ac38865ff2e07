"""pytest plugin: ``scopestack_sandbox`` and ``scopestack_session`` fixtures.

Loaded through the ``pytest11`` entry point in every pytest run where the package is
installed, so it imports nothing heavy at import time and never fails a run by itself.

Knobs, in order of precedence (later wins): the plugin's defaults (100 records), the
``scopestack_sandbox_config`` fixture (override it in a conftest or module to change the
base for many tests), then a ``scopestack_sandbox`` marker on the test::

    @pytest.mark.scopestack_sandbox(records=50, rotation="immediate")
    async def test_x(scopestack_session): ...

The fixtures work in pytest-asyncio's strict mode too: an ``async def`` test that asks for
them is marked ``asyncio`` at collection. Without pytest-asyncio the run stops at
collection with an install hint.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import AsyncIterator, Generator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .app import Sandbox
    from .config import SandboxConfig

# Found, not imported: importing pytest_asyncio here would be the plugin's only cost.
_HAS_ASYNCIO = importlib.util.find_spec("pytest_asyncio") is not None

__all__ = ["scopestack_sandbox", "scopestack_sandbox_config", "scopestack_session"]

_NEEDS_ASYNCIO = "the scopestack_sandbox fixtures need pytest-asyncio: pip install pytest-asyncio"
_FIXTURES = frozenset({"scopestack_sandbox", "scopestack_session"})


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker so ``--strict-markers`` runs accept it."""
    config.addinivalue_line(
        "markers",
        "scopestack_sandbox(**knobs): SandboxConfig knobs for this test's sandbox "
        "(applied on top of the scopestack_sandbox_config fixture)",
    )


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_pycollect_makeitem(
    collector: pytest.Collector, name: str, obj: object
) -> Generator[None, Any, None]:
    """Mark ``async def`` tests that use the fixtures, directly or through other fixtures,
    ``asyncio`` (strict mode needs it). ``trylast`` makes this wrapper run inside
    pytest-asyncio's, so the mark is there when it decides which items are async tests."""
    outcome = yield
    if not _HAS_ASYNCIO or not inspect.iscoroutinefunction(obj):
        return
    result = outcome.get_result()
    items = result if isinstance(result, list) else [result]
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("asyncio"):
            continue
        if not _FIXTURES.isdisjoint(item.fixturenames):
            item.add_marker(pytest.mark.asyncio)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without pytest-asyncio, stop at collection and say what to install."""
    if _HAS_ASYNCIO:
        return
    for item in items:
        if not _FIXTURES.isdisjoint(getattr(item, "fixturenames", ())):
            raise pytest.UsageError(f"{item.nodeid}: {_NEEDS_ASYNCIO}")


@pytest.fixture
def scopestack_sandbox_config() -> SandboxConfig:
    """The sandbox's base knobs (100 records); a ``scopestack_sandbox`` marker applies on top."""
    from .config import SandboxConfig

    return SandboxConfig(records=100)


def _configured(request: pytest.FixtureRequest, base: object) -> SandboxConfig:
    """The config fixture's value with the test's marker applied; clear errors otherwise."""
    import attrs

    from .config import SandboxConfig

    if not isinstance(base, SandboxConfig):
        pytest.fail(
            f"scopestack_sandbox_config must return a SandboxConfig, got {type(base).__name__}",
            pytrace=False,
        )
    marker = request.node.get_closest_marker("scopestack_sandbox")
    if marker is None:
        return base
    if marker.args:
        pytest.fail("@pytest.mark.scopestack_sandbox takes knobs by name only", pytrace=False)
    known = {f.name for f in attrs.fields(SandboxConfig)}
    for knob in marker.kwargs:
        if knob not in known:
            pytest.fail(
                f"@pytest.mark.scopestack_sandbox({knob}=...): SandboxConfig has no knob "
                f"{knob!r}; see docs/sandbox.md for the list",
                pytrace=False,
            )
    try:
        return attrs.evolve(base, **marker.kwargs)
    except (TypeError, ValueError) as exc:
        pytest.fail(f"@pytest.mark.scopestack_sandbox: {exc}", pytrace=False)


if _HAS_ASYNCIO:
    import pytest_asyncio

    @pytest_asyncio.fixture
    async def scopestack_sandbox(
        request: pytest.FixtureRequest, scopestack_sandbox_config: SandboxConfig
    ) -> AsyncIterator[Sandbox]:
        """A running sandbox on 127.0.0.1 (config fixture, then marker), stopped after."""
        from .app import Sandbox

        async with Sandbox(_configured(request, scopestack_sandbox_config)) as sb:
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
