"""Shared test fixtures: the aioresponses shim for aiohttp >= 3.14, a private redis-server, and
retries without backoff sleeps."""

from __future__ import annotations

import inspect
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any
from unittest.mock import Mock

import aioresponses.core
import pytest
from aiohttp import ClientResponse

from scopestack_async import retry

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_redis(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server on port {port} did not start (exit {process.poll()})")


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """URL of a private redis-server on a free loopback port, shared by the whole run.

    Skipped locally when the binary is missing; under CI=true that is a failure instead.
    Tests keep apart by key prefix, never by flushing.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed, and CI=true requires the Redis tests.")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_redis(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def no_waits() -> Iterator[None]:
    """Retries still happen, without backoff sleeps (the policy's testing switch), for one test."""
    retry.set_testing(True)
    yield
    retry.set_testing(False)
