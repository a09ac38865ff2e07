"""Run every benchmark and write ``docs/performance.md`` with its charts.

    python benchmarks/report.py [--quick | --shared] [--out docs/performance.md]
                                [--figures F.json | --from-figures F.json]

Runs, one after the other, each benchmark of this folder with ``--json`` into a temporary
folder (their usual output streams through), then writes the page: the machine, the command,
a table of ratios (SDK vs raw aiohttp vs Authlib on httpx) and two PNG charts made with
matplotlib's Agg backend (``docs/img/export_throughput.png``, ``docs/img/export_rss.png``).
``--quick`` uses small sizes, to check the pipeline in about a minute; its figures are noisy.
``--shared`` keeps the export's 100,000 records but runs each point once and sweeps fewer
concurrencies, and runs fewer, shorter overhead rounds: for a machine shared with other work,
where a full run takes too long to stay comparable. ``--figures`` keeps every figure in a JSON
file; ``--from-figures`` writes the page from one without running anything (to change the
page's text, not its numbers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SESSION_IMPORT = "from scopestack_async import ScopeStackSession"
CLIENTS = {"sdk": "scopestack-async", "raw-orjson": "raw aiohttp", "authlib": "Authlib (httpx)"}

FULL = {
    "overhead.py": ["--rounds", "9"],
    "export.py": [
        "--records",
        "100000",
        "--repeat",
        "3",
        "--sweep",
        "1,2,4,8,16",
        "--rss-points",
        "10,4,2",
    ],
    "jsonapi_parse.py": [],
    "sandbox_throughput.py": ["--seconds", "5"],
    "refresh_storm.py": ["--workers", "50", "--seconds", "6"],
    "import_time.py": ["--runs", "15", "--cli-runs", "10"],
    "request_profile.py": [],
    "request_instructions.py": ["--requests", "2000"],
}
SHARED = FULL | {
    "overhead.py": ["--rounds", "5", "--sequential", "300", "--concurrent", "2000"],
    "export.py": ["--records", "100000", "--repeat", "1", "--sweep", "2,8", "--rss-points", "10,2"],
    "request_instructions.py": ["--requests", "1500"],
}
QUICK = {
    "overhead.py": ["--rounds", "1", "--sequential", "200", "--concurrent", "400"],
    "export.py": ["--records", "5000", "--repeat", "1", "--sweep", "2,8", "--rss-points", "5"],
    "jsonapi_parse.py": ["10"],
    "sandbox_throughput.py": ["--records", "1000", "--seconds", "1"],
    "refresh_storm.py": ["--workers", "10", "--seconds", "3"],
    "import_time.py": ["--runs", "3", "--cli-runs", "3"],
    "request_profile.py": ["--number", "5000"],
    "request_instructions.py": ["--requests", "300"],
}


def run_all(plan: dict[str, list[str]], folder: Path) -> dict[str, Any]:
    """Run each benchmark with ``--json``; their figures by script name."""
    figures = {}
    for script, argv in plan.items():
        out = folder / f"{script}.json"
        if script == "request_instructions.py" and shutil.which("valgrind") is None:
            print(f"\n=== {script}: skipped, valgrind is not installed", flush=True)
            continue
        print(f"\n=== {script} {' '.join(argv)}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *argv, "--json", str(out)], check=True)
        figures[script] = json.loads(out.read_text())
    return figures


# ----------------------------------------------------------------------------- the machine


def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo, else platform.processor()."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(dist: str) -> str:
    """The installed version of ``dist``, or "-"."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def machine() -> list[str]:
    """Markdown bullet lines describing where the figures were measured."""
    libs = ", ".join(f"{d} {version(d)}" for d in ("aiohttp", "orjson", "httpx", "authlib"))
    return [
        f"- **CPU**: {cpu_model()}, `nproc` = {os.cpu_count()}",
        f"- **OS**: {platform.system()} {platform.release()} ({platform.machine()})",
        f"- **Python**: {platform.python_version()} ({platform.python_implementation()})",
        f"- **Libraries**: {libs}",
        f"- **Date**: {dt.date.today().isoformat()}",
        # Other work on the machine while the benchmarks ran: 1, 5 and 15 minute averages.
        "- **Load average** when the page was written: "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
        + f" (1 / 5 / 15 min, on {os.cpu_count()} cores)",
    ]


