"""Kill an export half way (SIGKILL, in a child process), resume it, compare the bytes."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from export_support import session_for

from scopestack_async.sandbox import Sandbox

CHILD = Path(__file__).with_name("export_child.py")


async def _run_child_until(
    sb: Sandbox, out: Path, ckpt: Path, pages: int, fmt: str = "jsonl", shard: str = ""
) -> int:
    admin = sb.users["admin"]
    env = dict(
        os.environ,
        EXPORT_CLIENT_ID=sb.client_id, EXPORT_CLIENT_SECRET=sb.client_secret,
        EXPORT_USERNAME=admin.username, EXPORT_PASSWORD=admin.password,
        EXPORT_AUTH_URL=sb.auth_url, EXPORT_API_URL=sb.api_url,
        EXPORT_OUT=str(out), EXPORT_CHECKPOINT=str(ckpt), EXPORT_FORMAT=fmt, EXPORT_SHARD=shard,
    )  # fmt: skip
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(CHILD), env=env, stdout=asyncio.subprocess.PIPE
    )
    assert child.stdout is not None
    seen = 0
    try:
        while seen < pages:
            line = await asyncio.wait_for(child.stdout.readline(), 30)
            assert line.startswith(b"pages "), line
            seen = int(line.split()[1])
        child.send_signal(signal.SIGKILL)
    finally:
        if child.returncode is None:
            child.kill()
        await child.wait()
    return seen


async def test_sigkill_half_way_then_resume_gives_identical_bytes(tmp_path: Path) -> None:
    async with Sandbox(records=20_000) as sb:
        sb.set_faults(latency=0.002)
        whole, out, ckpt = tmp_path / "whole.jsonl", tmp_path / "p.jsonl", tmp_path / "p.ckpt"
        async with session_for(sb) as session:
            await session.export("projects", whole, concurrency=2, page_size=100)
        killed_at = await _run_child_until(sb, out, ckpt, pages=100)
        assert killed_at >= 100
        assert not out.exists()  # Never a half file under the final name.
        assert ckpt.exists()
        assert (tmp_path / ".p.jsonl.part").exists()
        async with session_for(sb) as session:
            result = await session.export(
                "projects", out, concurrency=2, page_size=100, checkpoint=ckpt
            )
    assert 80 <= result.resumed_pages < 200
    assert result.records == 20_000
    assert result.pages == 200
    assert out.read_bytes() == whole.read_bytes()
    assert not ckpt.exists()


@pytest.mark.parametrize(("fmt", "shard"), [("csv", None), ("jsonl", (1, 2)), ("csv", (0, 2))])
async def test_sigkill_then_resume_csv_and_sharded(
    tmp_path: Path, fmt: str, shard: tuple[int, int] | None
) -> None:
    async with Sandbox(records=6_000) as sb:
        sb.set_faults(latency=0.002)
        whole, out = tmp_path / f"whole.{fmt}", tmp_path / f"p.{fmt}"
        ckpt = tmp_path / "p.ckpt"
        async with session_for(sb) as session:
            await session.export(
                "projects", whole, concurrency=2, page_size=100, format=fmt, shard=shard
            )
        spec = "" if shard is None else f"{shard[0]}/{shard[1]}"
        killed_at = await _run_child_until(sb, out, ckpt, pages=25, fmt=fmt, shard=spec)
        assert killed_at >= 25
        assert not out.exists()
        assert ckpt.exists()
        async with session_for(sb) as session:
            result = await session.export(
                "projects", out, concurrency=2, page_size=100, format=fmt, shard=shard,
                checkpoint=ckpt,
            )  # fmt: skip
    assert result.resumed_pages >= 20
    assert out.read_bytes() == whole.read_bytes()
    assert not ckpt.exists()
