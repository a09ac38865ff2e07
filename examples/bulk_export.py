"""Bulk export with progress: every project of the account to JSONL or CSV, resumable.

    python examples/bulk_export.py [--out projects.jsonl] [--format jsonl|csv] [--concurrency 8]

Settings come from SCOPESTACK_CLIENT_ID, SCOPESTACK_CLIENT_SECRET, SCOPESTACK_USERNAME,
SCOPESTACK_PASSWORD and optionally SCOPESTACK_AUTH_URL / SCOPESTACK_API_URL. Without them the
example starts the embedded sandbox with 10,000 projects. Interrupt it (Ctrl-C) and run it
again: the checkpoint next to the output makes it continue where it stopped.
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
        )
        return
    from scopestack_async.sandbox import Sandbox

    async with Sandbox(records=10_000) as sb:
        yield sb.session("service")  # the sandbox's service user, on its URLs


class Progress:
    """Prints a line at most every ``every`` seconds, and the last one."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.shown = -every

    def __call__(self, p: ss.ExportProgress) -> None:
        """Called by the export after each page is written."""
        done = p.pages_total is not None and p.pages >= p.pages_total
        if p.elapsed - self.shown < self.every and not done:
            return
        self.shown = p.elapsed
        total = f"/{p.pages_total}" if p.pages_total is not None else ""
        print(f"  pages {p.pages}{total}  records {p.records:,}  retries {p.retries}  "
              f"{p.records / max(p.elapsed, 1e-9):,.0f} records/s", flush=True)  # fmt: skip


async def main(argv: list[str] | None = None) -> ss.ExportResult:
    """Export the projects; returns what the export did."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="projects.jsonl")
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    async with connect() as session, session:
        me = await session.me()
        print(f"Exporting the projects of {me.account_slug!r} to {args.out}")
        result = await session.export(
            "projects",
            args.out,
            format=args.format,
            concurrency=args.concurrency,
            checkpoint=f"{args.out}.ckpt",  # deleted when the export completes
            progress=Progress(),
        )
    print(f"{result.records:,} records, {result.pages} pages, {result.retries} retries in "
          f"{result.seconds:.1f} s ({result.records_per_second:,.0f} records/s) -> {result.path}")  # fmt: skip
    return result


if __name__ == "__main__":
    asyncio.run(main())
