"""`scopestack login --browser` / `--oob` as a user runs them: real child processes, a real
SIGINT, a ``BROWSER`` command that never exits, a malformed paste."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import stat
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from yarl import URL

from scopestack_async.sandbox import Sandbox

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and shebang scripts")


def browser_script(folder: Path, *, approve_as: str | None, linger: float) -> tuple[Path, Path]:
    """A ``BROWSER`` command: records its pid and URL, approves if asked, then lingers."""
    record = folder / "browser-record"
    script = folder / "fake-browser"
    approve = (
        f"""
        import httpx
        with httpx.Client(follow_redirects=True, timeout=10) as client:
            client.get(url, headers={{"X-Sandbox-User": {approve_as!r}}})
        """
        if approve_as
        else ""
    )
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import os, pathlib, sys, time
            url = sys.argv[1]
            pathlib.Path({str(record)!r}).write_text(f"{{os.getpid()}} {{url}}")
            """
        )
        + textwrap.dedent(approve)
        + f"time.sleep({linger})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, record


def recorded(record: Path) -> str:
    return record.read_text() if record.exists() else ""


async def read_record(record: Path) -> tuple[int, str]:
    for _ in range(1000):
        text = recorded(record)
        if " " in text:
            pid, url = text.split(" ", 1)
            return int(pid), url
        await asyncio.sleep(0.02)
    raise AssertionError("the CLI never opened the browser")


def token_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "scopestack-async" / "tokens.json"


def listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def start_cli(env: dict[str, str], cwd: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scopestack_async.cli", *args, env=env, cwd=cwd,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


def kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


async def test_sigint_stops_a_browser_login_at_once_and_a_late_callback_stores_nothing(
    cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    script, record = browser_script(tmp_path, approve_as=None, linger=0)
    env = {**cli_env, "BROWSER": str(script)}
    child = await start_cli(env, tmp_path, "login", "--browser")
    try:
        _pid, url = await read_record(record)
        port = URL(URL(url).query["redirect_uri"]).port
        assert port is not None
        assert listening(port)
        child.send_signal(signal.SIGINT)
        # The callback server closes on Ctrl-C (before it waited 10 s for the login task).
        for _ in range(100):
            if not listening(port):
                break
            await asyncio.sleep(0.05)
        assert not listening(port)
        # The user approves in the still-open tab afterwards: nobody receives it.
        with pytest.raises(httpx.ConnectError):
            await asyncio.to_thread(
                httpx.get, url, headers={"X-Sandbox-User": "admin"}, follow_redirects=True
            )
        out, err = await asyncio.wait_for(child.communicate(), 60)
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    assert child.returncode == 130, err.decode()
    assert "Interrupted." in out.decode() + err.decode()
    assert not token_file(tmp_path).exists()
    assert cli_sb.stats.token_requests.total() == 0


async def test_login_does_not_wait_for_the_browser_command_to_exit(
    cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    script, record = browser_script(tmp_path, approve_as="admin", linger=300)
    env = {**cli_env, "BROWSER": str(script)}
    child = await start_cli(env, tmp_path, "login", "--browser")
    pid = None
    try:
        pid, _url = await read_record(record)
        # Far less than the 300 s the browser command lingers.
        out, err = await asyncio.wait_for(child.communicate(), 60)
        assert child.returncode == 0, err.decode()
        assert f"Logged in as {cli_sb.users['admin'].username}" in out.decode()
        os.kill(pid, 0)  # the browser still runs: the CLI did not wait for it
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
        if pid is not None:
            kill_quietly(pid)
    assert token_file(tmp_path).exists()


@pytest.mark.parametrize(
    "pasted",
    [
        "https://app.example:99999/oauth/authorize/native?code=" + "c" * 43,
        "https://[::1/oauth/authorize/native?code=" + "c" * 43,
    ],
)
async def test_oob_login_with_a_malformed_pasted_url_says_what_to_paste(
    cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path, pasted: str
) -> None:
    child = await start_cli(cli_env, tmp_path, "login", "--oob")
    out, err = await asyncio.wait_for(child.communicate(f"{pasted}\n".encode()), 60)
    text = err.decode()
    assert child.returncode not in (0, 1, 130), text
    assert "Traceback" not in text
    assert "not an authorization code" in text
    assert "c" * 43 not in text + out.decode()
    assert cli_sb.stats.token_requests.total() == 0


async def test_sigint_stops_an_oob_login_waiting_for_the_paste(
    cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    child = await start_cli(cli_env, tmp_path, "login", "--oob")
    try:
        assert child.stderr is not None
        seen = b""
        for _ in range(200):  # wait for the prompt
            seen += await asyncio.wait_for(child.stderr.read(200), 30)
            if b"Authorization code:" in seen:
                break
        assert b"Authorization code:" in seen
        child.send_signal(signal.SIGINT)
        # stdin stays open, as on a terminal where nothing was typed: the CLI must not wait
        # for a line before it can exit.
        await asyncio.wait_for(child.wait(), 60)
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    assert child.returncode == 130
    assert not token_file(tmp_path).exists()
    assert cli_sb.stats.token_requests.total() == 0
