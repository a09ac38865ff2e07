"""A new user's first hour with the CLI, driven as they would drive it (child processes, a
terminal where prompts matter)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cli_support import CLI, CliRunner, run_in_pty

from scopestack_async.sandbox import Sandbox


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOPESTACK_")}
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    return env


def _sandbox_banner(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start ``scopestack sandbox ARGS``; return it and what it printed up to 'Press Ctrl-C'."""
    child = subprocess.Popen(
        [*CLI, "sandbox", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    killer = threading.Timer(60, child.kill)
    killer.start()
    assert child.stdout is not None
    lines: list[str] = []
    for _ in range(200):
        lines.append(child.stdout.readline())
        if "Press Ctrl-C" in lines[-1] or not lines[-1]:
            break
    killer.cancel()
    return child, "".join(lines)


def _stop(child: subprocess.Popen[str]) -> None:
    child.terminate()
    child.wait(timeout=30)
    if child.stdout is not None:
        child.stdout.close()


def test_sandbox_prints_the_lines_to_paste_and_they_work(tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    child, banner = _sandbox_banner(["--port", "0", "--records", "50"], env)
    try:
        exports = [line.strip() for line in banner.splitlines() if "export SCOPESTACK_" in line]
        names = {line.split("=", 1)[0].split()[-1] for line in exports}
        assert names == {
            "SCOPESTACK_AUTH_URL", "SCOPESTACK_API_URL", "SCOPESTACK_CLIENT_ID",
            "SCOPESTACK_CLIENT_SECRET", "SCOPESTACK_USERNAME", "SCOPESTACK_PASSWORD",
        }  # fmt: skip
        script = "\n".join([*exports, f"{shlex.join(CLI)} whoami"])
        ran = subprocess.run(
            ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60,
            check=False,
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert "in account acme" in ran.stdout
    finally:
        _stop(child)


def test_sandbox_print_env_is_eval_able_against_the_running_sandbox(tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    port = _free_port()
    child, _ = _sandbox_banner(["--port", str(port), "--records", "50", "--seed", "3"], env)
    try:
        cli = shlex.join(CLI)
        script = (
            f'eval "$({cli} sandbox --port {port} --seed 3 --print-env)" && '
            f"{cli} login --password && {cli} whoami"
        )
        ran = subprocess.run(
            ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60,
            check=False,
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        assert "in account acme" in ran.stdout
        alone = subprocess.run(
            [*CLI, "sandbox", "--port", "0", "--print-env"], env=env, capture_output=True,
            text=True, timeout=60, check=False,
        )  # fmt: skip
        assert alone.returncode == 2
        assert "--port" in alone.stderr
    finally:
        _stop(child)


async def test_the_filter_hint_names_a_filter_that_matches_data(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    bad = await run_cli("export", "projects", "--filter", "status")
    assert bad.code == 2
    hint = re.search(r"e\.g\. (\S+=[^\s)]+)", bad.err)
    assert hint, bad.err
    ran = await run_cli(
        "export", "projects", "--format", "csv", "--out", "p.csv", "--filter", hint[1]
    )
    assert ran.code == 0, ran.err
    assert len((tmp_path / "p.csv").read_text().splitlines()) > 1


async def test_an_empty_csv_export_still_writes_its_header(
    run_cli: CliRunner, tmp_path: Path, cli_sb: Sandbox
) -> None:
    ran = await run_cli(
        "export", "projects", "--format", "csv", "--out", "none.csv", "--filter", "status=nope"
    )
    assert ran.code == 0, ran.err
    assert "Exported 0 records" in ran.out
    assert (tmp_path / "none.csv").read_text() == "id,type,_extra\n"


def test_login_without_a_client_id_says_so_before_asking_for_the_password(tmp_path: Path) -> None:
    code, text = run_in_pty(["login", "--password", "--username", "ada@example.com"],
                          _clean_env(tmp_path), answer=b"secret\n")  # fmt: skip
    assert code == 2, text
    assert "No client id" in text
    assert "Password" not in text  # never asked for a password it could not use


async def test_login_with_a_client_id_prompts_on_the_terminal(
    cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    env = {k: v for k, v in cli_env.items() if k != "SCOPESTACK_PASSWORD"}
    admin = cli_sb.users["admin"]
    code, text = await asyncio.to_thread(  # the sandbox serves from this loop meanwhile
        run_in_pty, ["login", "--password", "--username", admin.username], env,
        admin.password.encode() + b"\n",
    )  # fmt: skip
    assert code == 0, text
    assert "Password" in text
    assert f"Logged in as {admin.username}" in text


async def test_an_insecure_keyring_backend_is_never_used_for_tokens(
    run_cli: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**cli_env, "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    ran = await run_cli("login", "--password", env=env)
    assert ran.code == 0, ran.err
    token_file = tmp_path / "config" / "scopestack-async" / "tokens.json"
    assert f"Token kept in the file store: {token_file}" in ran.out
    assert "PlaintextKeyring" in ran.out  # says why the keyring was not used
    assert token_file.exists()
    assert not list((tmp_path / "data").rglob("*.cfg"))  # nothing written by the plaintext backend
    forced = await run_cli("login", "--password", env={**env, "SCOPESTACK_TOKEN_STORE": "keyring"})
    assert forced.code == 2
    assert "PlaintextKeyring" in forced.err
    assert "SCOPESTACK_TOKEN_STORE=file" in forced.err


def test_a_secure_keyring_is_named_with_where_the_token_is(tmp_path: Path) -> None:
    from scopestack_async.cli.settings import choose_store

    code = (
        "import keyring, keyring.backend, sys\n"
        "class Vault(keyring.backend.KeyringBackend):\n"
        "    priority = 5\n"
        "    def get_password(self, s, u): return None\n"
        "    def set_password(self, s, u, p): pass\n"
        "    def delete_password(self, s, u): pass\n"
        "keyring.set_keyring(Vault())\n"
        "from scopestack_async.cli.settings import choose_store\n"
        "store, kind, where = choose_store(None)\n"
        "print(kind, '|', where)\n"
    )
    assert choose_store  # imported where the child imports it
    ran = subprocess.run([sys.executable, "-c", code], env=_clean_env(tmp_path),
                         capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == (
        "keyring | the OS keyring (__main__.Vault, service scopestack-async)"
    )


async def test_a_resumed_export_counts_its_own_records_in_the_rate(
    run_cli: CliRunner, cli_sb: Sandbox, tmp_path: Path
) -> None:
    class StopError(Exception):
        pass

    def stop_after_five(event: object) -> None:
        if getattr(event, "pages", 0) == 5:
            raise StopError

    target = tmp_path / "p.jsonl"
    checkpoint = tmp_path / ".p.jsonl.ckpt"
    async with cli_sb.session() as session:
        with pytest.raises(StopError):
            await session.export(
                "projects", target, page_size=10, concurrency=1, checkpoint=checkpoint,
                checkpoint_every=1, progress=stop_after_five,
            )  # fmt: skip
    assert checkpoint.exists()
    ran = await run_cli("export", "projects", "--out", "p.jsonl", "--page-size", "10",
                        "--resume", "--json")  # fmt: skip
    assert ran.code == 0, ran.err
    summary = json.loads(ran.out)
    assert summary["resumed_pages"] == 5
    assert summary["resumed_records"] == 50
    assert summary["records"] == 2_000
    text = await run_cli("export", "projects", "--out", "q.jsonl", "--page-size", "10")
    assert "Resumed" not in text.out
    # The rate is this run's records over this run's time, never the checkpoint's records.
    from scopestack_async.export.engine import ExportResult

    result = ExportResult(records=1000, pages=10, retries=0, seconds=2.0, resumed_pages=9,
                          resumed_records=900)  # fmt: skip
    assert result.records_per_second == 50.0


async def test_resume_summary_names_the_resumed_pages(
    run_cli: CliRunner, cli_sb: Sandbox, tmp_path: Path
) -> None:
    class StopError(Exception):
        pass

    def stop_after_three(event: object) -> None:
        if getattr(event, "pages", 0) == 3:
            raise StopError

    async with cli_sb.session() as session:
        with pytest.raises(StopError):
            await session.export(
                "projects", tmp_path / "r.jsonl", page_size=100, concurrency=1,
                checkpoint=tmp_path / ".r.jsonl.ckpt", checkpoint_every=1,
                progress=stop_after_three,
            )  # fmt: skip
    ran = await run_cli("export", "projects", "--out", "r.jsonl", "--resume")
    assert ran.code == 0, ran.err
    assert "Resumed 3 pages (300 records) from the checkpoint" in ran.out
    assert "this run: 1700 records in 17 pages" in ran.out


def test_the_progress_bar_labels_its_eta(tmp_path: Path) -> None:
    env = dict(_clean_env(tmp_path), COLUMNS="160", TERM="xterm")
    code, text = run_in_pty(["demo", "--records", "3000"], env)
    assert code == 0, text
    assert "ETA" in text


def test_demo_removes_its_temp_folder_unless_asked_to_keep_it(tmp_path: Path) -> None:
    env = dict(_clean_env(tmp_path), TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    ran = subprocess.run([*CLI, "demo", "--records", "500"], env=env, capture_output=True,
                         text=True, timeout=60, check=False)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
    assert "removed" in ran.stdout + ran.stderr
    kept = subprocess.run([*CLI, "demo", "--records", "500", "--keep"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    (folder,) = (tmp_path / "tmp").iterdir()
    assert {"projects.jsonl", "tokens.json"} <= {p.name for p in folder.iterdir()}
    assert f"Kept in {folder}" in kept.stdout + kept.stderr
