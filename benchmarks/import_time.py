"""How long importing scopestack_async and starting the ``scopestack`` CLI take, against peers.

    python benchmarks/import_time.py [--runs 15] [--cli-runs 10] [--json out.json]

Imports: each runs ``--runs`` times in a new ``python -c`` process, in alternating rounds; the
median wall time of the whole process is printed, minus that of an empty interpreter (``python -c pass``), with
the ratio to ``import aiohttp``. ``import scopestack_async`` alone loads nothing (every name
loads on first use), so the row that counts is ``from scopestack_async import
ScopeStackSession``: what a program pays before its first request (target: aiohttp + 50 ms).

CLI: ``scopestack --help`` and each command's ``--help``, whole-process wall time, median of
``--cli-runs`` rounds that alternate with ``python -c "import aiohttp"``; the ratio is to that
(target: 1.2x or less). No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

MODULES = {
    "scopestack_async": "from scopestack_async import ScopeStackSession",
    "scopestack_async (bare import)": "import scopestack_async",
    "aiohttp": "import aiohttp",
    "authlib + httpx": "import authlib.integrations.httpx_client",
    "scopestack_async + sandbox": "import scopestack_async.sandbox.app",
}
COMMANDS = ("", "login", "whoami", "get", "export", "logout", "demo", "sandbox")


def once(argv: list[str]) -> float:
    """Seconds for one run of ``argv`` (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def walls(codes: dict[str, str], runs: int) -> dict[str, float]:
    """Median seconds of ``python -c code`` for each code, over ``runs`` alternating rounds."""
    samples: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, code in codes.items():
            samples[name].append(once([sys.executable, "-c", code]))
    return {name: statistics.median(times) for name, times in samples.items()}


def cli_argv() -> list[str]:
    """The installed ``scopestack`` script next to this interpreter, else ``python -m``."""
    script = shutil.which("scopestack", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "scopestack_async.cli"]


def cli_figures(runs: int) -> dict[str, dict[str, float]]:
    """Median whole-process ms of each ``--help`` and of ``import aiohttp``, rounds alternating."""
    argvs = {"python -c 'import aiohttp'": [sys.executable, "-c", "import aiohttp"]}
    for name in COMMANDS:
        argvs[f"scopestack {name} --help".replace("  ", " ")] = [
            *cli_argv(),
            *([name] if name else []),
            "--help",
        ]
    samples: dict[str, list[float]] = {label: [] for label in argvs}
    for _ in range(runs):
        for label, argv in argvs.items():
            samples[label].append(once(argv))
    medians = {label: statistics.median(times) for label, times in samples.items()}
    base = medians["python -c 'import aiohttp'"]
    return {label: {"ms": m * 1000, "ratio": m / base} for label, m in medians.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cli-runs", type=int, default=10)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    medians = walls({"empty": "pass", **MODULES}, args.runs)
    empty = medians.pop("empty")
    figures = {name: max(seconds - empty, 0.0) for name, seconds in medians.items()}
    print(f"import time, median of {args.runs} alternating rounds of fresh processes, empty")
    print("interpreter subtracted")
    for name, seconds in figures.items():
        ratio = seconds / figures["aiohttp"]
        print(f"  {name:32s} {seconds * 1000:7.1f} ms  {ratio:5.2f}x aiohttp")
    extra = (figures["scopestack_async"] - figures["aiohttp"]) * 1000
    print(f"  ScopeStackSession costs aiohttp + {extra:.1f} ms")
    cli = cli_figures(args.cli_runs)
    print(f"\nCLI start-up, whole process, median of {args.cli_runs} alternating rounds")
    for label, row in cli.items():
        print(f"  {label:32s} {row['ms']:7.1f} ms  {row['ratio']:5.2f}x import aiohttp")
    if args.json:
        ms = {k: v * 1000 for k, v in figures.items()}
        Path(args.json).write_text(json.dumps({"ms": ms, "cli": cli}, indent=2))


if __name__ == "__main__":
    main()
