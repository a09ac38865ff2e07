"""The sandbox's unauthenticated control endpoints refuse what a web page could send them:
a cross-site "simple" POST, a foreign Host (DNS rebinding), a body that is not JSON."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from yarl import URL

from scopestack_async.sandbox import Sandbox, SandboxConfig
from scopestack_async.sandbox.serve import describe

CHANGES = [
    ("POST", "users/admin/deactivate"),
    ("POST", "tokens/revoke"),
    ("POST", "tokens/expire"),
    ("POST", "stats/reset"),
    ("PATCH", "config"),
]


@pytest_asyncio.fixture
async def guarded_sb() -> AsyncIterator[Sandbox]:
    async with Sandbox(SandboxConfig(records=5)) as sandbox:
        yield sandbox


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def live(sb: Sandbox) -> int:
    return sum(1 for row in sb.oauth.by_access.values() if row.revoked_at is None)


@pytest.mark.parametrize(("method", "path"), CHANGES)
async def test_a_cross_site_simple_post_changes_nothing(
    guarded_sb: Sandbox, http: aiohttp.ClientSession, method: str, path: str
) -> None:
    guarded_sb.mint_token("admin")
    before = (live(guarded_sb), guarded_sb.users["admin"].active, guarded_sb.config)
    url = f"{guarded_sb.auth_url}/_sandbox/{path}"
    headers = {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    async with http.request(method, url, data=b'{"fault_rate": 1}', headers=headers) as resp:
        assert resp.status == 403
        assert "cross-origin" in (await resp.json())["error"]
    assert (live(guarded_sb), guarded_sb.users["admin"].active, guarded_sb.config) == before


@pytest.mark.parametrize(("method", "path"), CHANGES)
async def test_a_form_or_text_body_without_origin_is_refused(
    guarded_sb: Sandbox, http: aiohttp.ClientSession, method: str, path: str
) -> None:
    guarded_sb.mint_token("admin")
    url = f"{guarded_sb.auth_url}/_sandbox/{path}"
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        async with http.request(method, url, data=b"x=1", headers=headers) as resp:
            assert resp.status == 415, content_type
    assert live(guarded_sb) == 1
    assert guarded_sb.users["admin"].active


@pytest.mark.parametrize(("method", "path"), [*CHANGES, ("GET", "stats")])
async def test_a_foreign_host_is_refused(
    guarded_sb: Sandbox, http: aiohttp.ClientSession, method: str, path: str
) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1; the page is same-origin with itself.
    port = URL(guarded_sb.auth_url).port
    headers = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    url = f"{guarded_sb.auth_url}/_sandbox/{path}"
    async with http.request(method, url, json={}, headers=headers) as resp:
        assert resp.status == 403
        assert "Host" in (await resp.json())["error"]
    assert guarded_sb.users["admin"].active


async def test_same_origin_json_requests_still_work(
    guarded_sb: Sandbox, http: aiohttp.ClientSession
) -> None:
    guarded_sb.mint_token("admin")
    base = f"{guarded_sb.auth_url}/_sandbox"
    origin = str(URL(guarded_sb.auth_url).origin())
    async with http.post(f"{base}/tokens/revoke", json={}, headers={"Origin": origin}) as resp:
        assert (resp.status, await resp.json()) == (200, {"revoked": 1})
    port = URL(guarded_sb.auth_url).port
    async with http.get(f"{base}/stats", headers={"Host": f"localhost:{port}"}) as resp:
        assert resp.status == 200
    async with http.patch(f"{base}/config", json={"latency": 0.0}) as resp:
        assert resp.status == 200


async def test_the_wide_open_warning_says_what_is_exposed() -> None:
    async with Sandbox(SandboxConfig(records=1, host="0.0.0.0")) as sb:
        text = "\n".join(describe(sb))
    assert "WARNING: listening on 0.0.0.0" in text
    for exposed in ("log in", "data", "/_sandbox/", "revoke", "deactivate", "--host 127.0.0.1"):
        assert exposed in text
