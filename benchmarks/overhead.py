"""Per-request overhead of the SDK against raw aiohttp with fixed headers.

The server runs in a separate process. Each round runs every client once, interleaved, so
drift affects all alike; the medians and the ratio to raw aiohttp are printed. Besides wall
time, each round's CPU time of this (client) process is recorded: on a machine shared with
other work it is the steadier measure of the client's own cost per request.

    python benchmarks/overhead.py [--rounds 7] [--sequential 1500] [--concurrent 4000]
                                  [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp

import scopestack_async as ss

PATH = "/acme/v1/clients/42"
Runner = Callable[[int, int], Awaitable[None]]


def start_server() -> tuple[subprocess.Popen[str], str]:
    # Server and client on different cores where the machine has two or more.
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    pin = ["taskset", "-c", str(cpus[0])] if len(cpus) >= 2 and shutil.which("taskset") else []
    if pin:
        os.sched_setaffinity(0, cpus[1:])
    proc = subprocess.Popen(
        [*pin, sys.executable, str(Path(__file__).with_name("_bench_server.py"))],
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


async def _noop(req: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType) -> Any:
    return await handler(req)


def separate_layers(session: ss.ScopeStackSession) -> None:
    """The arrangement before the chain was composed, measured beside it: each middleware
    of the session's chain as its own aiohttp layer."""
    session._middlewares = _Uncomposed(session._middlewares)  # type: ignore[assignment]


class _Uncomposed:
    """Stands in for the session's chain builder: aiohttp gets each part as its own layer."""

    def __init__(self, chain: Callable[[], tuple[Any, ...]]) -> None:
        self._chain = chain

    def __call__(self) -> tuple[Any, ...]:
        return self._chain()

    def installed(self) -> tuple[Any, ...]:
        return self._chain()


def session_http_runner(session: ss.ScopeStackSession) -> Runner:
    url = session.url(PATH)

    async def one() -> None:
        async with session.http.get(url) as resp:
            await resp.read()
            assert resp.status == 200

    return lambda total, width: drive(one, total, width)


def authlib_runner(base: str, token: str) -> tuple[Runner, Callable[[], Awaitable[None]]]:
    """Authlib's AsyncOAuth2Client (httpx) holding the same token; parses like the others."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its httpx module announces a rename
        from authlib.integrations.httpx_client import AsyncOAuth2Client

    import httpx

    # Keep every connection alive, like aiohttp's pool (httpx keeps 20 by default).
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    client = AsyncOAuth2Client(
        "bench", "bench-secret", token={"access_token": token, "token_type": "Bearer",
                                        "expires_at": time.time() + 7200}, limits=limits,
    )  # fmt: skip
    url = f"{base}{PATH}"

    async def one() -> None:
        resp = await client.get(url, headers={"Accept": "application/vnd.api+json"})
        resp.json()
        assert resp.status_code == 200

    return (lambda total, width: drive(one, total, width)), client.aclose


def session_request_runner(session: ss.ScopeStackSession) -> Runner:
    async def one() -> None:
        await session.request("GET", PATH)

    return lambda total, width: drive(one, total, width)


async def timed(run: Runner, total: int, width: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one run."""
    start, cpu = time.perf_counter(), time.process_time()
    await run(total, width)
    return time.perf_counter() - start, time.process_time() - cpu


Figures = dict[str, dict[str, dict[str, float]]]


def pool(*middlewares: Any) -> aiohttp.ClientSession:
    """A raw aiohttp session with a pool as large as the SDK's (100)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100), middlewares=middlewares)


def sdk(base: str) -> ss.ScopeStackSession:
    """The SDK's session against the benchmark server."""
    return ss.ScopeStackSession(
        client_id="bench",
        client_secret="bench-secret",
        authenticator=ss.PasswordGrant(username="u", password="p"),
        auth_url=base,
        api_url=base,
    )


@contextlib.contextmanager
def server() -> Iterator[str]:
    """The benchmark server in its own process, for the block; its base URL."""
    proc, base = start_server()
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def bench(base: str, rounds: int, sequential: int, concurrent: int) -> Figures:
    token = await fetch_token(base)
    layers = sdk(base)
    separate_layers(layers)
    async with pool() as http, pool(_noop, _noop) as layered, sdk(base) as session, layers:
        raw = raw_runner(base, token)
        runners = {
            "raw aiohttp (fixed headers)": raw(http),
            "session.http (middlewares)": session_http_runner(session),
            "raw aiohttp + 2 no-op middlewares": raw(layered),
            "session.http, one aiohttp layer per middleware": session_http_runner(layers),
            "raw aiohttp + resp.json()": raw(http, parse=True),
            "session.request (+ parse)": session_request_runner(session),
        }
        runners["authlib (httpx) + resp.json()"], close_authlib = authlib_runner(base, token)
        figures: Figures = {}
        for label, total, width in (
            ("sequential", sequential, 1),
            ("64-way concurrent", concurrent, 64),
        ):
            figures[label] = await report(label, runners, total, width, rounds)
        await close_authlib()
    return figures


async def report(
    label: str, runners: dict[str, Runner], total: int, width: int, rounds: int
) -> dict[str, dict[str, float]]:
    for run in runners.values():  # warm up connections and caches
        await run(min(total, 200), width)
    times: dict[str, list[float]] = {name: [] for name in runners}
    cpu: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            wall, used = await timed(run, total, width)
            times[name].append(wall)
            cpu[name].append(used)
    print(f"\n{label}: {total} GETs, {width} at a time, {rounds} interleaved rounds")
    print("  (ratios: session.http against raw bytes; session.request and authlib against")
    print("   raw + json;")
    print("   'best' is the fastest round, robust to other load on the machine)")
    out: dict[str, dict[str, float]] = {name: {} for name in times}
    for stat in (min, statistics.median):
        raw = stat(times["raw aiohttp (fixed headers)"])
        parsed = stat(times["raw aiohttp + resp.json()"])
        which = "best" if stat is min else "median"
        print(f"  {which}:")
        for name, samples in times.items():
            value = stat(samples)
            base = parsed if _parses(name) else raw
            print(
                f"    {name:30s} {value:7.3f} s  {total / value:8.0f} req/s  "
                f"ratio {value / base:5.3f}"
            )
            out[name] |= {
                f"{which}_seconds": value,
                f"{which}_ratio": value / base,
                f"{which}_requests_per_s": total / value,
            }
    print("  median CPU time of the client process per request:")
    print("  (paired: the median over rounds of each round's ratio, which cancels drift)")
    for name, samples in cpu.items():
        value = statistics.median(samples)
        base_name = "raw aiohttp + resp.json()" if _parses(name) else "raw aiohttp (fixed headers)"
        ratio = value / statistics.median(cpu[base_name])
        paired = statistics.median(a / b for a, b in zip(samples, cpu[base_name], strict=True))
        print(
            f"    {name:30s} {value / total * 1e6:7.1f} us  ratio {ratio:5.3f}  paired {paired:5.3f}"
        )
        out[name] |= {
            "median_cpu_us": value / total * 1e6,
            "median_cpu_ratio": ratio,
            "paired_cpu_ratio": paired,
        }
    return out


def _parses(name: str) -> bool:
    return "json" in name or "request" in name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sequential", type=int, default=1500)
    parser.add_argument("--concurrent", type=int, default=4000)
    parser.add_argument("--json", help="also write the medians and ratios to this file")
    args = parser.parse_args()
    with server() as base:
        figures = asyncio.run(bench(base, args.rounds, args.sequential, args.concurrent))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