# ----------------------------------------------------------------------------- the charts


def charts(export: dict[str, Any], img: Path) -> tuple[str, str]:
    """Records/s against concurrency and peak RSS against records; the two PNG names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    img.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for kind, label in CLIENTS.items():
        points = sorted((int(w), r) for w, r in export["sweep"][kind].items())
        ax.plot([w for w, _ in points], [r for _, r in points], marker="o", label=label)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sorted({int(w) for w in export["sweep"]["sdk"]}))
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set(xlabel="concurrent page requests", ylabel="records exported per second",
           title=f"Export of {export['records']:,} projects: throughput")  # fmt: skip
    ax.set_ylim(bottom=0)
    _finish(fig, ax, img / "export_throughput.png")

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for kind, label in CLIENTS.items():
        points = export["rss"][kind]
        ax.plot([p["records"] for p in points], [p["rss_mb"] for p in points], marker="o",
                label=label)  # fmt: skip
    ax.set(xlabel="records exported", ylabel="peak RSS of the process (MB)",
           title=f"Export memory (concurrency {export['concurrency']})")  # fmt: skip
    ax.set_ylim(bottom=0)
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    _finish(fig, ax, img / "export_rss.png")
    return "img/export_throughput.png", "img/export_rss.png"


def _finish(fig: Any, ax: Any, path: Path) -> None:
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    fig.clear()


# ----------------------------------------------------------------------------- the page


def _x(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def ratio_rows(f: dict[str, Any]) -> list[str]:
    """The main table: one measure per row, the three clients and the SDK's ratios."""
    ov = f["overhead.py"]["64-way concurrent"]
    seq = f["overhead.py"]["sequential"]
    ex = f["export.py"]["exporters"]
    rss = {k: {p["records"]: p["rss_mb"] for p in v} for k, v in f["export.py"]["rss"].items()}
    storm = f["refresh_storm.py"]
    imp = f["import_time.py"]["ms"]

    def req_s(block: dict[str, Any], name: str) -> float:
        return float(block[name]["median_requests_per_s"])

    rows = []

    def row(what: str, sdk: float, raw: float, auth: float, unit: str, *, higher: bool) -> None:
        better = (lambda a, b: _x(a, b)) if higher else (lambda a, b: _x(b, a))
        rows.append(f"| {what} | {sdk:,.{unit}} | {raw:,.{unit}} | {auth:,.{unit}} | "
                    f"{better(sdk, raw)} | {better(sdk, auth)} |")  # fmt: skip

    for label, block in (("64 concurrent", ov), ("one at a time", seq)):
        # The middleware chain alone: the SDK's session.http against raw aiohttp sending the
        # same headers by hand (Authlib has no "no parse" path here: its column repeats below).
        row(f"Overhead: GETs/s, {label} (SDK `session.http`, raw aiohttp, fixed headers)",
            req_s(block, "session.http (middlewares)"), req_s(block, "raw aiohttp (fixed headers)"),
            req_s(block, "authlib (httpx) + resp.json()"), "0f", higher=True)  # fmt: skip
        row(f"Overhead: GETs/s, {label} (SDK `session.request`, raw + `resp.json()`)",
            req_s(block, "session.request (+ parse)"), req_s(block, "raw aiohttp + resp.json()"),
            req_s(block, "authlib (httpx) + resp.json()"), "0f", higher=True)  # fmt: skip
    row(f"Export: records/s, {f['export.py']['records']:,} projects, concurrency "
        f"{f['export.py']['concurrency']} (raw: aiohttp + orjson)",
        ex["sdk"]["records_per_s"], ex["raw-orjson"]["records_per_s"],
        ex["authlib"]["records_per_s"], "0f", higher=True)  # fmt: skip
    small, big = min(rss["sdk"]), max(rss["sdk"])
    for n in (small, big):
        row(f"Export: peak RSS (MB) at {n:,} records", rss["sdk"][n],
            _near(rss["raw-orjson"], n), _near(rss["authlib"], n), "1f", higher=False)  # fmt: skip
    for scenario, what in (("server", "server expires every token"),
                           ("clock", "2 s tokens expire by the clock")):  # fmt: skip
        s = storm[scenario]
        row(f"Refresh storm ({what}): token requests per expiry, 50 coroutines",
            s["sdk"]["token_requests_per_expiry"], s["raw-aiohttp"]["token_requests_per_expiry"],
            s["authlib"]["token_requests_per_expiry"], "1f", higher=False)  # fmt: skip
        rows.append(f"| Refresh storm ({what}): failed requests | {s['sdk']['failed']:,} | "
                    f"{s['raw-aiohttp']['failed']:,} | {s['authlib']['failed']:,} | | |")  # fmt: skip
    row("Import time (ms, empty interpreter subtracted; SDK: `from scopestack_async import "
        "ScopeStackSession`)", imp[SESSION_IMPORT], imp["import aiohttp"],
        imp["authlib + httpx"], "0f", higher=False)  # fmt: skip
    return rows


