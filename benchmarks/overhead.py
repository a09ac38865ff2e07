"""Per-request overhead of the SDK against raw aiohttp with fixed headers.

The server runs in a separate process. Each round runs every client once, interleaved, so
drift affects all alike; the medians and the ratio to raw aiohttp are printed.

    python benchmarks/overhead.py [--rounds 7] [--sequential 1500] [--concurrent 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

import scopestack_async as ss

PATH = "/acme/v1/clients/42"
Runner = Callable[[int, int], Awaitable[None]]


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("_bench_server.py"))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, f"http://127.0.0.1:{int(line.split()[1])}"


async def fetch_token(base: str) -> str:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/oauth/token", data={"grant_type": "password"}) as resp:
            return str((await resp.json())["access_token"])


async def drive(one: Callable[[], Awaitable[None]], total: int, width: int) -> None:
    async def worker(n: int) -> None:
        for _ in range(n):
            await one()

    share, extra = divmod(total, width)
    await asyncio.gather(*(worker(share + (i < extra)) for i in range(width)))


def raw_runner(base: str, token: str) -> Callable[[aiohttp.ClientSession], Runner]:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/vnd.api+json"}
    url = f"{base}{PATH}"

    def make(http: aiohttp.ClientSession, *, parse: bool = False) -> Runner:
        async def one() -> None:
            async with http.get(url, headers=headers) as resp:
                if parse:
                    await resp.json(content_type=None)
                else:
                    await resp.read()
                assert resp.status == 200

        return lambda total, width: drive(one, total, width)

    return make


def session_http_runner(session: ss.ScopeStackSession) -> Runner:
    url = session.url(PATH)

    async def one() -> None:
        async with session.http.get(url) as resp:
            await resp.read()
            assert resp.status == 200

    return lambda total, width: drive(one, total, width)


def session_request_runner(session: ss.ScopeStackSession) -> Runner:
    async def one() -> None:
        await session.request("GET", PATH)

    return lambda total, width: drive(one, total, width)


async def timed(run: Runner, total: int, width: int) -> float:
    start = time.perf_counter()
    await run(total, width)
    return time.perf_counter() - start


async def bench(base: str, rounds: int, sequential: int, concurrent: int) -> None:
    token = await fetch_token(base)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:
        session = ss.ScopeStackSession(
            client_id="bench",
            client_secret="bench-secret",
            authenticator=ss.PasswordGrant(username="u", password="p"),
            auth_url=base,
            api_url=base,
        )
        async with session:
            raw = raw_runner(base, token)
            runners = {
                "raw aiohttp (fixed headers)": raw(http),
                "session.http (middlewares)": session_http_runner(session),
                "raw aiohttp + resp.json()": raw(http, parse=True),
                "session.request (+ parse)": session_request_runner(session),
            }
            for label, total, width in (
                ("sequential", sequential, 1),
                ("64-way concurrent", concurrent, 64),
            ):
                await report(label, runners, total, width, rounds)


async def report(
    label: str, runners: dict[str, Runner], total: int, width: int, rounds: int
) -> None:
    for run in runners.values():  # warm up connections and caches
        await run(min(total, 200), width)
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            times[name].append(await timed(run, total, width))
    raw = statistics.median(times["raw aiohttp (fixed headers)"])
    parsed = statistics.median(times["raw aiohttp + resp.json()"])
    print(f"\n{label}: {total} GETs, {width} at a time, median of {rounds} rounds")
    print("  (ratios: session.http against raw bytes, session.request against raw + json)")
    for name, samples in times.items():
        med = statistics.median(samples)
        base = parsed if "request" in name else raw
        print(f"  {name:30s} {med:7.3f} s  {total / med:8.0f} req/s  ratio {med / base:5.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sequential", type=int, default=1500)
    parser.add_argument("--concurrent", type=int, default=4000)
    args = parser.parse_args()
    proc, base = start_server()
    try:
        asyncio.run(bench(base, args.rounds, args.sequential, args.concurrent))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
