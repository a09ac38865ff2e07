"""Refresh storms: many coroutines, one expiring token. SDK vs raw aiohttp vs Authlib (httpx).

    python benchmarks/refresh_storm.py [--workers 50] [--seconds 6] [--json out.json]

A sandbox runs in another process. Each client sends ``GET /v1/me`` from ``--workers``
coroutines for ``--seconds`` in two scenarios:

* ``clock``: tokens live 2 s, so each client must renew about three times;
* ``server``: tokens live an hour, but the server expires every token each 1.5 s (a
  revocation, a deploy, a clock skew), so only a client that reacts to a 401 keeps working.

The clients:

* ``sdk``          ``ScopeStackSession.request`` (one refresh per token, replay on 401)
* ``raw-aiohttp``  a typical hand-written client: on a 401 the coroutine refreshes and
  retries once (no lock, so every coroutine that saw the 401 refreshes)
* ``authlib``      Authlib's ``AsyncOAuth2Client`` (refreshes under a lock before a request
  when the token is about to expire, ``leeway=0.5`` s; it does not react to a 401)

Every client parses the JSON answer. Prints requests that succeeded and failed, token
requests counted by the sandbox after the first login (each ``/oauth/token`` call, failures
included) and requests per second.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import signal
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

ME = "/v1/me"
ACCEPT = {"Accept": "application/vnd.api+json"}
CLIENTS = ("sdk", "raw-aiohttp", "authlib")
SCENARIOS = {"clock": {"token_ttl": 2.0}, "server": {"token_ttl": 3600.0}}
SERVER_EXPIRY_EVERY = 1.5


async def start_sandbox() -> tuple[asyncio.subprocess.Process, dict[str, str]]:
    """``python -m scopestack_async.sandbox`` on a free port; its URLs and credentials."""
    argv = [sys.executable, "-m", "scopestack_async.sandbox", "--port", "0", "--records", "50"]
    proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    info: dict[str, str] = {}
    patterns = {
        "api": r"\s+API URL\s+(\S+)",
        "auth": r"\s+auth URL\s+(\S+)",
        "client": r"\s+client\s+client_id=(\S+) client_secret=(\S+)",
        "user": r"\s+user admin\s+(\S+) / (\S+)",
    }
    async with asyncio.timeout(60):
        while not (line := (await proc.stdout.readline()).decode()).startswith("Press Ctrl-C"):
            if not line:
                raise RuntimeError("the sandbox exited before it was ready")
            for name, pattern in patterns.items():
                if m := re.match(pattern, line):
                    info[name] = m[1]
                    if name in ("client", "user"):
                        info[f"{name}_secret"] = m[2]
    return proc, info


async def control(http: aiohttp.ClientSession, info: dict[str, str], method: str, path: str,
                  body: Any = None) -> Any:  # fmt: skip
    """Call one of the sandbox's ``/_sandbox/`` control endpoints."""
    async with http.request(method, f"{info['api']}/_sandbox/{path}", json=body or {}) as resp:
        resp.raise_for_status()
        return await resp.json()


# ----------------------------------------------------------------------------- the clients

Get = Callable[[], Awaitable[bool]]


@contextlib.asynccontextmanager
async def sdk_client(info: dict[str, str]) -> Any:
    """The SDK: one session, ``request()`` per call; True when the call succeeded."""
    import scopestack_async as ss

    session = ss.ScopeStackSession(
        client_id=info["client"], client_secret=info["client_secret"],
        authenticator=ss.PasswordGrant(username=info["user"], password=info["user_secret"]),
        auth_url=info["auth"], api_url=info["api"],
    )  # fmt: skip
    async with session:
        await session.request("GET", ME)

        async def get() -> bool:
            try:
                await session.request("GET", ME)
            except ss.ScopeStackError:
                return False
            return True

        yield get


class _RawTokens:
    """What a hand-written client keeps: the current pair, refreshed by whoever saw a 401."""

    def __init__(self, http: aiohttp.ClientSession, info: dict[str, str]) -> None:
        self.http, self.info = http, info
        self.access, self.refresh = "", ""

    async def grant(self, form: dict[str, str]) -> bool:
        form |= {"client_id": self.info["client"], "client_secret": self.info["client_secret"]}
        async with self.http.post(f"{self.info['auth']}/oauth/token", data=form) as resp:
            if resp.status != 200:
                return False
            body = await resp.json()
        self.access, self.refresh = body["access_token"], body["refresh_token"]
        return True

    async def login(self) -> None:
        form = {"grant_type": "password", "username": self.info["user"]}
        assert await self.grant(form | {"password": self.info["user_secret"]})


