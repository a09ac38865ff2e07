"""A new user's first hour with the CLI, driven as they would drive it (child processes, a
terminal where prompts matter)."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import threading
from pathlib import Path

from cli_support import CliRunner

from scopestack_async.sandbox import Sandbox

CLI = [sys.executable, "-m", "scopestack_async.cli"]


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
