"""How long importing scopestack_async and starting the ``scopestack`` CLI take, against peers.

    python benchmarks/import_time.py [--runs 15] [--cli-runs 10] [--json out.json]

Every child runs in this checkout's root with it first on ``PYTHONPATH``, so ``python -c``
and the ``scopestack`` script import this checkout's package (the path is printed). Its bytecode is compiled first, as ``pip install`` does for a wheel:
with ``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__``, every run would compile the
sources again and the figures would measure the compiler (tens of ms), not the import.

Imports: each runs ``--runs`` times in a new ``python -c`` process, in alternating rounds; the
median wall time of the whole process is printed, minus that of an empty interpreter (``python -c pass``), with
the ratio to ``import aiohttp``. ``import scopestack_async`` alone loads nothing (every name
loads on first use), so the figure that counts is ``from scopestack_async import
ScopeStackSession``: what a program pays before its first request (target: aiohttp + 50 ms).
It is measured twice more in the same rounds: the median of each round's difference between
``import aiohttp; from scopestack_async import ScopeStackSession`` and ``import aiohttp`` (run
back to back, in turns first, so a busy moment of the machine hits both), and that import's own time inside the
process (``perf_counter`` around it, after ``import aiohttp``), the least noisy of the three.

CLI: ``scopestack --help`` and each command's ``--help``, whole-process wall time, median of
``--cli-runs`` rounds that alternate with ``python -c "import aiohttp"``; the ratio is to that
(target: 1.2x or less). No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = os.environ | {
    "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
}
SESSION = "from scopestack_async import ScopeStackSession"
MODULES = {
    SESSION: SESSION,
    "import scopestack_async": "import scopestack_async",
    "import aiohttp": "import aiohttp",
    "authlib + httpx": "import authlib.integrations.httpx_client",
    "scopestack_async + sandbox": "import scopestack_async.sandbox.app",
}
# After aiohttp, the session import timed inside the process: it prints milliseconds.
AFTER_AIOHTTP = (
    "import time, aiohttp\nstart = time.perf_counter()\n"
    f"{SESSION}\nprint((time.perf_counter() - start) * 1000)"
)
COMMANDS = ("", "login", "whoami", "get", "export", "logout", "demo", "sandbox")


def run(argv: list[str]) -> tuple[float, str]:
    """Seconds for one run of ``argv`` in this checkout's root, and its output."""
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT, env=ENV)
    return time.perf_counter() - start, out.stdout


def once(argv: list[str]) -> float:
    """Seconds for one run of ``argv`` (its output discarded)."""
    return run(argv)[0]


def measured_package() -> Path:
    """The package the children import, its bytecode compiled (as an installed wheel has)."""
    _, out = run([sys.executable, "-c", "import scopestack_async as s; print(s.__path__[0])"])
    package = Path(out.strip())
    if not compileall.compile_dir(str(package), quiet=1):
        print(f"warning: could not compile {package}: the figures include compiling it")
    return package


def import_figures(runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median ms of each import (empty interpreter subtracted), and the session import after
    aiohttp: paired whole-process difference and in-process time; rounds alternate."""
    codes = {"empty": "pass", **MODULES}
    samples: dict[str, list[float]] = {name: [] for name in codes}
    paired: list[float] = []
    inside: list[float] = []
    for round_ in range(runs):
        for name, code in codes.items():
            if name != "import aiohttp":
                samples[name].append(once([sys.executable, "-c", code]))
        # The pair runs back to back, in turns first and second, so drift hits both alike.
        pair = [("aiohttp", "import aiohttp"), ("session", AFTER_AIOHTTP)][
            :: -1 if round_ % 2 else 1
        ]
        timed = {label: run([sys.executable, "-c", code]) for label, code in pair}
        samples["import aiohttp"].append(timed["aiohttp"][0])
        paired.append(timed["session"][0] - timed["aiohttp"][0])
        inside.append(float(timed["session"][1]))
    medians = {name: statistics.median(times) for name, times in samples.items()}
    empty = medians.pop("empty")
    ms = {name: max(seconds - empty, 0.0) * 1000 for name, seconds in medians.items()}
    session = {
        "whole_process_extra_ms": ms[SESSION] - ms["import aiohttp"],
        "paired_extra_ms": statistics.median(paired) * 1000,
        "in_process_ms": statistics.median(inside),
    }
    return ms, session


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
    print(f"measuring {measured_package()} (bytecode compiled)")
    ms, session = import_figures(args.runs)
    print(f"import time, median of {args.runs} alternating rounds of fresh processes, empty")
    print("interpreter subtracted")
    for name, value in ms.items():
        print(f"  {name:48s} {value:7.1f} ms  {value / ms['import aiohttp']:5.2f}x aiohttp")
    print(f"{SESSION}, on top of import aiohttp (target: + 50 ms):")
    print(f"  whole process, difference of medians   {session['whole_process_extra_ms']:+6.1f} ms")
    print(f"  whole process, median of paired rounds {session['paired_extra_ms']:+6.1f} ms")
    print(f"  inside the process, after aiohttp      {session['in_process_ms']:6.1f} ms")
    cli = cli_figures(args.cli_runs)
    print(f"\nCLI start-up, whole process, median of {args.cli_runs} alternating rounds")
    for label, row in cli.items():
        print(f"  {label:48s} {row['ms']:7.1f} ms  {row['ratio']:5.2f}x import aiohttp")
    if args.json:
        Path(args.json).write_text(json.dumps({"ms": ms, "session": session, "cli": cli}, indent=2))


if __name__ == "__main__":
    main()
