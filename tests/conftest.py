"""Shared test fixtures: the aioresponses compatibility shim for aiohttp >= 3.14."""

from __future__ import annotations

import inspect
from typing import Any
from unittest.mock import Mock

import aioresponses.core
import pytest
from aiohttp import ClientResponse

# pytester drives the sandbox's pytest plugin in tests/sandbox; plugins may only be named here.
pytest_plugins = ["pytester"]

# aioresponses 0.7.9 builds ClientResponse without the keyword aiohttp 3.14 added
# (pnuckowski/aioresponses#289); passing it unconditionally would break older aiohttp.
_NEEDS_STREAM_WRITER = "stream_writer" in inspect.signature(ClientResponse.__init__).parameters


class _CompatResponse(ClientResponse):
    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        if _NEEDS_STREAM_WRITER:
            kwargs.setdefault("stream_writer", Mock(output_size=0))
        super().__init__(method, url, **kwargs)


@pytest.fixture(autouse=True)
def _aioresponses_compat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioresponses.core, "ClientResponse", _CompatResponse)
