"""Fixtures for the sandbox's own tests: a small sandbox and a plain aiohttp client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import orjson
import pytest
import pytest_asyncio
from multidict import CIMultiDict

from scopestack_async.sandbox import Sandbox, SandboxConfig


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    """A running sandbox with little data (fast to start)."""
    async with Sandbox(SandboxConfig(records=300, document_delay=0.3)) as sandbox:
        yield sandbox


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client: no SDK, no redirects followed unless asked."""
    async with aiohttp.ClientSession() as session:
        yield session


class Client:
    """Small helpers over a plain aiohttp session (not the SDK)."""

    def __init__(self, sb: Sandbox, http: aiohttp.ClientSession) -> None:
        self.sb = sb
        self.http = http

    def creds(self, client: str = "confidential") -> dict[str, str]:
        c = self.sb.clients[client]
        out = {"client_id": c.client_id}
        if c.client_secret is not None:
            out["client_secret"] = c.client_secret
        return out

    async def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any], Any]:
        async with self.http.post(f"{self.sb.auth_url}/oauth/token", data=form) as resp:
            raw = await resp.read()
            body = orjson.loads(raw) if raw.startswith(b"{") else raw.decode()
            return resp.status, CIMultiDict(resp.headers), body

    async def login(self, user: str = "admin", **extra: str) -> dict[str, Any]:
        u = self.sb.users[user]
        form = {"grant_type": "password", "username": u.username, "password": u.password}
        status, _, body = await self.token({**form, **self.creds(), **extra})
        assert status == 200, body
        return dict(body)

    async def refresh(self, refresh_token: str) -> tuple[int, Any]:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token, **self.creds()}
        status, _, body = await self.token(form)
        return status, body

    async def get(
        self, path: str, token: str | None, **params: str
    ) -> tuple[int, CIMultiDict[str], bytes]:
        headers = {"Accept": "application/vnd.api+json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        url = path if path.startswith("http") else f"{self.sb.api_url}{path}"
        async with self.http.get(url, headers=headers, params=params or None) as resp:
            return resp.status, CIMultiDict(resp.headers), await resp.read()

    async def send(
        self, method: str, path: str, token: str, doc: Any = None
    ) -> tuple[int, CIMultiDict[str], Any]:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/vnd.api+json",
            "Accept": "application/vnd.api+json",
        }
        url = f"{self.sb.api_url}{path}"
        async with self.http.request(method, url, headers=headers, json=doc) as resp:
            raw = await resp.read()
            return resp.status, CIMultiDict(resp.headers), orjson.loads(raw) if raw else None


@pytest.fixture
def client(sb: Sandbox, http: aiohttp.ClientSession) -> Client:
    """Helpers bound to the sandbox and the plain session."""
    return Client(sb, http)
