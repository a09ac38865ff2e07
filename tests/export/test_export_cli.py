"""``scopestack export`` as a user meets it: one paragraph per failure, nothing left behind."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from pathlib import Path

import attrs
from lying_server import Page, lying_server

from scopestack_async.sandbox import Sandbox


@attrs.frozen
class Ran:
    """What one CLI run did."""

    code: int
    out: str
    err: str


def _env(tmp_path: Path, *, base: str, auth: str, user: str, password: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOPESTACK_")}
    env.update(
        SCOPESTACK_CLIENT_ID="cid", SCOPESTACK_CLIENT_SECRET="secret",
        SCOPESTACK_USERNAME=user, SCOPESTACK_PASSWORD=password,
        SCOPESTACK_AUTH_URL=auth, SCOPESTACK_API_URL=base,
        XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    return env


async def _cli(env: dict[str, str], cwd: Path, *args: str) -> Ran:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scopestack_async.cli", *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode is not None
    return Ran(child.returncode, out.decode(), err.decode())


_EXPORT_50_BY_ID = ("export", "projects", "--out", "p.jsonl", "--page-size", "50",
                    "--concurrency", "1", "--sort", "id")  # fmt: skip


def _paragraph(ran: Ran) -> str:
    assert "Traceback" not in ran.err, ran.err
    lines = [line for line in ran.err.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, ran.err
    return lines[0]


def _sandbox_env(sb: Sandbox, tmp_path: Path) -> dict[str, str]:
    admin = sb.users["admin"]
    env = _env(tmp_path, base=sb.api_url, auth=sb.auth_url, user=admin.username,
               password=admin.password)  # fmt: skip
    env.update(SCOPESTACK_CLIENT_ID=sb.client_id, SCOPESTACK_CLIENT_SECRET=sb.client_secret)
    return env


async def test_html_or_a_bad_record_prints_one_paragraph_naming_the_url(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    bad = {"data": [{"type": "projects", "id": 5}], "meta": {"page-count": 1}}

    def pages(number: int, size: int) -> Page:
        if size == 7:
            return Page(body=b"<html>hi</html>", headers={"Content-Type": "text/html"})
        return Page(doc=bad)

    async with lying_server(pages) as server:
        env = _env(tmp_path, base=server.base, auth=server.base, user="ada", password="pw")
        for size in ("7", "8"):
            ran = await _cli(env, work, "export", "projects", "--out", "p.jsonl",
                             "--page-size", size)  # fmt: skip
            assert ran.code != 0
            assert f"{server.base}/acme/v1/projects" in _paragraph(ran)
        got = await _cli(env, work, "get", "/acme/v1/projects", "--query", "page[size]=7")
        assert got.code != 0
        _paragraph(got)
    assert sorted(p.name for p in work.iterdir()) == []


async def test_a_typo_leaves_nothing_and_another_exports_checkpoint_names_restart(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = _sandbox_env(small_sb, tmp_path)
    typo = await _cli(env, work, "export", "project", "--out", "x.csv", "--format", "csv")
    assert typo.code == 2
    _paragraph(typo)
    assert sorted(p.name for p in work.iterdir()) == []
    fixed = await _cli(env, work, "export", "projects", "--out", "x.csv", "--format", "csv")
    assert fixed.code == 0, fixed.err
    assert len((work / "x.csv").read_text().splitlines()) == 1_001
    # A checkpoint of another export (page size 10) at the same place, as if interrupted.
    async with small_sb.session(allow_insecure_http=True) as session:
        task = asyncio.ensure_future(
            session.export(
                "projects", work / "x.csv", format="csv", page_size=10,
                checkpoint=work / ".x.csv.ckpt", checkpoint_every=1,
                progress=lambda e: e.pages == 5 and task.cancel(),
            )
        )  # fmt: skip
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert (work / ".x.csv.ckpt").exists()
    other = await _cli(env, work, "export", "projects", "--out", "x.csv", "--format", "csv",
                       "--resume")  # fmt: skip
    assert other.code == 2
    assert "--restart" in _paragraph(other)
    again = await _cli(env, work, "export", "projects", "--out", "x.csv", "--format", "csv",
                       "--restart")  # fmt: skip
    assert again.code == 0, again.err
    assert len((work / "x.csv").read_text().splitlines()) == 1_001
    assert sorted(p.name for p in work.iterdir()) == ["x.csv"]


async def test_the_summary_says_when_records_may_be_missing(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = _sandbox_env(small_sb, tmp_path)
    small_sb.set_faults(latency=0.05)
    child = asyncio.ensure_future(_cli(env, work, *_EXPORT_50_BY_ID))
    async with small_sb.session(allow_insecure_http=True) as session:
        for _ in range(300):  # until the child has read a few pages (bounded: 30 s)
            if small_sb.stats.api_total >= 5:
                break
            await asyncio.sleep(0.1)
        for n in range(1, 11):
            await session.request("DELETE", f"/acme/v1/projects/{n}")
    ran = await child
    assert ran.code == 0, ran.err
    assert "may be missing" in ran.out
