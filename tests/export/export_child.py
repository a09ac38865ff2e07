"""Run one export in a child process (the SIGKILL test): settings from the environment.

Prints ``pages N`` after every page so the parent knows when to kill it.
"""

from __future__ import annotations

import asyncio
import os

import scopestack_async as ss
from scopestack_async.export import ExportProgress, Shard


def _progress(event: ExportProgress) -> None:
    print(f"pages {event.pages}", flush=True)


async def main() -> None:
    env = os.environ
    session = ss.ScopeStackSession(
        client_id=env["EXPORT_CLIENT_ID"],
        client_secret=env["EXPORT_CLIENT_SECRET"],
        authenticator=ss.PasswordGrant(
            username=env["EXPORT_USERNAME"], password=env["EXPORT_PASSWORD"]
        ),
        auth_url=env["EXPORT_AUTH_URL"],
        api_url=env["EXPORT_API_URL"],
        allow_insecure_http=True,
    )
    async with session:
        shard = env.get("EXPORT_SHARD")
        await session.export(
            "projects", env["EXPORT_OUT"], concurrency=2, page_size=100,
            checkpoint=env["EXPORT_CHECKPOINT"], progress=_progress,
            format=env.get("EXPORT_FORMAT", "jsonl"),
            shard=Shard.parse(shard) if shard else None,
        )  # fmt: skip
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
