"""Polling for changes: projects updated since the last run, every page, each change once.

    python examples/typed_changes.py [WATERMARK_FILE]

The watermark (a timestamp plus the id@timestamp keys seen at it) is saved after each run;
the next run starts there. Correct whatever the server does with the date filter: applies
it, applies it by day, ignores it or refuses it (the sandbox's ``date_filters`` knob).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

from scopestack_async.resources import Watermark
from scopestack_async.sandbox import Sandbox


async def main(argv: list[str] | None = None) -> list[int]:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path(tempfile.mkdtemp()) / "projects.watermark"
    counts = []
    async with Sandbox(records=120) as sandbox, sandbox.session() as session:
        start = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
        for run in range(3):
            since = Watermark.parse(path.read_text()) if path.exists() else start
            feed = session.projects.changes(since=since, page_size=50)
            changed = [p async for p in feed]
            path.write_text(str(feed.watermark))
            counts.append(len(changed))
            print(f"run {run + 1}: {len(changed)} changed projects, watermark {feed.watermark.at}")
            if run == 1:
                await session.projects.update(changed[0] if changed else "1", {"status": "won"})
    return counts


if __name__ == "__main__":
    asyncio.run(main())