@contextlib.asynccontextmanager
async def raw_client(info: dict[str, str]) -> Any:
    """Raw aiohttp: on a 401, refresh (no lock) and retry once."""
    async with aiohttp.ClientSession() as http:
        tokens = _RawTokens(http, info)
        await tokens.login()

        async def send() -> int:
            headers = ACCEPT | {"Authorization": f"Bearer {tokens.access}"}
            async with http.get(f"{info['api']}{ME}", headers=headers) as resp:
                if resp.status == 200:
                    await resp.json(content_type=None)  # parsed, as the other clients do
                return resp.status

        async def get() -> bool:
            status = await send()
            if status == 401:
                form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh}
                if not await tokens.grant(form):
                    return False
                status = await send()
            return status == 200

        yield get


@contextlib.asynccontextmanager
async def authlib_client(info: dict[str, str]) -> Any:
    """Authlib's AsyncOAuth2Client with automatic refresh before expiry."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its httpx module announces a rename
        from authlib.integrations.httpx_client import AsyncOAuth2Client

    import httpx

    client = AsyncOAuth2Client(
        info["client"], info["client_secret"], token_endpoint=f"{info['auth']}/oauth/token",
        leeway=0.5, limits=httpx.Limits(max_connections=100, max_keepalive_connections=100),
    )  # fmt: skip
    async with client:
        await client.fetch_token(username=info["user"], password=info["user_secret"])

        async def get() -> bool:
            try:
                resp = await client.get(f"{info['api']}{ME}", headers=ACCEPT)
                if resp.status_code == 200:
                    resp.json()
            except Exception:  # Authlib raises its own errors when a refresh fails
                return False
            return resp.status_code == 200

        yield get


FACTORIES = {"sdk": sdk_client, "raw-aiohttp": raw_client, "authlib": authlib_client}


# ----------------------------------------------------------------------------- the driver


async def hammer(get: Get, workers: int, seconds: float) -> tuple[int, int]:
    """``workers`` loops calling ``get`` until the deadline: (succeeded, failed)."""
    deadline = time.monotonic() + seconds
    counts = [0, 0]

    async def loop() -> None:
        while time.monotonic() < deadline:
            counts[0 if await get() else 1] += 1

    await asyncio.gather(*(loop() for _ in range(workers)))
    return counts[0], counts[1]


async def expire_periodically(http: aiohttp.ClientSession, info: dict[str, str],
                              seconds: float) -> int:  # fmt: skip
    """Expire every token each SERVER_EXPIRY_EVERY seconds; how many times it did."""
    times = int(seconds // SERVER_EXPIRY_EVERY)
    for _ in range(times):
        await asyncio.sleep(SERVER_EXPIRY_EVERY)
        await control(http, info, "POST", "tokens/expire")
    return times


async def one_run(http: aiohttp.ClientSession, info: dict[str, str], client: str,
                  scenario: str, args: argparse.Namespace) -> dict[str, Any]:  # fmt: skip
    """One client in one scenario, with the sandbox's counters reset first."""
    await control(http, info, "PATCH", "config", SCENARIOS[scenario])
    async with FACTORIES[client](info) as get:
        await control(http, info, "POST", "stats/reset")
        started = time.perf_counter()
        expiring = expire_periodically(http, info, args.seconds) if scenario == "server" else None
        jobs: list[Awaitable[Any]] = [hammer(get, args.workers, args.seconds)]
        done = await asyncio.gather(*jobs, *([expiring] if expiring else []))
        seconds = time.perf_counter() - started
        stats = await control(http, info, "GET", "stats")
    ok, failed = done[0]
    events = done[1] if expiring else args.seconds / SCENARIOS["clock"]["token_ttl"]
    token_requests = sum(stats["token_requests"].values())
    return {
        "ok": ok, "failed": failed, "seconds": seconds, "requests_per_s": ok / seconds,
        "token_requests": token_requests, "token_errors": sum(stats["token_errors"].values()),
        "expiries": events, "token_requests_per_expiry": token_requests / max(events, 1),
    }  # fmt: skip


async def run(args: argparse.Namespace) -> dict[str, dict[str, dict[str, Any]]]:
    """Every client in every scenario against one sandbox."""
    proc, info = await start_sandbox()
    results: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in SCENARIOS}
    try:
        async with aiohttp.ClientSession() as http:
            for scenario in SCENARIOS:
                for client in CLIENTS:
                    row = await one_run(http, info, client, scenario, args)
                    results[scenario][client] = row
                    print(f"{scenario:<7} {client:<12} ok {row['ok']:>6}  failed "
                          f"{row['failed']:>6}  token requests {row['token_requests']:>4} "
                          f"({row['token_requests_per_expiry']:.1f} per expiry)  "
                          f"{row['requests_per_s']:>6.0f} req/s", flush=True)  # fmt: skip
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:  # seen once under heavy load: the sandbox ignored SIGINT
            proc.terminate()
            await proc.wait()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    print(f"{args.workers} coroutines x {args.seconds:.0f} s of GET /v1/me per client")
    results = asyncio.run(run(args))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
