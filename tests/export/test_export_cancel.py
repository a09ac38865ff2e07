"""Cancellation at the worst moments: exactly once still holds after a resume.

The deterministic tests run the loop's default executor with one worker and keep it busy at
the chosen moment (the file write of a drain, the final rename), so the ``to_thread`` job is
still queued when the cancellation lands: the window in which a job may never start.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from export_support import jsonl_ids, session_for

from scopestack_async.sandbox import Sandbox


def _target_name(fn: Callable[..., Any], args: tuple[Any, ...]) -> str:
    # asyncio.to_thread submits functools.partial(context.run, func, *args).
    inner = getattr(fn, "args", None) or args
    func = inner[0] if inner else fn
    return getattr(func, "__name__", repr(func))


class GatedExecutor(concurrent.futures.ThreadPoolExecutor):
    """One worker; the first job whose function has one of ``names`` finds it busy."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__(max_workers=1)
        self.names = names
        self.armed = False
        self.release = threading.Event()
        self.hit: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        if self.armed and _target_name(fn, args) in self.names:
            self.armed = False
            super().submit(self.release.wait, 30)  # the one worker, busy
            assert self.loop is not None
            assert self.hit is not None
            self.loop.call_soon_threadsafe(self.hit.set)
        return super().submit(fn, *args, **kwargs)


async def _reference(sb: Sandbox, path: Path, **options: Any) -> bytes:
    async with session_for(sb) as session:
        await session.export("projects", path, **options)
    return path.read_bytes()  # noqa: ASYNC240  # test setup, nothing else on the loop


# A batch write ("write" of the file in 9418821, "_write_bytes" since) and the final rename.
@pytest.mark.parametrize(
    "moment", [("write", "_write_bytes"), ("_commit_sync",)], ids=["drain", "final-rename"]
)
async def test_cancel_while_the_file_job_is_queued_then_resume_loses_nothing(
    small_sb: Sandbox, tmp_path: Path, moment: tuple[str, ...]
) -> None:
    options: dict[str, Any] = {"page_size": 50, "concurrency": 2}
    whole = await _reference(small_sb, tmp_path / "whole.jsonl", **options)
    out, ckpt = tmp_path / "p.jsonl", tmp_path / "p.ckpt"
    loop = asyncio.get_running_loop()
    gate = GatedExecutor(moment)
    gate.loop, gate.hit = loop, asyncio.Event()
    loop.set_default_executor(gate)
    async with session_for(small_sb) as session:
        gate.armed = True
        task = asyncio.ensure_future(
            session.export("projects", out, checkpoint=ckpt, checkpoint_every=3, **options)
        )
        await asyncio.wait_for(gate.hit.wait(), 30)
        task.cancel()  # the job is queued behind the busy worker
        await asyncio.sleep(0.05)
        gate.release.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        result = await session.export("projects", out, checkpoint=ckpt, **options)
    assert out.read_bytes() == whole
    assert result.records == 1_000
    assert not ckpt.exists()


async def test_fifty_random_cancels_each_resumed_give_the_same_bytes(
    small_sb: Sandbox, tmp_path: Path
) -> None:
    options: dict[str, Any] = {"page_size": 10, "concurrency": 2, "checkpoint_every": 2}
    whole = await _reference(small_sb, tmp_path / "whole.jsonl", **options)
    small_sb.set_faults(latency=0.003)
    out, ckpt = tmp_path / "p.jsonl", tmp_path / "p.ckpt"
    rng = random.Random(1234)
    cancels = finished = 0
    async with session_for(small_sb) as session:
        for _ in range(1_000):  # bounded; stops after 50 cancellations
            export = session.export("projects", out, checkpoint=ckpt, **options)
            task = asyncio.ensure_future(export)
            await asyncio.sleep(rng.uniform(0, 0.02))
            if not task.done():
                task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                cancels += 1
                if cancels >= 50:
                    break
                continue
            finished += 1  # A whole export ended: it must be the uninterrupted bytes.
            assert out.read_bytes() == whole
            assert not ckpt.exists()
            out.unlink()
        result = await session.export("projects", out, checkpoint=ckpt, **options)
    assert cancels >= 50
    assert result.records == 1_000
    assert out.read_bytes() == whole
    assert not ckpt.exists()
    ids = jsonl_ids(out)
    assert len(ids) == len(set(ids)) == 1_000
