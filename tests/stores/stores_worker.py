"""Worker processes for the token store tests (run as a script, never collected).

stores_worker.py count <store-spec-json> <iterations>
    increment the counter kept in the store under its lock, ``iterations`` times
stores_worker.py fleet <store-spec-json> <server-url> <seconds> <concurrency>
    open a ScopeStackSession on the store and keep ``concurrency`` request loops busy
    for ``seconds``; prints a JSON summary of successes and failures
stores_worker.py fork-server <store-spec-json>
    read commands from stdin: ``spawn`` forks a child writing tokens in a tight loop
    (prints ``pid N``; the child prints ``ready N`` after its first write), ``reap N``
    waits for a killed child (prints ``reaped N <signal>``), ``quit`` exits
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from typing import Any

from scopestack_async._core.tokens import Token
from scopestack_async.stores import (
    FileTokenStore,
    KeyringTokenStore,
    RedisTokenStore,
    TokenStore,
)
from scopestack_async.testing import sample_token

COUNTER_KEY = "worker:counter"
CRASH_KEY = "worker:crash"


def make_store(spec: dict[str, Any]) -> TokenStore:
    """A store from a JSON spec made by the test."""
    if spec["kind"] == "file":
        return FileTokenStore(spec["path"])
    if spec["kind"] == "keyring":
        from keyrings.alt.file import PlaintextKeyring

        backend = PlaintextKeyring()
        backend.file_path = spec["path"]
        return KeyringTokenStore(
            spec["service"], keyring_backend=backend, lock_dir=spec["lock_dir"]
        )
    return RedisTokenStore(spec["url"], prefix=spec["prefix"])


def counter_token(n: int) -> Token:
    """The counter's value ``n`` as a token."""
    return Token(access_token=str(n), expires_in=60.0, created_at=0.0)


async def count(store: TokenStore, iterations: int) -> int:
    """Read-increment-write the counter under the store's lock; the in-lock overlaps seen."""
    for _ in range(iterations):
        async with store.lock(COUNTER_KEY):
            token = await store.get(COUNTER_KEY)
            value = 0 if token is None else int(token.access_token)
            await asyncio.sleep(0.001)  # widen the window a broken lock would let a peer in
            await store.set(COUNTER_KEY, counter_token(value + 1))
    return iterations


async def run_count(spec: dict[str, Any], iterations: int) -> None:
    store = make_store(spec)
    try:
        print(await count(store, iterations))
    finally:
        if isinstance(store, RedisTokenStore):
            await store.aclose()


async def write_forever(spec: dict[str, Any]) -> None:
    """Write ever-newer complete tokens until killed (bounded as a safety net)."""
    store = make_store(spec)
    current = await store.get(CRASH_KEY)
    n = 0 if current is None else int(current.access_token.split("-")[1])
    for step in range(1, 1_000_000):
        await store.set(CRASH_KEY, sample_token(n + step, size=3000))
        if step == 1:
            print(f"ready {os.getpid()}", flush=True)


async def fleet(spec: dict[str, Any], server: str, seconds: float, concurrency: int) -> None:
    import scopestack_async as ss

    store = make_store(spec)
    result: dict[str, Any] = {"ok": 0, "failed": 0, "errors": []}
    grant = ss.PasswordGrant(username="svc@example.com", password="fleet-password")

    async def loop(session: Any, until: float) -> None:
        while time.monotonic() < until:
            try:
                async with session.http.get(session.url("/v1/me")) as response:
                    await response.read()
                    good = response.status == 200
                    problem = f"HTTP {response.status}"
            except Exception as exc:  # every failure is counted and reported, none hidden
                good, problem = False, f"{type(exc).__name__}: {exc}"
            result["ok" if good else "failed"] += 1
            if not good and len(result["errors"]) < 5:
                result["errors"].append(problem)

    async with ss.ScopeStackSession(
        client_id="fleet-client",
        client_secret="fleet-secret",
        authenticator=grant,
        token_store=store,
        auth_url=server,
        api_url=server,
    ) as session:
        until = time.monotonic() + seconds
        await asyncio.gather(*(loop(session, until) for _ in range(concurrency)))
        stats = session.tokens.stats
        result["refreshes"], result["adopted"] = stats.refreshes, stats.adopted_from_store
        result["authentications"] = stats.authentications
    if isinstance(store, RedisTokenStore):
        await store.aclose()
    print(json.dumps(result))


def fork_server(spec: dict[str, Any]) -> None:
    for line in sys.stdin:
        command, *args = line.split()
        if command == "spawn":
            pid = os.fork()
            if pid == 0:
                asyncio.run(write_forever(spec))
                os._exit(0)
            print(f"pid {pid}", flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            print(f"reaped {args[0]} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0}")
            sys.stdout.flush()
        else:
            return


def main() -> None:
    mode, spec = sys.argv[1], json.loads(sys.argv[2])
    if mode == "count":
        asyncio.run(run_count(spec, int(sys.argv[3])))
    elif mode == "fleet":
        asyncio.run(fleet(spec, sys.argv[3], float(sys.argv[4]), int(sys.argv[5])))
    else:
        fork_server(spec)


if __name__ == "__main__":
    main()
