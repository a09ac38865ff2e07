"""A local server that behaves like ScopeStack: OAuth (Doorkeeper), JSON:API, faults.

It imports nothing from the client side of scopestack_async, so it cannot share a bug
with the code it tests. Names load lazily, so the pytest plugin (imported in every
pytest run) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import Sandbox
    from .config import SandboxConfig
    from .data import Account, OAuthClient, SandboxUser, ServiceCredential
    from .stats import SandboxStats

__all__ = [
    "Account",
    "OAuthClient",
    "Sandbox",
    "SandboxConfig",
    "SandboxStats",
    "SandboxUser",
    "ServiceCredential",
]

_WHERE = {
    "Sandbox": ".app",
    "SandboxConfig": ".config",
    "Account": ".data",
    "OAuthClient": ".data",
    "SandboxUser": ".data",
    "ServiceCredential": ".data",
    "SandboxStats": ".stats",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
