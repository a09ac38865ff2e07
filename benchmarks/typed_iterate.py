"""Iterating typed projects vs untyped Resources over real HTTP, ratio in one run.

A static JSON:API server (its own process, pinned to another core where there are two)
serves pages of 100 ScopeStack-shaped projects (25 attributes: decimal strings, ISO
timestamps, a nested payment-info, tags; 12 relationships with self/related links) through
the OAuth + ``/v1/me`` routes a session needs. Each round walks every page once with
``session.resource("projects").iterate()`` and once with ``session.projects.iterate()``,
interleaved; medians and the ratio are printed.

    python benchmarks/typed_iterate.py [--pages 20] [--rounds 7] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import scopestack_async as ss

SERVER = r"""
import asyncio, sys, orjson
from aiohttp import web
PAGES = int(sys.argv[1])
B = "http://127.0.0.1"
RELS = ("account", "client", "rate-table", "payment-term", "sales-executive", "presales-engineer",
        "business-unit", "crm-opportunity", "project-services", "project-documents",
        "project-contacts", "project-locations")
def proj(i):
    return {"id": str(i), "type": "projects", "links": {"self": f"{B}/acme/v1/projects/{i}"},
      "attributes": {"project-name": f"Project {i}", "executive-summary": "Summary", "status": "won",
        "active": True, "msa-date": "2024-02-01", "service-start-date": None, "tag-list": ["network"],
        "project-variables": [], "travel-limit": "0.0", "client-name": "Acme 1",
        "presales-engineer-name": "Pat", "sales-executive-name": "Sam",
        "contract-revenue": "12345.0", "contract-cost": "7407.0", "contract-margin": "40.0",
        "one-time-adjustment": "0.0", "mrr-adjustment": "0.0", "recurring-billing-frequency": "monthly",
        "payment-info": {"pricing-model": "fixed_fee", "include-expenses": False,
                         "include-product": True, "rate-type": "hours"},
        "submitted-at": "2024-03-16T10:00:00.000Z", "approved-at": "2024-03-17T22:34:56.000Z",
        "created-at": "2024-03-01T09:30:00.000Z", "updated-at": "2024-03-18T22:34:56.000Z"},
      "relationships": {n: {"links": {"self": f"{B}/acme/v1/projects/{i}/relationships/{n}",
                                      "related": f"{B}/acme/v1/projects/{i}/{n}"}} for n in RELS}}
BODIES = {}
for p in range(1, PAGES + 1):
    doc = {"data": [proj((p - 1) * 100 + i) for i in range(100)],
           "meta": {"record-count": PAGES * 100, "page-count": PAGES}}
    BODIES[p] = orjson.dumps(doc)
ME = orjson.dumps({"data": {"type": "mes", "id": "1", "attributes": {"name": "A", "email": "a@x",
    "title": "", "phone": "", "account-id": 1, "account-slug": "acme"}}})
TOKEN = orjson.dumps({"access_token": "t", "token_type": "Bearer", "expires_in": 7200, "refresh_token": "r"})
J = "application/vnd.api+json"
async def token(r): await r.post(); return web.Response(body=TOKEN, content_type="application/json")
async def me(r): return web.Response(body=ME, content_type=J)
async def projects(r):
    return web.Response(body=BODIES[int(r.query.get("page[number]", "1"))], content_type=J)
async def main():
    app = web.Application()
    app.router.add_post("/oauth/token", token); app.router.add_get("/v1/me", me)
    app.router.add_get("/acme/v1/projects", projects)
    runner = web.AppRunner(app, access_log=None); await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0); await site.start()
    print("PORT", site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def start(pages: int) -> tuple[subprocess.Popen[str], str]:
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    pin = ["taskset", "-c", str(cpus[0])] if len(cpus) >= 2 and shutil.which("taskset") else []
    if pin:
        os.sched_setaffinity(0, cpus[1:])
    proc = subprocess.Popen(
        [*pin, sys.executable, "-c", SERVER, str(pages)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    return proc, f"http://127.0.0.1:{int(proc.stdout.readline().split()[1])}"


async def run(base: str, rounds: int, pages: int) -> dict[str, float]:
    session = ss.ScopeStackSession(
        client_id="bench",
        authenticator=ss.PasswordGrant(username="u", password="p"),
        auth_url=base,
        api_url=base,
        allow_insecure_http=True,
    )
    times: dict[str, list[float]] = {"untyped": [], "typed": []}
    async with session:
        untyped, typed = session.resource("projects"), session.projects

        async def walk(kind: str) -> None:
            start = time.perf_counter()
            client = untyped if kind == "untyped" else typed
            n = sum([1 async for _ in client.iterate(page_size=100)])
            assert n == pages * 100
            times[kind].append(time.perf_counter() - start)

        await walk("untyped")  # warm up: token, /v1/me, connections, plans
        await walk("typed")
        times = {"untyped": [], "typed": []}
        for _ in range(rounds):
            await walk("untyped")
            await walk("typed")
    med = {k: statistics.median(v) for k, v in times.items()}
    return {**med, "ratio": med["typed"] / med["untyped"]}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--pages", type=int, default=20)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--json", type=Path)
    a = p.parse_args()
    proc, base = start(a.pages)
    try:
        result = asyncio.run(run(base, a.rounds, a.pages))
    finally:
        proc.terminate()
        proc.wait()
    n = a.pages * 100
    print(f"{n} projects, {a.pages} pages of 100, median of {a.rounds} rounds")
    for kind in ("untyped", "typed"):
        print(
            f"  {kind:8} {result[kind] * 1e3:8.1f} ms  ({result[kind] / n * 1e6:6.1f} µs/project)"
        )
    print(f"  ratio typed/untyped: {result['ratio']:.2f}x (budget 1.5x)")
    if a.json:
        a.json.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
