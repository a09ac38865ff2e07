"""The CLI driven as a user would: child processes, with and without a terminal."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from cli_support import CliRunner, Ran, run_in_pty

from scopestack_async.sandbox import Sandbox


def _one_paragraph(ran: Ran) -> str:
    lines = [line for line in ran.err.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, ran.err
    assert "Traceback" not in ran.err
    return lines[0]


async def test_login_whoami_export_logout(
    run_cli: CliRunner, cli_sb: Sandbox, tmp_path: Path
) -> None:
    login = await run_cli("login", "--password")
    assert login.code == 0, login.err
    assert "Token kept in the file store" in login.out
    profiles = (tmp_path / "config" / "scopestack-async" / "profiles.json").read_text()
    assert cli_sb.client_id in profiles
    assert cli_sb.client_secret not in profiles
    assert cli_sb.users["admin"].password not in profiles

    who = await run_cli("whoami", "--json")
    assert who.code == 0, who.err
    assert json.loads(who.out)["account"] == "acme"

    got = await run_cli("get", "/acme/v1/projects", "--query", "page[size]=3")
    assert got.code == 0, got.err
    assert len(json.loads(got.out)["data"]) == 3

    exported = await run_cli("export", "projects", "--out", "p.csv", "--format", "csv",
                             "--filter", "active=true", "--concurrency", "4")  # fmt: skip
    assert exported.code == 0, exported.err
    rows = (tmp_path / "p.csv").read_text().splitlines()
    assert len(rows) - 1 == int(exported.out.split()[1]) > 0
    assert "exported" in exported.err  # plain progress lines without a terminal

    def revoked() -> int:
        return sum(row.revoked_at is not None for row in cli_sb.oauth.by_access.values())

    before = revoked()
    out = await run_cli("logout")
    assert out.code == 0, out.err
    assert "revoked" in out.out
    assert revoked() == before + 1  # revoked on the server, not just forgotten here
    env = await run_cli("whoami", env=None)
    assert env.code == 0  # SCOPESTACK_PASSWORD is still set: the password grant logs in again.


async def test_not_logged_in_is_an_auth_failure(
    run_cli: CliRunner, cli_env: dict[str, str]
) -> None:
    env = {k: v for k, v in cli_env.items() if k != "SCOPESTACK_PASSWORD"}
    ran = await run_cli("whoami", env=env)
    assert ran.code == 3
    message = _one_paragraph(ran)
    assert "RefreshTokenGrant" not in message  # issue 14: advice, not a class name
    assert "scopestack login" in message


async def test_bad_input_each_with_its_message_and_code(run_cli: CliRunner, tmp_path: Path) -> None:
    unknown = await run_cli("export", "widgets")
    assert unknown.code == 2
    assert "Unknown resource 'widgets'" in _one_paragraph(unknown)

    bad_filter = await run_cli("export", "projects", "--filter", "status")
    assert bad_filter.code == 2
    assert "key=value" in bad_filter.err

    unwritable = await run_cli("export", "projects", "--out", str(tmp_path / "no" / "p.jsonl"))
    assert unwritable.code == 2
    assert "Cannot write the export" in _one_paragraph(unwritable)

    (tmp_path / ".p.jsonl.ckpt").write_bytes(b'{"version": 1}')
    stale = await run_cli("export", "projects", "--out", "p.jsonl")
    assert stale.code == 2
    assert "--resume" in _one_paragraph(stale)
    other = await run_cli("export", "projects", "--out", "p.jsonl", "--resume")
    assert other.code == 2
    assert "checkpoint" in _one_paragraph(other)

    debug = await run_cli("export", "widgets", "--debug")
    assert "Traceback" in debug.err


async def test_sigint_stops_cleanly_and_resume_finishes(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    whole = await run_cli("export", "projects", "--out", "whole.jsonl", "--page-size", "10")
    assert whole.code == 0, whole.err
    cli_sb.set_faults(latency=0.01)
    args = ["export", "projects", "--out", "p.jsonl", "--page-size", "10", "--concurrency", "1"]
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scopestack_async.cli", *args, env=cli_env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    checkpoint = tmp_path / ".p.jsonl.ckpt"
    for _ in range(600):
        if checkpoint.exists():
            break
        await asyncio.sleep(0.01)
    child.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(child.communicate(), 30)
    assert child.returncode == 130
    assert "--resume" in err.decode()
    assert not (tmp_path / "p.jsonl").exists()
    assert checkpoint.exists()
    cli_sb.set_faults()
    resumed = await run_cli(*args, "--resume", "--json")
    assert resumed.code == 0, resumed.err
    assert json.loads(resumed.out)["resumed_pages"] >= 20
    assert (tmp_path / "p.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert not checkpoint.exists()


def test_demo_on_a_terminal_shows_a_progress_bar(tmp_path: Path) -> None:
    env = dict(os.environ, COLUMNS="120", TERM="xterm")
    code, text = run_in_pty(["demo", "--out", str(tmp_path)], env)
    assert code == 0, text
    assert "Logged in (password grant) as" in text
    assert "100/100" in text  # the bar's pages column
    assert "Exported 10000 records" in text
    assert str(tmp_path / "projects.jsonl") in text
    assert str(tmp_path / "tokens.json") in text
    assert len((tmp_path / "projects.jsonl").read_bytes().splitlines()) == 10_000


def test_demo_without_a_terminal_prints_plain_lines_and_json(tmp_path: Path) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "scopestack_async.cli", "demo", "--records", "1500",
         "--out", str(tmp_path), "--json"],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    summary = json.loads(ran.stdout)
    assert summary["records"] == 1500
    assert summary["file"] == str(tmp_path / "projects.jsonl")


async def test_http_to_a_host_that_only_starts_like_loopback_is_refused(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox
) -> None:
    cli_sb.stats.reset()
    port = cli_sb.api_url.rsplit(":", 1)[1]
    for fake in ("http://127.0.0.1.evil.example", f"http://localhost.evil.example:{port}"):
        ran = await run_cli("whoami", env={**cli_env, "SCOPESTACK_API_URL": fake})
        assert ran.code == 2, ran.err
        assert "plain http on a non-loopback host" in _one_paragraph(ran)
    assert cli_sb.stats.token_requests == {}  # refused before any token was asked for
    assert cli_sb.stats.api_total == 0


async def test_failing_get_sends_one_request(run_cli: CliRunner, cli_sb: Sandbox) -> None:
    cli_sb.stats.reset()
    ran = await run_cli("get", "/acme/v1/widgets")
    assert ran.code == 2
    assert "404" in _one_paragraph(ran)
    assert cli_sb.stats.api_requests == {404: 1}
