"""Fixtures for the token store tests: a private redis-server and Redis stores."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from stores_helpers import free_port

from scopestack_async.stores import RedisTokenStore


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
    """URL of a private redis-server on a free loopback port (skip locally if missing)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed, and CI=true requires the Redis tests.")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_redis(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_prefix() -> str:
    """A prefix no other test uses, so tests share the server without flushing it."""
    return f"test:{uuid.uuid4().hex[:12]}:"


@pytest.fixture
async def redis_store(redis_server: str, redis_prefix: str) -> AsyncIterator[RedisTokenStore]:
    """A RedisTokenStore over the test server, closed afterwards."""
    async with RedisTokenStore(redis_server, prefix=redis_prefix) as store:
        yield store