def _near(points: dict[int, float], n: int) -> float:
    return points[min(points, key=lambda k: abs(k - n))]


def export_rows(ex: dict[str, Any]) -> list[str]:
    """Every exporter of the export benchmark."""
    names = {"sdk": "scopestack-async `session.export`", "raw-json": "raw aiohttp + `json`",
             "raw-orjson": "raw aiohttp + orjson", "authlib": "Authlib `AsyncOAuth2Client` + `json`"}  # fmt: skip
    sdk = ex["sdk"]["records_per_s"]
    return [
        f"| {label} | {ex[k]['records_per_s']:,.0f} | {_x(sdk, ex[k]['records_per_s'])} | "
        f"{ex[k]['rss_mb']:.1f} |"
        for k, label in names.items()
    ]


def storm_rows(storm: dict[str, Any]) -> list[str]:
    """Every client in both refresh-storm scenarios."""
    out = []
    for scenario, rows in storm.items():
        for client, r in rows.items():
            out.append(f"| {scenario} | {client} | {r['ok']:,} | {r['failed']:,} | "
                       f"{r['token_requests']} | {r['token_errors']} | "
                       f"{r['requests_per_s']:,.0f} |")  # fmt: skip
    return out


def parse_rows(parse: dict[str, Any]) -> list[str]:
    """µs per page of the JSON:API parsing benchmark."""
    out = []
    for shape, cases in parse.items():
        for name, c in cases.items():
            ratio = f"{c['ratio_to_orjson']:.2f}x" if c["ratio_to_orjson"] else "-"
            out.append(f"| {shape} | {name} | {c['us_per_page']:,.0f} | {ratio} |")
    return out


def overhead_rows(ov: dict[str, Any]) -> list[str]:
    """Wall and CPU ratios of the overhead benchmark, both concurrency levels."""
    pairs = (("`session.http` vs raw aiohttp (fixed headers)", "session.http (middlewares)"),
             ("`session.request` vs raw aiohttp + `resp.json()`", "session.request (+ parse)"),
             ("raw aiohttp with two no-op middlewares vs without", "raw aiohttp + 2 no-op middlewares"),
             ("`session.http`, one aiohttp layer per middleware (as before) vs raw aiohttp",
              "session.http, one aiohttp layer per middleware"))  # fmt: skip
    out = []
    for label, block in (("64 at a time", ov["64-way concurrent"]), ("one at a time", ov["sequential"])):  # fmt: skip
        for what, name in pairs:
            r = block[name]
            out.append(f"| {what}, {label} | {r['median_ratio']:.3f}x | {r['best_ratio']:.3f}x | "
                       f"{r['median_cpu_ratio']:.3f}x | {r['paired_cpu_ratio']:.3f}x | "
                       f"{r['median_cpu_us']:.1f} |")  # fmt: skip
    return out


def profile_rows(prof: dict[str, float]) -> list[str]:
    """The request profile's rows (µs of CPU per call)."""
    return [f"| {name} | {us:.2f} |" for name, us in prof.items()]


