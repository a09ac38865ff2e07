"""Where the SDK's microseconds go on one successful request, without the network.

    python benchmarks/request_profile.py [--number 50000] [--processes 5] [--json out.json]

CPU time per call (best of 7 repeats in each of several fresh processes, then the median
across them), with no I/O: the middleware chain is driven with a handler that answers at
once, so what is measured is the SDK's own work and aiohttp's cost of a middleware layer;
the parse rows compare ``parse_document`` on the overhead benchmark's
document with what ``resp.json()`` does after the read (strip, decode, ``json.loads``).
"Two aiohttp layers" is the session's two middlewares installed one layer each, as before
they were composed (``scopestack_async/_chain.py``), to show what composing saves.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
from _bench_server import DOC
from aiohttp import ClientRequest, ClientResponse
from aiohttp.client_middlewares import build_client_middlewares
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

import scopestack_async as ss
from scopestack_async.jsonapi.document import parse_document

Handler = Callable[[Any], Awaitable[Any]]


class _Content:
    """A body that came whole with the headers, as a small answer does."""

    @staticmethod
    def is_eof() -> bool:
        return True


class _Answer:
    """Just enough of a ClientResponse for the middlewares' success path."""

    content = _Content()

    status = 200
    headers = CIMultiDictProxy(CIMultiDict({"Content-Type": "application/vnd.api+json"}))
    content_length = len(DOC)
    _body = None  # never marked as read, so every call reads as a first reader does

    async def read(self) -> bytes:
        return DOC

    def close(self) -> None:
        """Nothing to close."""


_ANSWER = _Answer()


async def _handler(req: ClientRequest) -> ClientResponse:
    return _ANSWER  # type: ignore[return-value]  # a stand-in with the members read


def _noop() -> Any:
    async def middleware(req: ClientRequest, handler: Handler) -> Any:
        return await handler(req)

    return middleware


def _chain_cost(req: ClientRequest, middlewares: Sequence[Any]) -> Callable[[], None]:
    def one() -> None:
        send = build_client_middlewares(_handler, middlewares) if middlewares else _handler
        with contextlib.suppress(StopIteration):  # the coroutine finishes without waiting
            send(req).send(None)

    return one


def _us(fn: Callable[[], object], number: int) -> float:
    runs = timeit.repeat(fn, number=number, repeat=7, timer=time.process_time)
    return min(runs) / number * 1e6


def _session_chain(
    loop: asyncio.AbstractEventLoop,
) -> tuple[ClientRequest, tuple[Any, ...], tuple[Any, ...]]:
    session = ss.ScopeStackSession(
        client_id="bench",
        authenticator=ss.PasswordGrant(username="u", password="p"),
        auth_url="http://127.0.0.1:8000",
        api_url="http://127.0.0.1:8000",
    )
    now = time.time()
    token = ss.Token.from_response(
        {"access_token": "a" * 43, "token_type": "Bearer", "expires_in": 7200}, received_at=now
    )
    manager = session.tokens
    # A current token, as after the first request: the hot path never waits for one.
    manager._token, manager._early_at, manager._late_at = token, now + 3600, now + 7000
    url = URL("http://127.0.0.1:8000/acme/v1/clients/42")
    req = ClientRequest("GET", url, loop=loop, headers=CIMultiDict({"Accept": "*/*"}))
    # What the session hands aiohttp (its relays composed), and the same parts one layer each.
    return req, session._middlewares.installed(), session._middlewares()


def measure(number: int) -> dict[str, float]:
    """µs of CPU per call for each row."""
    loop = asyncio.new_event_loop()
    try:
        req, chain, parts = _session_chain(loop)
        retry, auth = parts
        rows = {
            "no middleware (aiohttp's handler call)": _chain_cost(req, ()),
            "one no-op middleware": _chain_cost(req, (_noop(),)),
            "two no-op middlewares": _chain_cost(req, (_noop(), _noop())),
            "retry middleware alone": _chain_cost(req, (retry,)),
            "auth middleware alone": _chain_cost(req, (auth,)),
            "the session's chain (retry -> auth, one aiohttp layer)": _chain_cost(req, chain),
            "retry and auth as two aiohttp layers": _chain_cost(req, parts),
            "orjson.loads": lambda: orjson.loads(DOC),
            "resp.json() after the read (strip, decode, json.loads)": lambda: json.loads(
                DOC.strip().decode("utf-8")
            ),
            "parse_document": lambda: parse_document(DOC),
            "parse_document + read data": lambda: parse_document(DOC).data,
        }
        return {name: _us(fn, number) for name, fn in rows.items()}
    finally:
        loop.close()


def across_processes(number: int, processes: int) -> dict[str, float]:
    """The median over ``processes`` fresh interpreters, each with its own hash seed.

    A row's figure depends on the process: with some string-hash seeds the same auth
    middleware measured ~1 µs slower in every repeat (memory layout, not the code), so one
    process can mislead where the median of several does not.
    """
    runs: list[dict[str, float]] = []
    for seed in range(processes):
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        out = subprocess.run(
            [sys.executable, __file__, "--number", str(number), "--one-process"],
            env=env, capture_output=True, text=True, check=True, timeout=600,
        )  # fmt: skip
        runs.append(json.loads(out.stdout))
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--number", type=int, default=50_000, help="calls per repeat")
    parser.add_argument("--processes", type=int, default=5, help="fresh interpreters")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--one-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_process:
        print(json.dumps(measure(args.number)))
        return
    figures = across_processes(args.number, args.processes)
    print(
        f"CPU µs per call, median of {args.processes} processes (hash seeds 0-"
        f"{args.processes - 1}), each the best of 7 repeats (no I/O)"
    )
    for name, us in figures.items():
        print(f"  {name:56s} {us:6.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"us": figures}, indent=2))


if __name__ == "__main__":
    main()
