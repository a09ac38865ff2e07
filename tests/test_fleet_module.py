"""Fleet coordination has its own module (session settings, not export ones); the old path works."""

from __future__ import annotations

import ast
from pathlib import Path

import scopestack_async.export.fleet as old
import scopestack_async.fleet as fleet
from scopestack_async.retry import PauseGate

ROOT = Path(__file__).resolve().parents[1]


def test_the_fleet_limits_live_in_their_own_module() -> None:
    assert fleet.RedisPauseGate.__module__ == "scopestack_async.fleet"
    assert fleet.RedisRateLimit.__module__ == "scopestack_async.fleet"
    assert old.RedisPauseGate is fleet.RedisPauseGate
    assert old.RedisRateLimit is fleet.RedisRateLimit
    assert isinstance(fleet.RedisPauseGate("redis://127.0.0.1:1/0", key="k"), PauseGate)


def test_the_fleet_module_imports_nothing_from_export() -> None:
    tree = ast.parse((ROOT / "scopestack_async" / "fleet.py").read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any("export" in (m or "") for m in modules)


def test_workers_guide_documents_fleet_coordination() -> None:
    workers = (ROOT / "docs" / "workers.md").read_text()
    assert "### Fleet coordination" in workers
    assert "from scopestack_async.fleet import RedisPauseGate, RedisRateLimit" in workers
