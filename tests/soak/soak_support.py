"""The chaos soak's driver: one sandbox per seed, eight long-lived worker processes.

Four workers share a FileTokenStore (as the sandbox's ``admin``), four a RedisTokenStore (as
``service``). Every fault knob is on; one group's user is deactivated for a quarter of each
round and re-activated. The driver collects the workers' reports and the sandbox's own view
(stats, the projects that exist, the clients the writes created) into a ``SeedReport``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from scopestack_async.sandbox import Sandbox, SandboxConfig

WORKER = Path(__file__).with_name("soak_worker.py")
GROUPS = (("file", "admin"), ("redis", "service"))
WORKERS_PER_GROUP = 4
RECORDS = 120


def chaos_config(seed: int) -> SandboxConfig:
    """Every fault knob on; token lifetimes of 1-3 s; both rotation modes across seeds."""
    return SandboxConfig(
        records=RECORDS,
        seed=seed,
        token_ttl=float(1 + seed % 3),
        rotation="immediate" if seed % 2 == 0 else "on_use",
        early_expiry_rate=0.2,
        early_expiry_after=0.8,
        fault_rate=0.05,
        rate_limit_rate=0.03,
        retry_after=1,
        reset_rate=0.02,
        latency=0.001,
        jitter=0.01,
    )


@attrs.define
class SeedReport:
    """Everything one seed produced, for the assertions and for docs/reliability.md."""

    seed: int
    deactivated_group: str
    deactivated_at: float
    reactivated_at: float
    revoked: int
    workers: list[dict[str, Any]]
    stats: dict[str, Any]
    project_ids: list[str]
    created: Counter[str]
    exported: list[Counter[str]] = attrs.field(factory=list)


class Fleet:
    """The worker processes, started once and reused for every seed."""

    def __init__(self) -> None:
        self.procs: list[asyncio.subprocess.Process] = []

    async def start(self) -> None:
        for _ in range(len(GROUPS) * WORKERS_PER_GROUP):
            self.procs.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    str(WORKER),
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    # A worker's report is one JSON line; a long soak's exceeds the 64 KiB default.
                    limit=64 * 1024 * 1024,
                )
            )
        # Rounds start together only once every worker has imported the SDK.
        ready = await asyncio.wait_for(asyncio.gather(*map(self._read, self.procs)), 120)
        assert all(line.strip() == b"ready" for line in ready), ready

    async def run(self, specs: list[dict[str, Any]], timeout: float) -> list[dict[str, Any]]:
        for proc, spec in zip(self.procs, specs, strict=True):
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(spec).encode() + b"\n")
            await proc.stdin.drain()
        lines = await asyncio.wait_for(
            asyncio.gather(*(self._read(proc) for proc in self.procs)), timeout
        )
        return [json.loads(line) for line in lines]

    @staticmethod
    async def _read(proc: asyncio.subprocess.Process) -> bytes:
        assert proc.stdout is not None
        line = await proc.stdout.readline()
        if not line:
            raise RuntimeError(f"soak worker {proc.pid} exited with {await proc.wait()}")
        return line

    async def stop(self) -> None:
        for proc in self.procs:
            if proc.returncode is None and proc.stdin is not None:
                proc.stdin.write(b"quit\n")
                proc.stdin.close()
        for proc in self.procs:
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()


def worker_specs(
    sb: Sandbox, seed: int, seconds: float, redis_url: str, out: Path
) -> list[dict[str, Any]]:
    out.mkdir(parents=True)
    specs = []
    for kind, user_key in GROUPS:
        user = sb.users[user_key]
        store = (
            {"kind": "file", "path": str(out / "tokens.json")}
            if kind == "file"
            else {"kind": "redis", "url": redis_url, "prefix": f"soak:{seed}:"}
        )
        for _ in range(WORKERS_PER_GROUP):
            specs.append(
                {
                    "seed": seed,
                    "worker": len(specs),
                    "group": kind,
                    "seconds": seconds,
                    "out_dir": str(out),
                    "store": store,
                    "auth_url": sb.auth_url,
                    "api_url": sb.api_url,
                    "client_id": sb.client_id,
                    "client_secret": sb.client_secret,
                    "username": user.username,
                    "password": user.password,
                }
            )
    return specs


async def deactivate_for_a_while(sb: Sandbox, key: str, seconds: float) -> tuple[float, float, int]:
    """Deactivate ``key`` from 30% to 55% of the round: the instants, the tokens revoked.

    On a loaded machine the workers may not have logged in by 30%: wait (bounded, up to 60% of
    the round) until the user holds a live token, so the deactivation always cuts one."""
    await asyncio.sleep(seconds * 0.3)
    for _ in range(int(seconds * 0.3 / 0.02)):
        if sb.live_tokens(key):
            break
        await asyncio.sleep(0.02)
    off = time.time()
    revoked = sb.deactivate_user(key)
    await asyncio.sleep(seconds * 0.25)
    sb.reactivate_user(key)
    return off, time.time(), revoked


async def server_view(sb: Sandbox, seed: int) -> tuple[list[str], Counter[str]]:
    """With the faults off: every project id, and how often each write marker exists."""
    async with sb.session() as session:
        projects = [p.id async for p in session.resource("projects").iterate(page_size=1000)]
        clients = session.resource("clients").iterate(
            page_size=1000, filter={"name": f"soak-{seed}-"}
        )
        created = Counter([str(c.attributes["name"]) async for c in clients])
    return projects, created


async def run_seed(
    fleet: Fleet, seed: int, seconds: float, redis_url: str, out: Path
) -> SeedReport:
    """One seed: a fresh sandbox, one round on every worker, then the server's view."""
    deactivated_group, user_key = GROUPS[seed % 2]
    async with Sandbox(chaos_config(seed)) as sb:
        specs = worker_specs(sb, seed, seconds, redis_url, out)
        toggler = asyncio.create_task(deactivate_for_a_while(sb, user_key, seconds))
        workers = await fleet.run(specs, timeout=seconds + 120)
        off, on, revoked = await toggler
        stats = json.loads(json.dumps(sb.stats.as_dict()))
        sb.set_faults()
        project_ids, created = await server_view(sb, seed)
    return SeedReport(
        seed, deactivated_group, off, on, revoked, workers, stats, project_ids, created
    )


def load_exports(report: SeedReport) -> None:
    """Count the ids in every file the workers' completed exports wrote."""
    for worker in report.workers:
        for export in worker["exports"]:
            lines = Path(export["path"]).read_bytes().splitlines()
            report.exported.append(Counter(str(json.loads(line)["id"]) for line in lines))


async def soak(seeds: list[int], seconds: float, redis_url: str, tmp: Path) -> list[SeedReport]:
    """Run every seed on one fleet of workers."""
    fleet = Fleet()
    await fleet.start()
    try:
        return [await run_seed(fleet, s, seconds, redis_url, tmp / f"seed{s}") for s in seeds]
    finally:
        await fleet.stop()
