"""``scopestack sandbox`` and ``python -m scopestack_async.sandbox`` as real processes."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys

import aiohttp
import pytest
from click.testing import CliRunner

from scopestack_async.cli import main
from scopestack_async.sandbox.__main__ import parse_args

CLICK = "from scopestack_async.cli import main; main()"


async def run_server(*argv: str) -> tuple[list[str], int]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(30):
            while not lines or lines[-1] != "Press Ctrl-C to stop.":
                raw = await proc.stdout.readline()
                assert raw, (lines, await proc.stderr.read() if proc.stderr else b"")
                lines.append(raw.decode().rstrip())
            await check_server(lines)
    finally:
        proc.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            rest, _ = await proc.communicate()
    lines += rest.decode().splitlines()
    return lines, proc.returncode or 0


async def check_server(lines: list[str]) -> None:
    api = next(line.split()[-1] for line in lines if line.strip().startswith("API URL"))
    auth = next(line.split()[-1] for line in lines if line.strip().startswith("auth URL"))
    client = next(line for line in lines if line.strip().startswith("client "))
    client_id = client.split("client_id=")[1].split()[0]
    secret = client.split("client_secret=")[1].split()[0]
    admin = next(line for line in lines if "user admin" in line).split()
    username, password = admin[2], admin[4]
    form = {
        "grant_type": "password",
        "username": username,
        "password": password,
        "client_id": client_id,
        "client_secret": secret,
    }
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{auth}/oauth/token", data=form) as resp:
            assert resp.status == 200
            token = (await resp.json())["access_token"]
        async with http.get(
            f"{api}/acme/v1/projects", headers={"Authorization": f"Bearer {token}"}
        ) as resp:
            assert resp.status == 200
            assert (await resp.json())["meta"]["record-count"] == 12


async def test_python_dash_m_runs_until_ctrl_c() -> None:
    lines, code = await run_server(
        "-m", "scopestack_async.sandbox", "--port", "0", "--records", "12", "--seed", "7"
    )
    assert code == 0
    assert lines[0] == "ScopeStack sandbox (seed 7, 12 projects)"
    assert any(line.strip().startswith("API URL    http://127.0.0.1:") for line in lines)
    assert lines[-1] == "Sandbox stopped."
    assert not any("WARNING" in line for line in lines)


async def test_click_command_runs_two_ports() -> None:
    lines, code = await run_server(
        "-c", CLICK, "sandbox", "--port", "0", "--records", "12", "--two-ports", "--token-ttl", "60"
    )
    assert code == 0
    urls = [line.split()[-1] for line in lines if line.strip().startswith(("auth URL", "API URL"))]
    assert len(set(urls)) == 2


def test_cli_is_a_group_with_sandbox() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "sandbox" in result.output
    result = CliRunner().invoke(main, ["sandbox", "--fault-rate", "2"])
    assert result.exit_code == 2
    assert "--fault-rate" in result.output


def test_module_options_map_to_config() -> None:
    config = parse_args(
        [
            "--port",
            "8001",
            "--records",
            "100000",
            "--token-ttl",
            "60",
            "--fault-rate",
            "0.05",
            "--seed",
            "7",
            "--rotation",
            "immediate",
        ]
    )
    assert (
        config.port,
        config.records,
        config.token_ttl,
        config.fault_rate,
        config.seed,
        config.rotation,
        config.host,
    ) == (8001, 100000, 60.0, 0.05, 7, "immediate", "127.0.0.1")
    with pytest.raises(SystemExit):
        parse_args(["--rotation", "sometimes"])


BAD_VALUES = [
    ("--fault-rate", "2"),
    ("--rate-limit-rate", "-0.1"),
    ("--reset-rate", "1.5"),
    ("--latency", "-1"),
    ("--jitter", "-1"),
    ("--token-ttl", "-1"),
    ("--records", "-1"),
    ("--max-page-size", "0"),
]


@pytest.mark.parametrize(("option", "value"), BAD_VALUES)
def test_both_entry_points_refuse_the_same_bad_values_with_exit_2(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args([option, value])
    assert exited.value.code == 2
    assert option.removeprefix("--").replace("-", "_") in capsys.readouterr().err
    result = CliRunner().invoke(main, ["sandbox", option, value])
    assert result.exit_code == 2
    assert option in result.output


def test_module_bad_value_is_a_usage_error_not_a_traceback() -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "scopestack_async.sandbox", "--fault-rate", "2"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert ran.returncode == 2
    assert "Traceback" not in ran.stderr
    assert ran.stderr.splitlines()[-1] == (
        "python -m scopestack_async.sandbox: error: fault_rate must be between 0 and 1, got 2.0"
    )
