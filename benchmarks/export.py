"""Export benchmark: the SDK against hand-written exporters, each in its own process.

    python benchmarks/export.py [--records 100000] [--repeat 3] [--concurrency 8]
                                [--sweep 1,2,4,8,16] [--rss-points 10,4,2] [--json out.json]
                                [--baseline /path/to/other/checkout]

Starts the sandbox in another process (``python -m scopestack_async.sandbox``), then runs each
exporter in a fresh child process (so ``ru_maxrss`` is its own peak) writing the same JSONL:

* ``sdk``          ``session.export(...)`` (orjson, bounded reorder window, dedup)
* ``raw-json``     aiohttp + the standard ``json`` module, same concurrency
* ``raw-orjson``   aiohttp + orjson, same concurrency
* ``authlib``      Authlib's ``AsyncOAuth2Client`` (httpx) + ``json``, same concurrency

and the SDK once more on a tenth of the data (``shard=(0, 10)``) for the memory comparison.
Prints medians of ``--repeat`` runs: records/s, ratios against the SDK, peak RSS.

``--sweep`` also runs the SDK, raw-orjson and authlib at each listed concurrency (records/s
against concurrency); ``--rss-points`` runs the same three on ``1/n`` of the pages for each
``n`` (peak RSS against records exported). ``--json`` writes every median to a file.
"""

from __future__ import annotations

import argparse
import asyncio
import filecmp
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

KINDS = ("sdk", "raw-json", "raw-orjson", "authlib")


# ----------------------------------------------------------------------------- the workers


async def _raw_token(http: Any, args: argparse.Namespace) -> str:
    form = {"grant_type": "password", "username": args.username, "password": args.password,
            "client_id": args.client_id, "client_secret": args.client_secret}  # fmt: skip
    async with http.post(f"{args.api}/oauth/token", data=form) as resp:
        return str((await resp.json())["access_token"])


async def _raw(args: argparse.Namespace, loads: Any, dumps: Any) -> int:
    """A careful hand-written exporter: page count from page 1, N pages at once, in order."""
    import aiohttp

    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bearer {await _raw_token(http, args)}"}
        base = f"{args.api}/acme/v1/projects"
        slots = asyncio.Semaphore(args.concurrency)

        async def page(n: int) -> Any:
            async with slots:
                params = {"page[number]": str(n), "page[size]": "100"}
                async with http.get(base, params=params, headers=headers) as resp:
                    return loads(await resp.read())

        first = await page(1)
        return await _write_in_order(args, first, page, dumps)


