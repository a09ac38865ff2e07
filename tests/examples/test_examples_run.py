"""Every example's ``main()``, run against a sandbox: each finishes in a few seconds.

The examples read SCOPESTACK_* variables (set here to point at the test's sandbox) or, without
them, start an embedded sandbox themselves; both paths are run.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scopestack_async.sandbox import Sandbox

Loader = Callable[[str], ModuleType]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_quickstart_logs_in_reads_writes_and_refreshes(
    load_example: Loader, capsys: pytest.CaptureFixture[str]
) -> None:
    await load_example("quickstart").main()
    out = capsys.readouterr().out
    assert "Logged in as Ada Admin <admin@acme.example> in account 'acme'" in out
    assert "500 projects; the first five:" in out
    assert "Created client" in out
    assert "Still admin@acme.example after expiry: 1 refresh(es), 1 login(s)" in out


async def test_password_worker_shares_one_token_among_its_workers(
    sb: Sandbox, load_example: Loader, point_at: Callable[..., None]
) -> None:
    point_at(sb, **{"": "service"})
    totals = await load_example("password_worker").main(["--limit", "30", "--workers", "3"])
    assert len(totals) == 30
    assert sb.stats.token_requests == {"password": 1}
    # /v1/me, one page of projects, one related read per project; nothing else.
    assert sb.stats.api_requests == {200: 32}


async def test_bulk_export_writes_every_project_once(
    sb: Sandbox,
    load_example: Loader,
    point_at: Callable[..., None],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    point_at(sb, **{"": "admin"})
    out = tmp_path / "projects.jsonl"
    result = await load_example("bulk_export").main(["--out", str(out), "--concurrency", "4"])
    lines = out.read_text().splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert (result.records, result.pages, len(ids), len(set(ids))) == (250, 3, 250, 250)
    assert not (tmp_path / "projects.jsonl.ckpt").exists()
    printed = capsys.readouterr().out
    assert "pages 3/3  records 250" in printed
    assert "250 records, 3 pages, 0 retries" in printed


async def test_bulk_export_writes_csv(
    sb: Sandbox, load_example: Loader, point_at: Callable[..., None], tmp_path: Path
) -> None:
    point_at(sb, **{"": "readonly"})
    out = tmp_path / "projects.csv"
    result = await load_example("bulk_export").main(["--out", str(out), "--format", "csv"])
    rows = out.read_text().splitlines()
    assert rows[0].startswith("id,type,")
    assert (result.records, len(rows)) == (250, 251)


async def test_multi_account_reads_two_accounts_with_one_client(
    sb: Sandbox, load_example: Loader, point_at: Callable[..., None]
) -> None:
    point_at(sb, DEV_="admin", PROD_="globex_admin")
    found = await load_example("multi_account").main()
    assert found == {"DEV": ("acme", 250), "PROD": ("globex", 25)}
    assert sb.stats.token_requests == {"password": 2}


async def test_multi_account_runs_on_its_embedded_sandbox(
    load_example: Loader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SCOPESTACK_CLIENT_ID", raising=False)
    found = await load_example("multi_account").main()
    assert found == {"DEV": ("acme", 300), "PROD": ("globex", 30)}


async def test_aiohttp_login_once_logs_a_user_in(load_example: Loader) -> None:
    found: dict[str, Any] = await load_example("aiohttp_login").main(
        ["--once", "--port", str(free_port())]
    )
    csrf = found.pop("csrf_token")
    assert len(csrf) >= 32
    # The app user is the ScopeStack user the login itself established.
    assert found == {
        "app_user": found["app_user"],
        "email": "admin@acme.example",
        "name": "Ada Admin",
        "account": "acme",
    }
    assert found["app_user"].startswith("scopestack-user-")


async def test_fastapi_login_once_logs_a_user_in(load_example: Loader) -> None:
    found: dict[str, Any] = await load_example("fastapi_login").main(["--once"])
    assert found["app_user"].startswith("scopestack-user-")
    assert (found["email"], found["account"]) == ("admin@acme.example", "acme")
    assert found["csrf_token"]


async def test_password_worker_runs_on_its_embedded_sandbox_as_the_service_user(
    load_example: Loader, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SCOPESTACK_CLIENT_ID", raising=False)
    totals = await load_example("password_worker").main(["--limit", "5", "--workers", "2"])
    assert len(totals) == 5
    out = capsys.readouterr().out
    assert "Working as Export Bot <integration@acme.example> in account 'acme'" in out
    assert "with 2 workers: 1 login(s), 0 refresh(es), 0 retries" in out


async def test_bulk_export_runs_on_its_embedded_sandbox(
    load_example: Loader, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SCOPESTACK_CLIENT_ID", raising=False)
    out = tmp_path / "projects.jsonl"
    result = await load_example("bulk_export").main(["--out", str(out)])
    assert result.records == len(out.read_text().splitlines()) == 10_000
