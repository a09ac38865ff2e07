"""How long ``import scopestack_async`` takes in a fresh interpreter, against its peers.

    python benchmarks/import_time.py [--runs 15] [--json out.json]

Each import runs ``--runs`` times in a new ``python -c`` process; the median wall time of
the whole process is printed, minus that of an empty interpreter (``python -c pass``), with
the ratio to ``import aiohttp``. No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

MODULES = {
    "scopestack_async": "import scopestack_async",
    "aiohttp": "import aiohttp",
    "authlib + httpx": "import authlib.integrations.httpx_client",
    "scopestack_async + sandbox": "import scopestack_async.sandbox.app",
}


def wall(code: str, runs: int) -> float:
    """Median seconds for ``python -c code`` over ``runs`` fresh processes."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    empty = wall("pass", args.runs)
    figures = {name: max(wall(code, args.runs) - empty, 0.0) for name, code in MODULES.items()}
    print(f"import time, median of {args.runs} fresh processes, empty interpreter subtracted")
    for name, seconds in figures.items():
        ratio = seconds / figures["aiohttp"]
        print(f"  {name:28s} {seconds * 1000:7.1f} ms  {ratio:5.2f}x aiohttp")
    if args.json:
        Path(args.json).write_text(json.dumps({"ms": {k: v * 1000 for k, v in figures.items()}}))


if __name__ == "__main__":
    main()