def session_import_lines(session: dict[str, float]) -> list[str]:
    """The figure the import target is about: the session import on top of ``import aiohttp``."""
    return [
        "`from scopestack_async import ScopeStackSession` on top of `import aiohttp` (target:",
        f"+50 ms): **{session['paired_extra_ms']:+.0f} ms** whole process (median of paired",
        f"rounds; {session['whole_process_extra_ms']:+.0f} ms as a difference of medians),",
        f"{session['in_process_ms']:.0f} ms timed inside the process after `import aiohttp`.",
    ]


def cli_rows(cli: dict[str, dict[str, float]]) -> list[str]:
    """Whole-process start-up of each `--help` against `python -c "import aiohttp"`."""
    return [f"| `{label}` | {r['ms']:,.0f} | {r['ratio']:.2f}x |" for label, r in cli.items()]


def instruction_rows(ins: dict[str, Any]) -> list[str]:
    """Instructions per request of each client, both concurrency levels."""
    out = []
    for label, block in (("64 at a time", ins["64-way concurrent"]), ("one at a time", ins["sequential"])):  # fmt: skip
        for name, r in block.items():
            out.append(f"| {name}, {label} | {r['instructions']:,.0f} | {r['ratio']:.3f}x |")
    return out


def request_section(f: dict[str, Any]) -> list[str]:
    """Where a request's time goes, the two targets and what is left as a proposal."""
    prof = f["request_profile.py"]["us"]
    bare = prof["no middleware (aiohttp's handler call)"]
    chain = prof["the session's chain (retry -> auth, one aiohttp layer)"] - bare
    layers = prof["retry and auth as two aiohttp layers"] - bare
    ins = f.get("request_instructions.py")
    lines = [
        "## The request path",
        "",
        "Targets: `session.request` <= 1.05x raw aiohttp + `resp.json()`, `session.http` <= 1.03x",
        "raw aiohttp with fixed headers, 64 at a time (and `session.request` one at a time too).",
        "",
    ]
    if ins is not None:
        wide, seq = ins["64-way concurrent"], ins["sequential"]
        http, req = wide["session.http (middlewares)"], wide["session.request (+ parse)"]
        floor = wide["floor of the proposal: retry + auth in one coroutine"]
        one = wide["raw aiohttp + 1 no-op middleware"]
        lines += [
            "`benchmarks/request_instructions.py` counts the client's **instructions per",
            "request** under valgrind (each client in its own process, a short and a long run,",
            "the difference divided by the extra requests): unlike time on a small shared",
            "machine, it repeats to within about 1% from run to run, so it can tell one",
            "middleware's cost from noise. Ratios are against the raw row named in the targets.",
            "",
            "| client | instructions/request | ratio |",
            "| --- | ---: | ---: |",
            *instruction_rows(ins),
            "",
            f"64 at a time, `session.http` costs **{http['ratio']:.3f}x** raw aiohttp's",
            f"instructions and `session.request` **{req['ratio']:.3f}x** raw + `resp.json()`; one",
            f"at a time, {seq['session.http (middlewares)']['ratio']:.3f}x and",
            f"{seq['session.request (+ parse)']['ratio']:.3f}x.",
            "",
        ]
    lines += [
        "`benchmarks/overhead.py`: GETs of one small document, 64 at a time and one at a time,",
        "every client once per round, interleaved; medians of the rounds (best: the fastest",
        "round), and the client process's CPU time (the server runs in another process). On",
        "this machine these move by about 10% from run to run, more than the differences",
        "measured above: read them for the order of magnitude (Authlib) and the instruction",
        "counts for the SDK's own cost.",
        "",
        "| measure | median wall | best wall | median CPU | paired CPU | CPU µs/request |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *overhead_rows(f["overhead.py"]),
        "",
        "`benchmarks/request_profile.py`: CPU µs per call of each part of a successful request,",
        "with no I/O (the middlewares are driven with a handler that answers at once).",
        "",
        "| part | µs |",
        "| --- | ---: |",
        *profile_rows(prof),
        "",
        "What made the difference, in the order it was measured:",
        "",
        "- **One aiohttp layer for the whole chain.** aiohttp wraps each middleware of a",
        "  session in two coroutines and a closure made for every request. The SDK's",
        "  middlewares (`ConcurrencyLimit`, `RetryMiddleware`, `RateLimit`, `RedisRateLimit`,",
        "  the auth middleware) each stay one class and one concern, usable alone in any",
        "  aiohttp session, and also offer `send(req, handler, inner)`; the session composes",
        "  them once (`scopestack_async/_chain.py`) into one aiohttp middleware in which each",
        f"  calls the next directly ({chain:.1f} µs without I/O, against {layers:.1f} µs as",
        "  separate layers). A `Limits(rate_limiter=...)` of your own keeps a layer of its own,",
        "  in the same place.",
        "- **`session.request` awaits the response** and releases it in `finally`, instead of",
        "  `async with`, which costs four coroutines more per request.",
        "- **The retry middleware reads only a body still arriving.** It reads a JSON answer's",
        "  body inside its loop so that a connection cut mid-body is retried; a body that came",
        "  whole with the headers (most answers) cannot be cut off, and reading it there too,",
        "  then again in the caller, cost about 2% of a small request.",
        "",
    ]
    if ins is not None:
        lines += [
            '!!! note "Proposal, not done: retry and auth in one coroutine"',
            "    The rest of `session.http`'s cost is the work itself (the token's expiry check,",
            "    the origin check, two headers, the retry clock) and one coroutine per concern.",
            "    The floor of merging retry and auth into one coroutine, measured with the",
            "    success path only, is",
            f"    {floor['ratio']:.3f}x against {http['ratio']:.3f}x today; one no-op aiohttp",
            f'    middleware alone costs {one["ratio"]:.3f}x. It would trade the rule "one',
            '    middleware per concern" for about',
            f"    {http['ratio'] - floor['ratio']:.1%} of a small request, so it is left as a",
            "    decision to make explicitly, with these figures.",
            "",
        ]
    return lines


