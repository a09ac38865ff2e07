"""Checkpoints: exact (type, id) dedup, damage refused with a ConfigurationError, cheap saves."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import orjson
import pytest
from export_support import session_for

from scopestack_async.errors import ConfigurationError
from scopestack_async.export.plan import SeenIds
from scopestack_async.sandbox import Sandbox


@pytest.mark.parametrize(
    ("a", "b"), [("0123", "123"), ("007", "7"), ("١٢٣", "123"), ("00", "0"), ("+1", "1")]
)
def test_dedup_is_by_the_exact_id(a: str, b: str) -> None:
    seen = SeenIds()
    assert seen.add("projects", a) is True
    assert seen.add("projects", b) is True
    assert seen.add("projects", a) is False
    assert seen.add("projects", b) is False


def test_odd_digit_ids_are_ids_like_any_other() -> None:
    seen = SeenIds()
    for odd in ("²", "①", "٣", "9" * 40, ""):
        assert seen.add("projects", odd) is True
        assert seen.add("projects", odd) is False


async def _interrupted(sb: Sandbox, out: Path, ckpt: Path) -> None:
    async with session_for(sb) as session:
        task = asyncio.ensure_future(
            session.export(
                "projects", out, page_size=10, checkpoint=ckpt, checkpoint_every=1,
                progress=lambda e: e.pages == 6 and task.cancel(),
            )
        )  # fmt: skip
        with pytest.raises(asyncio.CancelledError):
            await task


_BAD_SEEN = {
    "bad-base64": {"bits": {"projects": "!!!"}},
    "bad-zlib": {"bits": {"projects": base64.b64encode(b"not zlib").decode()}},
    "seen-wrong-shapes": {"bits": [1], "other": 3},
    "seen-list": [1],
    "seen-numbers": {"other": {"projects": [5]}, "projects": [5]},
}


def _damage(raw: bytes, how: str) -> bytes:
    if how == "garbage":
        return b"\x00\xff garbage"
    if how == "truncated-start":
        return raw[len(raw) // 3 :]
    if how == "flipped-middle":
        middle = len(raw) // 2
        return raw[:middle] + b"}{][" + raw[middle + 4 :]
    # The same damage to whichever format: the dedup state of the last saved state is bad.
    lines = raw.splitlines()
    last = orjson.loads(lines[-1])
    last["seen"] = _BAD_SEEN[how]
    return b"\n".join([*lines[:-1], orjson.dumps(last)]) + b"\n"


@pytest.mark.parametrize(
    "how",
    ["garbage", "truncated-start", "flipped-middle", *_BAD_SEEN],
)
async def test_a_damaged_checkpoint_is_a_configuration_error_naming_file_and_fix(
    small_sb: Sandbox, tmp_path: Path, how: str
) -> None:
    out, ckpt = tmp_path / "p.jsonl", tmp_path / "p.ckpt"
    await _interrupted(small_sb, out, ckpt)
    ckpt.write_bytes(_damage(ckpt.read_bytes(), how))  # test setup
    async with session_for(small_sb) as session:
        with pytest.raises(ConfigurationError) as caught:
            await session.export("projects", out, page_size=10, checkpoint=ckpt)
    text = str(caught.value)
    assert str(ckpt) in text
    assert "delete" in text.lower() or "restart" in text.lower()


def test_a_save_serialises_only_the_ids_added_since_the_last_one() -> None:
    seen = SeenIds()
    for n in range(50_000):
        seen.add("projects", f"{n:08x}-uuid-ish")
    seen.add("projects", "123")
    first = seen.take_new()
    assert sum(map(len, first.values())) == 50_001
    for n in range(10):
        seen.add("projects", f"late-{n}")
    seen.add("projects", "late-1")  # not new: not saved twice
    seen.add("clients", "7")
    chunk = seen.take_new()
    assert chunk == {"projects": [f"late-{n}" for n in range(10)], "clients": ["7"]}
    assert seen.take_new() == {}
    copy = SeenIds()
    copy.restore([first, chunk])
    assert copy.add("projects", "late-3") is False
    assert copy.add("projects", "00000007-uuid-ish") is False
    assert copy.add("clients", "7") is False
    assert copy.add("projects", "late-10") is True
