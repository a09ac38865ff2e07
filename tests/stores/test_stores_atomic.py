"""The one atomic-write helper behind the token file, export checkpoints and CLI profiles."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scopestack_async import _atomic
from scopestack_async._atomic import write_atomically
from scopestack_async.cli import settings

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@posix_only
def test_a_write_replaces_the_file_with_a_private_one(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomically(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_atomic.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


@posix_only
def test_cli_profiles_are_written_private_and_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config" / "profiles.json"
    monkeypatch.setattr(settings, "profiles_path", lambda: path)
    settings.write_profile("work", {"client_id": "abc", "password": "never-stored"})
    settings.write_profile("home", {"api_url": "https://api.example"})
    assert settings.read_profiles() == {
        "home": {"api_url": "https://api.example"},
        "work": {"client_id": "abc"},
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert [p.name for p in path.parent.iterdir()] == ["profiles.json"]
    settings.forget_profile("work")
    assert settings.read_profiles() == {"home": {"api_url": "https://api.example"}}