def page(f: dict[str, Any], command: str, images: tuple[str, str]) -> str:
    """The whole of docs/performance.md."""
    ex = f["export.py"]
    sb = f["sandbox_throughput.py"]
    lines = [
        "# Performance",
        "",
        "<!-- Generated by benchmarks/report.py; edit that script, not this page. -->",
        "",
        "Every figure on this page comes from the benchmarks in `benchmarks/`, run by one",
        "command. Ratios compare **scopestack-async** with a careful hand-written **raw aiohttp**",
        "client and with **Authlib**'s `AsyncOAuth2Client` on **httpx**, on the same machine,",
        "against a local server in another process (the [sandbox](sandbox.md), or a minimal",
        "server for the overhead test). In the two ratio columns, above 1.00x means the SDK is",
        "better (faster, or fewer token requests, or less memory).",
        "",
        "<!-- snippet: fragment (runs every benchmark for minutes: nox -s bench is run by hand, "
        "not by the doc tests) -->",
        "```bash",
        command,
        "```",
        "",
        *machine(),
        "",
        '!!! note "How much to trust these numbers"',
        "    The machine is small and was **shared**: other test suites ran on the same two",
        "    cores while this report was produced, and the server shares them with the client.",
        "    Treat differences under about 15% as noise; the ratios are more stable than the",
        "    absolute figures. Re-run the command on your own machine before drawing",
        "    conclusions.",
        "",
        "## Summary",
        "",
        "| measure | SDK | raw aiohttp | Authlib (httpx) | SDK vs raw | SDK vs Authlib |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *ratio_rows(f),
        "",
        *request_section(f),
        "## Export throughput against concurrency",
        "",
        f"![Records per second against concurrency, three clients]({images[0]})",
        "",
        f"Each point is the median of {ex['repeat']} runs exporting {ex['records']:,} projects",
        "(pages of 100, about 1.7 KB per record) from the sandbox to a JSONL file, each run in a",
        "fresh process. All three keep `concurrency` page requests in flight and write in order.",
        "",
        "## Memory against records exported",
        "",
        f"![Peak RSS against records exported, three clients]({images[1]})",
        "",
        "Peak RSS (`ru_maxrss`) of the exporting process, which includes the interpreter and the",
        "imported libraries. Flat lines mean memory does not grow with the export: pages are",
        "written through a bounded window of `2 x concurrency` pages.",
        "",
        f"## Every exporter ({ex['records']:,} projects, concurrency {ex['concurrency']})",
        "",
        "| exporter | records/s | SDK ratio | peak RSS (MB) |",
        "| --- | ---: | ---: | ---: |",
        *export_rows(ex["exporters"]),
        "",
        f"The SDK's output file is byte-identical to raw aiohttp + orjson's: "
        f"**{ex['identical_output']}**.",
        "",
        "## Refresh storms",
        "",
        "`benchmarks/refresh_storm.py`: 50 coroutines send `GET /v1/me` for 6 s. In *server*",
        "the sandbox expires every token each 1.5 s (tokens otherwise live an hour); in *clock*",
        "tokens live 2 s. Token requests are counted by the sandbox after the first login.",
        "",
        "| scenario | client | requests ok | failed | token requests | token errors | req/s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        *storm_rows(f["refresh_storm.py"]),
        "",
        "The raw client refreshes in every coroutine that saw the 401 (no lock), so it asks for",
        "about one token per coroutine per expiry; the SDK asks once and replays the others.",
        "Authlib refreshes once, under a lock, **before** a request whose token is about to",
        "expire; it does not react to a 401, so tokens the server expired early fail until",
        "their local expiry.",
        "",
        "## JSON:API parsing",
        "",
        "`benchmarks/jsonapi_parse.py`: µs per page of 100 resources (best of 5).",
        "",
        "| page | parser | µs/page | vs orjson.loads |",
        "| --- | --- | ---: | ---: |",
        *parse_rows(f["jsonapi_parse.py"]),
        "",
        "## The sandbox",
        "",
        f"`benchmarks/sandbox_throughput.py` ({sb['tool']}): **{sb['requests_per_s']:,.0f}**",
        f"requests/s for pages of 100 projects ({sb['page_bytes'] / 1000:,.0f} KB each), the",
        "sandbox pinned to one core.",
        "",
        "## Import time",
        "",
        "| import | ms |",
        "| --- | ---: |",
        *(f"| `{k}` | {v:,.0f} |" for k, v in f["import_time.py"]["ms"].items()),
        "",
        *session_import_lines(f["import_time.py"]["session"]),
        "",
        "Every name of `scopestack_async` loads its module on first use: a bare import loads",
        "nothing, and `from scopestack_async import ScopeStackSession` (what a program pays",
        "before its first request) loads neither the interactive grants, the typed models,",
        "`cattrs`, a persistent store, `keyring`, `redis`, `click` nor `rich`, nor the error",
        "mapping, `/v1/me`, the resource clients, queries or the `WWW-Authenticate` parser: a",
        "session's construction and first successful request need none of them",
        "(`tests/test_public_api.py` pins the list); the sandbox is only imported when used.",
        "The package's bytecode is compiled before the runs, as `pip install` does.",
        "",
        "The `scopestack` CLI: whole-process time of each `--help`, median of alternating rounds",
        'with `python -c "import aiohttp"` (target: 1.2x or less). Help and argument errors',
        "load click and nothing of the HTTP stack; each command imports what it runs.",
        "",
        "| command | ms | vs `import aiohttp` |",
        "| --- | ---: | ---: |",
        *cli_rows(f["import_time.py"]["cli"]),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--shared", action="store_true", help="full sizes, fewer export runs")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--figures", help="also keep every figure in this JSON file")
    parser.add_argument("--from-figures", help="write the page from such a file; run nothing")
    args = parser.parse_args()
    if args.from_figures:
        figures = json.loads(Path(args.from_figures).read_text())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            sizes = QUICK if args.quick else SHARED if args.shared else FULL
            figures = run_all(sizes, Path(tmp))
        if args.figures:
            Path(args.figures).write_text(json.dumps(figures, indent=1))
    out = Path(args.out)
    images = charts(figures["export.py"], out.parent / "img")
    flag = " -- --quick" if args.quick else " -- --shared" if args.shared else ""
    command = "nox -s bench" + flag
    out.write_text(page(figures, f"{command}   # = python benchmarks/report.py", images))
    print(f"\nwrote {out} and {', '.join(images)}")


if __name__ == "__main__":
    main()
