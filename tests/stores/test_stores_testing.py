"""The contract suite itself: it passes a correct store and catches broken ones, in
pytest-asyncio's strict mode too (a user's project need not use auto mode)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

USER_MODULE = '''
import asyncio
from contextlib import asynccontextmanager

import pytest

from scopestack_async.stores import MemoryTokenStore
from scopestack_async.testing import TokenStoreContract


class NoLockStore(MemoryTokenStore):
    @asynccontextmanager
    async def lock(self, key):
        yield


class ForgetfulStore(MemoryTokenStore):
    """Drops the refresh token: a lossy wire format."""

    async def set(self, key, token):
        import attrs

        await super().set(key, attrs.evolve(token, refresh_token=None))


class PerInstanceStore(MemoryTokenStore):
    """Keeps nothing in a shared backing: a second instance sees nothing."""


class TestGood(TokenStoreContract):
    @pytest.fixture
    def store_factory(self):
        store = MemoryTokenStore()
        return lambda: store


class TestNoLock(TokenStoreContract):
    @pytest.fixture
    def store_factory(self):
        store = NoLockStore()
        return lambda: store


class TestForgetful(TokenStoreContract):
    @pytest.fixture
    def store_factory(self):
        store = ForgetfulStore()
        return lambda: store


class TestPerInstance(TokenStoreContract):
    @pytest.fixture
    def store_factory(self):
        return PerInstanceStore
'''


def failures_by_class(tmp_path: Path) -> dict[str, set[str]]:
    (tmp_path / "test_user_stores.py").write_text(textwrap.dedent(USER_MODULE))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rf",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_mode=strict",
            "test_user_stores.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    failed: dict[str, set[str]] = {}
    for line in run.stdout.splitlines():
        if line.startswith("FAILED "):
            _, cls, test = line.split()[1].split("::")
            failed.setdefault(cls, set()).add(test.split(" ")[0])
    assert " passed" in run.stdout, run.stdout + run.stderr
    # Only failures count as verdicts: a setup error or a skip would hide a store's result.
    summary = run.stdout.strip().splitlines()[-1]
    assert "error" not in summary, run.stdout
    assert "skipped" not in summary, run.stdout
    return failed


def test_the_contract_passes_good_stores_and_fails_broken_ones(tmp_path: Path) -> None:
    failed = failures_by_class(tmp_path)
    assert "TestGood" not in failed
    assert failed["TestNoLock"] == {
        "test_lock_admits_one_holder_at_a_time",
        "test_lock_excludes_holders_in_another_instance",
        "test_a_cancelled_waiter_does_not_keep_the_lock",
    }
    assert "test_set_then_get_returns_an_equal_token" in failed["TestForgetful"]
    assert "test_large_token_round_trips" in failed["TestForgetful"]
    assert failed["TestPerInstance"] == {
        "test_a_second_instance_sees_set_and_delete",
        "test_lock_excludes_holders_in_another_instance",
    }
