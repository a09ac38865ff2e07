"""A chaos-soak worker process (run as a script by test_soak_chaos.py, never collected).

It reads one JSON round per stdin line and answers one JSON line per round; ``quit`` ends it.
A round opens a ScopeStackSession on a shared token store (file or Redis) and, until its
deadline, exports ``projects`` (resuming from the checkpoint after a failure) and creates
``clients`` named by a unique marker, while a watchdog samples the event loop's lag. It
reports what it exported, every write's outcome, every failure that reached it (type, message,
time), the hook's event counts and the lag samples' summary.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import scopestack_async as ss
from scopestack_async.events import EventCounter, SessionEvent

LAG_INTERVAL = 0.005
LAG_LIMIT = 0.050
WRITE_GAP = 0.05


class Watchdog:
    """Samples how late a short sleep wakes up: the time the loop was blocked."""

    def __init__(self) -> None:
        self.samples = 0
        self.over = 0
        self.worst = 0.0
        self.when: list[float] = []  # seconds into the round of the first lags over the limit
        self.lags: list[float] = []

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        while not stop.is_set():
            started = loop.time()
            await asyncio.sleep(LAG_INTERVAL)
            lag = loop.time() - started - LAG_INTERVAL
            self.samples += 1
            self.lags.append(lag)
            if lag > LAG_LIMIT:
                self.over += 1
                if len(self.when) < 20:
                    self.when.append(round(loop.time() - start, 3))
            self.worst = max(self.worst, lag)

    def summary(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "over": self.over,
            "max": round(self.worst, 4),
            "median": round(statistics.median(self.lags or [0.0]), 4),
            "when": self.when,
        }


class Details:
    """A hook keeping the time of every invalid_grant, and the retries by reason."""

    def __init__(self) -> None:
        self.invalid_grant_times: list[float] = []
        self.retry_reasons: Counter[str] = Counter()

    def __call__(self, event: SessionEvent) -> None:
        if event.outcome == "invalid_grant":
            self.invalid_grant_times.append(event.at)
        if event.kind == "retry":
            self.retry_reasons[event.reason or ""] += 1


def failure(op: str, exc: BaseException, **extra: Any) -> dict[str, Any]:
    """What the caller saw: type, message, repr, whether typed, and when."""
    return {
        "op": op,
        "type": type(exc).__name__,
        "typed": isinstance(exc, ss.ScopeStackError),
        "message": str(exc),
        "repr": repr(exc),
        "sent": getattr(exc, "sent", None),
        "status": getattr(exc, "status", None),
        "at": time.time(),
        "trace": "" if isinstance(exc, ss.ScopeStackError) else traceback.format_exc(),
        **extra,
    }


def make_store(spec: dict[str, Any]) -> ss.TokenStore:
    if spec["kind"] == "file":
        return ss.FileTokenStore(spec["path"])
    return ss.RedisTokenStore(spec["url"], prefix=spec["prefix"])


class Round:
    """One round of exports and writes against the sandbox."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.deadline = time.monotonic() + spec["seconds"]
        self.exports: list[dict[str, Any]] = []
        self.writes: list[dict[str, Any]] = []
        self.failures: list[dict[str, Any]] = []

    async def export_loop(self, session: ss.ScopeStackSession) -> None:
        out_dir = Path(self.spec["out_dir"])
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            path = out_dir / f"w{self.spec['worker']}-e{n}.jsonl"
            checkpoint = out_dir / f"w{self.spec['worker']}-e{n}.ckpt"
            await self.one_export(session, path, checkpoint)

    async def one_export(self, session: ss.ScopeStackSession, path: Path, checkpoint: Path) -> None:
        # A failed export resumes from its checkpoint, as `scopestack export --resume` would.
        for attempt in range(1, 40):
            try:
                result = await session.export(
                    "projects", path, page_size=20, concurrency=3, checkpoint=checkpoint
                )
            except Exception as exc:
                self.failures.append(failure("export", exc, attempt=attempt))
                if not isinstance(exc, ss.ScopeStackError):
                    return
                await asyncio.sleep(0.05)
                if time.monotonic() > self.deadline + 20:
                    return
                continue
            self.exports.append(
                {
                    "path": str(path),
                    "records": result.records,
                    "duplicates": result.duplicates,
                    "resumed_pages": result.resumed_pages,
                    "attempts": attempt,
                }
            )
            return

    async def write_loop(self, session: ss.ScopeStackSession) -> None:
        clients = session.resource("clients")
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            marker = f"soak-{self.spec['seed']}-w{self.spec['worker']}-{n}"
            try:
                created = await clients.create({"name": marker})
            except Exception as exc:
                self.failures.append(failure("write", exc, marker=marker))
                self.writes.append({"marker": marker, "ok": False, "type": type(exc).__name__})
            else:
                self.writes.append({"marker": marker, "ok": True, "id": created.id})
            await asyncio.sleep(WRITE_GAP)

    async def guarded(self, op: str, session: ss.ScopeStackSession) -> None:
        loop = self.export_loop if op == "export" else self.write_loop
        try:
            await loop(session)
        except Exception as exc:  # Anything escaping the loops is itself a finding.
            self.failures.append(failure(op, exc, escaped=True))


async def run_round(spec: dict[str, Any]) -> dict[str, Any]:
    counter = EventCounter(keep=0)
    details = Details()
    store = make_store(spec["store"])
    session = ss.ScopeStackSession(
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        authenticator=ss.PasswordGrant(username=spec["username"], password=spec["password"]),
        auth_url=spec["auth_url"],
        api_url=spec["api_url"],
        token_store=store,
        allow_insecure_http=True,
        retry=ss.RetryPolicy(max_attempts=5, backoff_base=0.02, backoff_cap=0.2, deadline=30),
        hooks=[counter, details],
    )
    if os.environ.get("SOAK_DEBUG_LOOP"):  # Name the callbacks that block (exploration only).
        asyncio.get_running_loop().set_debug(True)
        asyncio.get_running_loop().slow_callback_duration = LAG_LIMIT
    watchdog, stop = Watchdog(), asyncio.Event()
    dog = asyncio.create_task(watchdog.run(stop))
    work = Round(spec)
    try:
        async with session:
            await asyncio.gather(work.guarded("export", session), work.guarded("write", session))
    except Exception as exc:
        work.failures.append(failure("session", exc, escaped=True))
    finally:
        if isinstance(store, ss.RedisTokenStore):
            await store.aclose()
    stop.set()
    await dog
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    return {
        "worker": spec["worker"],
        "group": spec["group"],
        "exports": work.exports,
        "writes": work.writes,
        "failures": work.failures,
        "events": counter.as_dict(),
        "invalid_grant_times": details.invalid_grant_times,
        "retry_reasons": dict(details.retry_reasons),
        "lag": watchdog.summary(),
        "pending_tasks": [repr(t) for t in leftover],
    }


def main() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            return
        result = asyncio.run(run_round(json.loads(line)))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