async def _write_in_order(args: argparse.Namespace, first: Any, page: Any, dumps: Any) -> int:
    # The first 1/n of the pages, the same block as the SDK's shard=(0, n).
    pages = max(1, first["meta"]["page-count"] // args.shard_of)
    count = 0
    with open(args.out, "wb") as f:  # noqa: ASYNC230  # a typical hand-written exporter
        window: list[asyncio.Task[Any]] = []
        nxt = 2
        doc = first
        while True:
            while nxt <= pages and len(window) < 2 * args.concurrency:
                window.append(asyncio.ensure_future(page(nxt)))
                nxt += 1
            for record in doc["data"]:
                f.write(dumps(record))
                count += 1
            if not window:
                return count
            doc = await window.pop(0)


def _json_line(record: Any) -> bytes:
    return (json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def _orjson_line(record: Any) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


async def _authlib(args: argparse.Namespace) -> int:
    from authlib.integrations.httpx_client import AsyncOAuth2Client

    async with AsyncOAuth2Client(
        args.client_id, args.client_secret, token_endpoint=f"{args.api}/oauth/token",
        limits=__import__("httpx").Limits(max_connections=args.concurrency),
    ) as client:  # fmt: skip
        await client.fetch_token(username=args.username, password=args.password)
        base = f"{args.api}/acme/v1/projects"
        slots = asyncio.Semaphore(args.concurrency)

        async def page(n: int) -> Any:
            async with slots:
                resp = await client.get(base, params={"page[number]": n, "page[size]": 100})
                return json.loads(resp.content)

        return await _write_in_order(args, await page(1), page, _json_line)


async def _sdk(args: argparse.Namespace) -> int:
    import scopestack_async as ss

    session = ss.ScopeStackSession(
        client_id=args.client_id, client_secret=args.client_secret,
        authenticator=ss.PasswordGrant(username=args.username, password=args.password),
        auth_url=args.api, api_url=args.api, allow_insecure_http=True,
    )  # fmt: skip
    shard = (0, args.shard_of) if args.shard_of > 1 else None
    async with session:
        result = await session.export(
            "projects", args.out, concurrency=args.concurrency, page_size=100, shard=shard
        )
    return result.records


def worker(args: argparse.Namespace) -> None:
    """Run one exporter and print its figures as JSON."""
    runs = {
        "sdk": lambda: _sdk(args),
        "raw-json": lambda: _raw(args, json.loads, _json_line),
        "raw-orjson": lambda: _raw(args, orjson.loads, _orjson_line),
        "authlib": lambda: _authlib(args),
    }
    # Import outside the timed part: library import time is not export throughput.
    __import__({"sdk": "scopestack_async", "authlib": "authlib.integrations.httpx_client"}.get(
        args.worker, "aiohttp"))  # fmt: skip
    start = time.perf_counter()
    records = asyncio.run(runs[args.worker]())
    seconds = time.perf_counter() - start
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": records, "seconds": seconds, "rss_mb": rss_kb / 1024}))


# ----------------------------------------------------------------------------- the driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_sandbox(records: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    port = _free_port()
    cmd = [sys.executable, "-m", "scopestack_async.sandbox", "--port", str(port),
           "--records", str(records)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    info = {"api": f"http://127.0.0.1:{port}"}
    for line in proc.stdout:
        if m := re.search(r"client\s+client_id=(\S+) client_secret=(\S+)", line):
            info["client_id"], info["client_secret"] = m.groups()
        if m := re.search(r"user admin\s+(\S+) / (\S+)", line):
            info["username"], info["password"] = m.groups()
        if line.startswith("Press Ctrl-C"):
            return proc, info
    raise RuntimeError("the sandbox did not start")


def _run_worker(kind: str, info: dict[str, str], out: Path, args: argparse.Namespace,
                shard_of: int = 1, code: str | None = None) -> dict[str, Any]:  # fmt: skip
    cmd = [sys.executable, __file__, "--worker", kind, "--out", str(out),
           "--concurrency", str(args.concurrency), "--shard-of", str(shard_of)]  # fmt: skip
    for key in ("api", "client_id", "client_secret", "username", "password"):
        cmd += [f"--{key.replace('_', '-')}", info[key]]
    # --baseline: the same worker importing another checkout of the SDK (e.g. before a change).
    env = None if code is None else {**os.environ, "PYTHONPATH": code}
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


SWEPT = ("sdk", "raw-orjson", "authlib")


def drive(args: argparse.Namespace) -> None:
    """Start the sandbox, run every exporter ``--repeat`` times, print the medians."""
    proc, info = _start_sandbox(args.records)
    extra = ("sdk-base", "sdk-base-10pct") if args.baseline else ()
    results: dict[str, list[dict[str, Any]]] = {k: [] for k in (*KINDS, "sdk-10pct", *extra)}
    sweep: dict[str, dict[int, list[dict[str, Any]]]] = {k: {} for k in SWEPT}
    rss: dict[str, dict[int, list[dict[str, Any]]]] = {k: {} for k in SWEPT}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            _run_worker("sdk", info, out / "warm.jsonl", args)  # warm the sandbox's page cache
            for _ in range(args.repeat):
                for kind in KINDS:
                    results[kind].append(_run_worker(kind, info, out / f"{kind}.jsonl", args))
                results["sdk-10pct"].append(
                    _run_worker("sdk", info, out / "small.jsonl", args, shard_of=10)
                )
                if args.baseline:
                    base = args.baseline
                    results["sdk-base"].append(
                        _run_worker("sdk", info, out / "base.jsonl", args, code=base)
                    )
                    results["sdk-base-10pct"].append(
                        _run_worker("sdk", info, out / "bsmall.jsonl", args, 10, code=base)
                    )
            # Compared in chunks: reading both files whole would raise this process's peak
            # RSS, which later children inherit in ru_maxrss on Linux.
            same = filecmp.cmp(out / "sdk.jsonl", out / "raw-orjson.jsonl", shallow=False)
            _sweep(args, info, out, sweep)
            _rss_points(args, info, out, rss)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    _report(args, results, same)
    if args.json:
        _write_json(args, results, same, sweep, rss)


def _sweep(args: argparse.Namespace, info: dict[str, str], out: Path,
           sweep: dict[str, dict[int, list[dict[str, Any]]]]) -> None:  # fmt: skip
    for width in args.sweep:
        wide = argparse.Namespace(**{**vars(args), "concurrency": width})
        for _ in range(args.repeat):
            for kind in SWEPT:
                run = _run_worker(kind, info, out / f"sweep-{kind}.jsonl", wide)
                sweep[kind].setdefault(width, []).append(run)
        line = ", ".join(f"{k} {_rate(sweep[k][width]):.0f}" for k in SWEPT)
        print(f"concurrency {width:>3}: records/s {line}", flush=True)


def _rss_points(args: argparse.Namespace, info: dict[str, str], out: Path,
                rss: dict[str, dict[int, list[dict[str, Any]]]]) -> None:  # fmt: skip
    for n in sorted({*args.rss_points, 1}, reverse=True):
        for _ in range(args.repeat):
            for kind in SWEPT:
                run = _run_worker(kind, info, out / f"rss-{kind}.jsonl", args, shard_of=n)
                rss[kind].setdefault(n, []).append(run)
        line = ", ".join(f"{k} {_median(rss[k][n], 'rss_mb'):.1f} MB" for k in SWEPT)
        print(f"1/{n} of the pages: peak RSS {line}", flush=True)


def _rate(runs: list[dict[str, Any]]) -> float:
    return _median(runs, "records") / _median(runs, "seconds")


def _write_json(args: argparse.Namespace, results: dict[str, list[dict[str, Any]]], same: bool,
                sweep: dict[str, dict[int, list[dict[str, Any]]]],
                rss: dict[str, dict[int, list[dict[str, Any]]]]) -> None:  # fmt: skip
    doc = {
        "records": args.records, "concurrency": args.concurrency, "repeat": args.repeat,
        "identical_output": same,
        "exporters": {k: {"records": int(_median(v, "records")), "records_per_s": _rate(v),
                          "rss_mb": _median(v, "rss_mb")} for k, v in results.items()},
        "sweep": {k: {str(w): _rate(runs) for w, runs in by.items()} for k, by in sweep.items()},
        "rss": {k: [{"records": int(_median(runs, "records")),
                     "rss_mb": _median(runs, "rss_mb")} for _, runs in sorted(by.items())]
                for k, by in rss.items()},
    }  # fmt: skip
    Path(args.json).write_text(json.dumps(doc, indent=2))


def _report(args: argparse.Namespace, results: dict[str, list[dict[str, Any]]], same: bool) -> None:
    rate = {k: _rate(v) for k, v in results.items()}
    rss = {k: _median(v, "rss_mb") for k, v in results.items()}
    print(f"export of {args.records} projects, concurrency {args.concurrency}, page size 100, "
          f"median of {args.repeat} runs (sandbox in another process)")  # fmt: skip
    print(f"{'exporter':<12} {'records/s':>10} {'SDK ratio':>10} {'peak RSS MB':>12}")
    for kind in KINDS:
        print(
            f"{kind:<12} {rate[kind]:>10.0f} {rate['sdk'] / rate[kind]:>9.2f}x {rss[kind]:>12.1f}"
        )
    print(f"SDK vs raw-json:   {rate['sdk'] / rate['raw-json']:.2f}x (target >= 1.2x)")
    print(f"SDK vs raw-orjson: {rate['sdk'] / rate['raw-orjson']:.2f}x (target >= 1.0x)")
    small = results["sdk-10pct"][0]["records"]
    print(f"SDK peak RSS: {rss['sdk-10pct']:.1f} MB at {small} records, {rss['sdk']:.1f} MB at "
          f"{args.records}: {rss['sdk'] / rss['sdk-10pct']:.2f}x (target <= 1.2x)")  # fmt: skip
    print(f"SDK output identical to raw-orjson output: {same}")
    if "sdk-base" in rate:
        print(f"baseline SDK ({args.baseline}): {rate['sdk-base']:.0f} records/s, "
              f"{rate['sdk-base'] / rate['raw-orjson']:.2f}x raw-orjson; this SDK / baseline "
              f"{rate['sdk'] / rate['sdk-base']:.2f}x; baseline peak RSS "
              f"{rss['sdk-base-10pct']:.1f} MB -> {rss['sdk-base']:.1f} MB "
              f"({rss['sdk-base'] / rss['sdk-base-10pct']:.2f}x)")  # fmt: skip


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--worker", choices=KINDS)
    p.add_argument("--out")
    p.add_argument("--shard-of", type=int, default=1)
    p.add_argument("--sweep", type=_ints, default=[], help="concurrencies, e.g. 1,2,4,8,16")
    p.add_argument("--rss-points", type=_ints, default=[], help="fractions 1/n, e.g. 10,4,2")
    p.add_argument("--json", help="write the medians to this file")
    p.add_argument("--baseline", help="also run the SDK worker with PYTHONPATH=this checkout")
    for key in ("api", "client-id", "client-secret", "username", "password"):
        p.add_argument(f"--{key}")
    args = p.parse_args()
    if args.worker:
        worker(args)
    else:
        drive(args)


if __name__ == "__main__":
    main()
