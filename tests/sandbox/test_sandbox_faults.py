"""Fault knobs, deactivation mid-run, two-port mode and the control endpoints."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import attrs
import pytest

from scopestack_async.sandbox import Sandbox, SandboxConfig
from scopestack_async.sandbox.faults import FaultPlan, plan_fault


def test_plan_fault_is_a_pure_decision() -> None:
    config = SandboxConfig(
        latency=0.5,
        jitter=1.0,
        rate_limit_rate=0.5,
        fault_rate=0.5,
        fault_statuses=(502, 503),
        reset_rate=0.5,
    )
    draws = iter([0.25, 0.4])
    assert plan_fault(config, lambda: next(draws)) == FaultPlan(0.75, 429)
    draws = iter([0.0, 0.9, 0.1, 0.99])
    assert plan_fault(config, lambda: next(draws)) == FaultPlan(0.5, 503)
    draws = iter([0.0, 0.9, 0.9, 0.1])
    assert plan_fault(config, lambda: next(draws)) == FaultPlan(0.5, None, reset=True)
    assert plan_fault(SandboxConfig(), lambda: 0.0) == FaultPlan()


async def test_latency(client: Any) -> None:
    at = (await client.login())["access_token"]
    client.sb.set_faults(latency=0.2, jitter=0.05)
    started = time.monotonic()
    assert (await client.get("/v1/me", at))[0] == 200
    # A lower bound only: the sandbox must have waited at least the fixed latency.
    assert time.monotonic() - started >= 0.2


async def test_5xx_rate(client: Any) -> None:
    at = (await client.login())["access_token"]
    client.sb.set_faults(fault_rate=1.0)
    statuses = [(await client.get("/v1/me", at))[:2] for _ in range(30)]
    assert {s for s, _ in statuses} == {500, 502, 503}
    for status, headers in statuses:
        expected = "application/vnd.api+json" if status == 500 else "text/html"
        assert headers["Content-Type"].startswith(expected)
    assert sum(client.sb.stats.faults[str(s)] for s in (500, 502, 503)) == 30
    client.sb.set_faults(fault_rate=0.3)
    results = [(await client.get("/v1/me", at))[0] for _ in range(200)]
    assert 20 < sum(1 for s in results if s >= 500) < 100
    assert client.sb.stats.api_requests[200] == sum(1 for s in results if s == 200)


async def test_rate_limit_with_retry_after(client: Any) -> None:
    at = (await client.login())["access_token"]
    client.sb.set_faults(rate_limit_rate=1.0, retry_after=7)
    status, headers, raw = await client.get("/v1/me", at)
    assert (status, headers["Retry-After"], raw) == (429, "7", b"Retry later\n")
    assert client.sb.stats.rate_limited == 1
    # The token endpoint is spared unless faults_on_auth is set.
    await client.login()
    client.sb.config = attrs.evolve(client.sb.config, faults_on_auth=True)
    u = client.sb.users["admin"]
    form = {
        "grant_type": "password",
        "username": u.username,
        "password": u.password,
        **client.creds(),
    }
    assert (await client.token(form))[0] == 429


async def test_reset_mid_body(client: Any) -> None:
    at = (await client.login())["access_token"]
    client.sb.set_faults(reset_rate=1.0)
    with pytest.raises(aiohttp.ClientPayloadError):
        await client.get("/acme/v1/projects", at)
    assert client.sb.stats.faults["reset"] == 1
    client.sb.set_faults()
    assert (await client.get("/acme/v1/projects", at))[0] == 200


async def test_deactivating_a_user_mid_run(client: Any) -> None:
    tokens = await client.login()
    other = await client.login("readonly")
    assert (await client.get("/v1/me", tokens["access_token"]))[0] == 200
    assert client.sb.deactivate_user("admin") == 1
    status, headers, _ = await client.get("/v1/me", tokens["access_token"])
    assert status == 401
    assert "was revoked" in headers["WWW-Authenticate"]
    assert (await client.refresh(tokens["refresh_token"]))[0] == 400
    u = client.sb.users["admin"]
    form = {
        "grant_type": "password",
        "username": u.username,
        "password": u.password,
        **client.creds(),
    }
    assert (await client.token(form))[0] == 400
    assert (await client.get("/v1/me", other["access_token"]))[0] == 200
    client.sb.reactivate_user("admin")
    assert (await client.get("/v1/me", tokens["access_token"]))[0] == 401  # stays revoked
    await client.login()


async def test_control_endpoints(client: Any) -> None:
    tokens = await client.login()
    base = f"{client.sb.auth_url}/_sandbox"
    async with client.http.post(f"{base}/users/admin/deactivate", json={}) as resp:
        assert await resp.json() == {"user": "admin", "active": False, "revoked": 1}
    async with client.http.post(f"{base}/users/admin/reactivate", json={}) as resp:
        assert (await resp.json())["active"] is True
    async with client.http.post(f"{base}/users/nobody/deactivate", json={}) as resp:
        assert resp.status == 404
    await client.login()
    async with client.http.post(f"{base}/tokens/expire", json={}) as resp:
        assert await resp.json() == {"expired": 1}
    async with client.http.post(f"{base}/tokens/revoke", json={}) as resp:
        assert await resp.json() == {"revoked": 1}
    async with client.http.patch(f"{base}/config", json={"fault_rate": 1.0}) as r:
        assert (await r.json())["fault_rate"] == 1.0
    assert client.sb.config.fault_rate == 1.0
    async with client.http.patch(f"{base}/config", json={"records": 5}) as resp:
        assert resp.status == 400
        assert "records" in (await resp.json())["error"]
    async with client.http.patch(f"{base}/config", json={"fault_rate": 7}) as resp:
        assert resp.status == 400
    async with client.http.get(f"{base}/stats") as resp:
        stats = await resp.json()
    assert stats["token_requests"] == {"password": 2}
    async with client.http.post(f"{base}/stats/reset", json={}) as resp:
        assert resp.status == 200
    assert client.sb.stats.token_requests == {}
    assert tokens["access_token"] not in str(stats)


async def test_two_ports() -> None:
    config = SandboxConfig(records=10, two_ports=True)
    async with Sandbox(config) as sb, aiohttp.ClientSession() as http:
        assert sb.auth_url != sb.api_url
        u = sb.users["admin"]
        form = {
            "grant_type": "password",
            "username": u.username,
            "password": u.password,
            "client_id": sb.client_id,
            "client_secret": sb.client_secret,
        }
        async with http.post(f"{sb.api_url}/oauth/token", data=form) as resp:
            assert resp.status == 404
        async with http.post(f"{sb.auth_url}/oauth/token", data=form) as resp:
            token = (await resp.json())["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        async with http.get(f"{sb.auth_url}/v1/me", headers=headers) as resp:
            assert resp.status == 404
        async with http.get(f"{sb.api_url}/v1/me", headers=headers) as resp:
            assert resp.status == 200
            me = await resp.json()
        assert me["data"]["links"]["self"] == f"{sb.api_url}/v1/mes"
        assert sb.stats.api_requests[200] == 1


async def test_runtime_only_knobs_are_refused(sb: Sandbox) -> None:
    with pytest.raises(ValueError, match="records"):
        sb.config = attrs.evolve(sb.config, records=5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        sb.set_faults(fault_rate=2.0)


async def test_concurrent_requests_under_faults_are_all_answered(client: Any) -> None:
    at = (await client.login())["access_token"]
    client.sb.set_faults(fault_rate=0.2, rate_limit_rate=0.2, latency=0.01, jitter=0.01)

    async def one() -> int:
        return (await client.get("/acme/v1/clients", at))[0]

    statuses = await asyncio.gather(*(one() for _ in range(50)))
    assert set(statuses) <= {200, 429, 500, 502, 503}
    assert client.sb.stats.api_total == 50
