"""A worker pipeline with the password grant: a producer lists projects, workers read each
project's services, all through one session (one token, one refresh, one connection pool).

    python examples/password_worker.py [--limit 50] [--workers 4]

Settings come from SCOPESTACK_CLIENT_ID, SCOPESTACK_CLIENT_SECRET, SCOPESTACK_USERNAME,
SCOPESTACK_PASSWORD and optionally SCOPESTACK_AUTH_URL / SCOPESTACK_API_URL. Without them the
example starts the embedded sandbox and logs in as its service user.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
from collections.abc import AsyncIterator

import scopestack_async as ss


@contextlib.asynccontextmanager
async def connect() -> AsyncIterator[ss.ScopeStackSession]:
    """A session from the SCOPESTACK_* environment, else against an embedded sandbox."""
    env = os.environ
    if "SCOPESTACK_CLIENT_ID" in env:
        yield ss.ScopeStackSession(
            client_id=env["SCOPESTACK_CLIENT_ID"],
            client_secret=env.get("SCOPESTACK_CLIENT_SECRET"),
            authenticator=ss.PasswordGrant(
                username=env["SCOPESTACK_USERNAME"], password=env["SCOPESTACK_PASSWORD"]
            ),
            auth_url=env.get("SCOPESTACK_AUTH_URL", "https://app.scopestack.io"),
            api_url=env.get("SCOPESTACK_API_URL", "https://api.scopestack.io"),
            limits=ss.Limits(concurrency=8),  # be gentle with the API, however many workers
        )
        return
    from scopestack_async.sandbox import Sandbox

    async with Sandbox(records=200) as sb:
        yield sb.session("service", limits=ss.Limits(concurrency=8))  # its service user


async def produce(session: ss.ScopeStackSession, queue: asyncio.Queue[str | None],
                  limit: int, workers: int) -> None:  # fmt: skip
    """Put project ids on the queue, then one ``None`` per worker to stop it."""
    async for project in session.resource("projects").iterate(page_size=100, limit=limit):
        await queue.put(project.id)
    for _ in range(workers):
        await queue.put(None)


async def work(session: ss.ScopeStackSession, queue: asyncio.Queue[str | None],
               totals: dict[str, int]) -> None:  # fmt: skip
    """Count each project's services until the stop marker arrives."""
    projects = session.resource("projects")
    while (project_id := await queue.get()) is not None:
        page = await projects.related(project_id, "project-services")
        totals[project_id] = len(page.data)


async def main(argv: list[str] | None = None) -> dict[str, int]:
    """Run the pipeline; returns the number of services of each project read."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=50, help="projects to read")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    totals: dict[str, int] = {}
    async with connect() as session, session:
        me = await session.me()
        print(f"Working as {me.name} <{me.email}> in account {me.account_slug!r}")
        queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=2 * args.workers)
        await asyncio.gather(
            produce(session, queue, args.limit, args.workers),
            *(work(session, queue, totals) for _ in range(args.workers)),
        )
        stats = session.tokens.stats
        print(f"Read {len(totals)} projects ({sum(totals.values())} services) with "
              f"{args.workers} workers: {stats.authentications} login(s), "
              f"{stats.refreshes} refresh(es), {session.retries} retries")  # fmt: skip
    return totals


if __name__ == "__main__":
    asyncio.run(main())
