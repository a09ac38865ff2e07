"""Instructions per request of the SDK against raw aiohttp, counted by valgrind.

    python benchmarks/request_instructions.py [--requests 2000] [--repeat 1]
                                              [--baseline TREE] [--json out.json]

Wall and CPU time on a small shared machine move by ±10% from run to run, more than one
middleware costs. An instruction count does not: each client runs in its own process under
``valgrind --tool=callgrind`` against the overhead benchmark's server (another process, on
another core where there are two), once with a short warm-up run of requests and once with
``--requests`` more; the difference divided by ``--requests`` is the client's instructions per
request, start-up and imports cancelled out. Under valgrind the client is the slow side, so
every wake-up finds the server's answers waiting, as in the 64-way wall-time run where the
client is the bottleneck.

Rows: raw aiohttp with fixed headers (the baseline of ``session.http``), raw aiohttp with two
no-op middlewares (aiohttp's own cost of two layers), raw aiohttp + ``resp.json()`` (the
baseline of ``session.request``), ``session.http`` and ``session.request``, each 64 at a time
and one at a time. ``--baseline TREE`` adds the two SDK rows run from another checkout of the
package (``git worktree add /tmp/old <commit>``), in the same run against the same server.
Needs valgrind (Debian's package of that name).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WARM_UP = 300
WIDTHS = {"64-way concurrent": 64, "sequential": 1}
ONE_COROUTINE = "floor of the proposal: retry + auth in one coroutine"
CLIENTS = (
    "raw aiohttp (fixed headers)",
    "raw aiohttp + 1 no-op middleware",
    "raw aiohttp + 2 no-op middlewares",
    "session.http (middlewares)",
    "raw aiohttp + resp.json()",
    "session.request (+ parse)",
    ONE_COROUTINE,
)
SDK_CLIENTS = ("session.http (middlewares)", "session.request (+ parse)")


def baseline_of(client: str) -> str:
    """The raw row a client's ratio is taken against."""
    parses = "json" in client or "request" in client
    return "raw aiohttp + resp.json()" if parses else "raw aiohttp (fixed headers)"


# -- the child: one client, one count of requests -------------------------------------------


async def _child(client: str, count: int, width: int, base: str) -> None:
    import overhead

    token = await overhead.fetch_token(base)
    pool = overhead.pool
    session, floor = overhead.sdk(base), overhead.sdk(base)
    floor._middlewares = _FloorChain(floor, floor._middlewares)  # type: ignore[assignment]
    async with (
        pool() as http,
        pool(overhead._noop) as one_layer,
        pool(overhead._noop, overhead._noop) as layered,
        session,
        floor,
    ):
        raw = overhead.raw_runner(base, token)
        run = {
            "raw aiohttp (fixed headers)": lambda: raw(http),
            "raw aiohttp + 1 no-op middleware": lambda: raw(one_layer),
            "raw aiohttp + 2 no-op middlewares": lambda: raw(layered),
            "raw aiohttp + resp.json()": lambda: raw(http, parse=True),
            "session.http (middlewares)": lambda: overhead.session_http_runner(session),
            "session.request (+ parse)": lambda: overhead.session_request_runner(session),
            ONE_COROUTINE: lambda: overhead.session_http_runner(floor),
        }[client]()
        await run(WARM_UP, width)  # connections, the token, every first-use import
        if count:
            await run(count, width)


class OneCoroutineFloor:
    """The floor of the proposal, measured (not a working middleware): retry's and auth's
    success-path work in one coroutine, every other case handed to the session's real chain
    before anything is sent. A refused or failed request is not handled here, so the figure is
    only what the success path would cost."""

    def __init__(self, session: Any, chain: Any) -> None:
        from scopestack_async._body import read_body
        from scopestack_async._core.urls import origin
        from scopestack_async.auth.middleware import _set_media_types
        from scopestack_async.retry import _buffers

        self._read_body, self._set_media_types, self._buffers = (
            read_body,
            _set_media_types,
            _buffers,
        )
        self._chain = chain.installed()[0]
        self._retry, self._auth = chain()
        self._manager = session.tokens
        self._origin = origin
        self._api = origin(session.api_url)

    async def __call__(self, req: Any, handler: Any) -> Any:
        retry = self._retry
        start = retry._clock()  # what the retry deadline needs, as in the real chain
        token = self._manager.fresh_token()
        paused = retry._local_gate is None or retry._local_gate.paused_until > start
        if token is None or paused or self._origin(req.url) != self._api:
            return await self._chain(req, handler)
        self._set_media_types(req)
        req.headers["Authorization"] = token.authorization
        retry.attempts += 1
        resp = await handler(req)
        if self._buffers(req, resp):
            await self._read_body(resp)
        assert resp.status < 400, "the floor measures successes only"
        return resp


class _FloorChain:
    """Stands in for the session's chain builder: aiohttp gets the one-coroutine floor."""

    def __init__(self, session: Any, chain: Any) -> None:
        self._session, self._chain = session, chain

    def __call__(self) -> tuple[Any, ...]:
        return self._chain()  # type: ignore[no-any-return]

    def installed(self) -> tuple[Any, ...]:
        return (OneCoroutineFloor(self._session, self._chain),)


# -- the parent: count each child's instructions ----------------------------------------------


def _instructions(client: str, count: int, width: int, base: str, tree: Path) -> int:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tree), str(HERE)]))
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    pin = ["taskset", "-c", str(cpus[-1])] if len(cpus) >= 2 and shutil.which("taskset") else []
    command = [
        *pin, "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--child", client, str(count), str(width), base,
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{client}: valgrind run failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_request(client: str, count: int, width: int, base: str, tree: Path) -> float:
    """The client's instructions per request beyond its warm-up."""
    short = _instructions(client, 0, width, base, tree)
    long = _instructions(client, count, width, base, tree)
    return (long - short) / count


Figures = dict[str, dict[str, dict[str, float]]]


def measure(base: str, count: int, repeat: int, baseline: Path | None) -> Figures:
    rows = [(name, ROOT, name) for name in CLIENTS]
    if baseline is not None:
        rows += [(f"{name} [baseline tree]", baseline, name) for name in SDK_CLIENTS]
    figures: Figures = {}
    for label, width in WIDTHS.items():
        counts: dict[str, list[float]] = {row[0]: [] for row in rows}
        for _ in range(repeat):
            for name, tree, client in rows:
                counts[name].append(per_request(client, count, width, base, tree))
        print(f"\n{label}: {count} GETs, {width} at a time, instructions per request")
        figures[label] = {}
        for name, _tree, client in rows:
            value = min(counts[name])
            against = min(counts[baseline_of(client)])
            spread = max(counts[name]) / value - 1
            print(
                f"  {name:48s} {value:9,.0f}  ratio {value / against:5.3f}"
                + (f"  (spread {spread:.1%} over {repeat})" if repeat > 1 else "")
            )
            figures[label][name] = {"instructions": value, "ratio": value / against}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="another checkout to measure beside")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        client, count, width, base = args.child
        asyncio.run(_child(client, int(count), int(width), base))
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    sys.path.insert(0, str(HERE))
    import overhead

    with overhead.server() as base:
        figures = measure(base, args.requests, args.repeat, args.baseline)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
