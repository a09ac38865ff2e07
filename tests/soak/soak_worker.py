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
import gc
import json
import os
import statistics
import sys
import threading
import time
import traceback
from collections import Counter, deque
from pathlib import Path
from typing import Any

import scopestack_async as ss

# The package loads each name on first use: a worker imports what it uses before it reports
# ready (and before gc.freeze), so no round pays for, or lags on, a first import.
from scopestack_async import (  # noqa: F401  # loaded here, used as ss.<name>
    FileTokenStore,
    PasswordGrant,
    RedisTokenStore,
    RetryPolicy,
    ScopeStackSession,
)
from scopestack_async.events import EventCounter, SessionEvent

LAG_INTERVAL = 0.005
LAG_LIMIT = 0.050
WRITE_GAP = 0.05


class RunQueueClock:
    """Seconds this process's threads spent runnable but waiting for a CPU (Linux ``schedstat``).

    A late wake-up has two causes: the loop was busy or blocked (a finding), or the operating
    system kept the process off both cores, as nine busy processes on a 2-core box will. That
    includes a helper thread descheduled while it holds the GIL (a first import runs in one):
    the loop thread then sleeps on the GIL, not in the run queue. The kernel counts the waiting
    per thread; subtracting the sum leaves the loop's own lag. A blocking call in the loop is
    sleeping, not waiting for a CPU: nothing of it is subtracted. Where the counters are
    missing, nothing is subtracted at all.
    """

    TASKS = Path("/proc/self/task")

    def __init__(self) -> None:
        self.available = (self.TASKS / str(threading.get_native_id()) / "schedstat").exists()

    def read(self) -> float:
        if not self.available:
            return 0.0
        waited = 0
        for tid in os.listdir(self.TASKS):
            try:
                waited += int((self.TASKS / tid / "schedstat").read_bytes().split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the thread ended between the listing and the read
        return waited / 1e9


class Watchdog:
    """Samples how late a short sleep wakes up, and how much of that the loop itself caused."""

    def __init__(self) -> None:
        self.samples = 0
        self.over = 0
        self.worst = 0.0
        self.own_over = 0
        self.own_worst = 0.0
        self.own_worst_at = 0.0  # seconds into the round
        self.when: list[float] = []  # seconds into the round of the first own lags over the limit
        self.lags: list[float] = []
        self.runqueue = RunQueueClock()

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        while not stop.is_set():
            started, queued = loop.time(), self.runqueue.read()
            await asyncio.sleep(LAG_INTERVAL)
            lag = loop.time() - started - LAG_INTERVAL
            own = lag - (self.runqueue.read() - queued)
            self.record(lag, own, loop.time() - start)

    def record(self, lag: float, own: float, at: float) -> None:
        self.samples += 1
        self.lags.append(lag)
        self.worst = max(self.worst, lag)
        if own > self.own_worst:
            self.own_worst, self.own_worst_at = own, round(at, 3)
        self.over += lag > LAG_LIMIT
        if own > LAG_LIMIT:
            self.own_over += 1
            if len(self.when) < 20:
                self.when.append(round(at, 3))

    def summary(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "over": self.over,
            "max": round(self.worst, 4),
            "own_over": self.own_over,
            "own_max": round(self.own_worst, 4),
            "own_max_at": self.own_worst_at,
            "runqueue_known": self.runqueue.available,
            "median": round(statistics.median(self.lags or [0.0]), 4),
            "when": self.when,
        }


class GcPauses:
    """The longest garbage collection of a round: a pause of the loop that no thread causes."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.longest = max(self.longest, time.perf_counter() - self._started)
        self.full += info["generation"] == 2


class Details:
    """A hook keeping the time of every invalid_grant, the retries by reason, the last events."""

    def __init__(self) -> None:
        self.invalid_grant_times: list[float] = []
        self.retry_reasons: Counter[str] = Counter()
        self.recent: deque[SessionEvent] = deque(maxlen=40)

    def trail(self) -> list[str]:
        """The last events, oldest first, for a failure's post-mortem."""
        return [
            f"{e.at:.3f} {e.kind} {e.outcome} {e.reason or ''} {e.status or ''} "
            f"{'' if e.seconds is None else round(e.seconds, 3)}".rstrip()
            for e in self.recent
        ]

    def __call__(self, event: SessionEvent) -> None:
        self.recent.append(event)
        # One per refused POST, as the server counts them (the refresh or authenticate event
        # above the same exchange carries the same outcome: counting both would say it twice).
        if event.kind == "token_request" and event.outcome == "invalid_grant":
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

    def __init__(self, spec: dict[str, Any], details: Details) -> None:
        self.spec = spec
        self.details = details
        self.deadline = time.monotonic() + spec["seconds"]
        self.exports: list[dict[str, Any]] = []
        self.writes: list[dict[str, Any]] = []
        self.failures: list[dict[str, Any]] = []

    def fail(self, op: str, exc: BaseException, **extra: Any) -> None:
        self.failures.append(failure(op, exc, trail=self.details.trail(), **extra))

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
                self.fail("export", exc, attempt=attempt)
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
                self.fail("write", exc, marker=marker)
                self.writes.append({"marker": marker, "ok": False, "type": type(exc).__name__})
            else:
                self.writes.append({"marker": marker, "ok": True, "id": created.id})
            await asyncio.sleep(WRITE_GAP)

    async def guarded(self, op: str, session: ss.ScopeStackSession) -> None:
        loop = self.export_loop if op == "export" else self.write_loop
        try:
            await loop(session)
        except Exception as exc:  # Anything escaping the loops is itself a finding.
            self.fail(op, exc, escaped=True)


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
    watchdog, stop, pauses = Watchdog(), asyncio.Event(), GcPauses()
    gc.callbacks.append(pauses)
    dog = asyncio.create_task(watchdog.run(stop))
    work = Round(spec, details)
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
    gc.callbacks.remove(pauses)
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
        "lag": watchdog.summary() | {"gc_max": round(pauses.longest, 4), "gc_full": pauses.full},
        "pending_tasks": [repr(t) for t in leftover],
    }


def main() -> None:
    # A long-running worker's start-up objects (modules, classes) never die: freezing them
    # keeps every full collection from walking them again (docs/workers.md recommends it).
    gc.freeze()
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            return
        result = asyncio.run(run_round(json.loads(line)))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
