"""How long the sandbox takes to seed and start, and how much memory its world holds.

Each size runs in a fresh interpreter: ``Sandbox(records=N)`` is started (generation runs
in a thread, as always) and stopped; the figures are the start time and the growth of the
process's resident memory. Run it side by side with an older checkout through PYTHONPATH.

    .venv/bin/python benchmarks/sandbox_seed.py [--records 10000 100000] [--json F]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import asyncio, json, os, sys, time

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

from scopestack_async.sandbox import Sandbox
import scopestack_async.sandbox.app, scopestack_async.sandbox.api  # imports outside the timing

async def main(records):
    before = rss()
    started = time.perf_counter()
    sb = Sandbox(records=records)
    await sb.start()
    seconds = time.perf_counter() - started
    grown = rss() - before
    projects = sb.project_count()
    await sb.stop()
    print(json.dumps({"records": records, "start_s": seconds, "mib": grown, "projects": projects}))

asyncio.run(main(int(sys.argv[1])))
"""


def measure(records: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(records)], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    rows = [measure(n) for n in args.records]
    for row in rows:
        print(
            f"records={row['records']:>7,}: started in {row['start_s']:.2f} s, "
            f"world {row['mib']:.0f} MiB resident"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
