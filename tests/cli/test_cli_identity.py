"""Issue 14, items 1-3 and 14: a CLI profile's token never speaks for another profile's user.

The real ``scopestack`` command runs in a child process against the sandbox; browser logins go
through the sandbox's auto-approving ``/oauth/authorize`` (``BROWSER`` is a tiny script that
follows the redirect to the CLI's loopback callback and leaves a mark that it ran).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import attrs
from cli_support import CliRunner, Ran

from scopestack_async.sandbox import Sandbox

_BROWSER = """\
import sys, urllib.request
from pathlib import Path
Path(sys.argv[1]).open("a").write("opened\\n")
urllib.request.urlopen(sys.argv[2], timeout=30).read()
"""


def _interactive_env(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """No user name or password in the environment; a browser that records each opening."""
    script = tmp_path / "browser.py"
    script.write_text(_BROWSER)
    env = {
        k: v for k, v in cli_env.items() if k not in ("SCOPESTACK_USERNAME", "SCOPESTACK_PASSWORD")
    }
    env["BROWSER"] = f"{sys.executable} {script} {tmp_path / 'opened.log'} %s"
    return env


def _openings(tmp_path: Path) -> int:
    log = tmp_path / "opened.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def _approve_as(sb: Sandbox, user: str) -> None:
    sb.config = attrs.evolve(sb.config, authorize_user=user)


def _error(ran: Ran) -> str:
    lines = [line for line in ran.err.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, ran.err
    return lines[0]


async def test_browser_logins_of_two_profiles_keep_two_users(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    env = _interactive_env(cli_env, tmp_path)
    _approve_as(cli_sb, "readonly")
    br = await run_cli("login", "--browser", "--profile", "br", env=env)
    assert br.code == 0, br.err
    assert "viewer@acme.example" in br.out
    assert _openings(tmp_path) == 1

    _approve_as(cli_sb, "globex_admin")
    globex = await run_cli("login", "--browser", "--profile", "globex", env=env)
    assert globex.code == 0, globex.err
    assert _openings(tmp_path) == 2  # a second profile always opens the browser
    assert "admin@globex.example" in globex.out

    who_br = await run_cli("whoami", "--profile", "br", "--json", env=env)
    assert who_br.code == 0, who_br.err
    assert json.loads(who_br.out)["user"] == "viewer@acme.example"
    who_globex = await run_cli("whoami", "--profile", "globex", "--json", env=env)
    assert who_globex.code == 0, who_globex.err
    assert json.loads(who_globex.out)["account"] == "globex"


async def test_oob_and_password_profiles_are_separate_slots(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    admin = await run_cli("login", "--password", "--profile", "dev")
    assert admin.code == 0, admin.err
    globex = cli_sb.users["globex_admin"]
    prod_env = {**cli_env, "SCOPESTACK_USERNAME": globex.username,
                "SCOPESTACK_PASSWORD": globex.password}  # fmt: skip
    prod = await run_cli("login", "--password", "--profile", "prod", env=prod_env)
    assert prod.code == 0, prod.err
    bare = {
        k: v for k, v in cli_env.items() if k not in ("SCOPESTACK_USERNAME", "SCOPESTACK_PASSWORD")
    }
    dev = json.loads((await run_cli("whoami", "--profile", "dev", "--json", env=bare)).out)
    assert dev["user"] == "admin@acme.example"
    prod_who = json.loads((await run_cli("whoami", "--profile", "prod", "--json", env=bare)).out)
    assert prod_who["user"] == "admin@globex.example"


async def test_unknown_profile_is_refused_and_names_the_known_ones(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox
) -> None:
    before = await run_cli("whoami", "--profile", "doesnotexist")
    assert before.code == 2, before.err
    assert "no profile named 'doesnotexist'" in _error(before)
    assert "scopestack login --profile doesnotexist" in _error(before)
    assert "RefreshTokenGrant" not in before.err

    assert (await run_cli("login", "--password", "--profile", "work")).code == 0
    cli_sb.stats.reset()
    after = await run_cli("whoami", "--profile", "doesnotexist")
    assert after.code == 2, after.err
    assert "profiles: work" in _error(after)
    assert cli_sb.stats.api_total == 0  # nobody's token was used
    env_named = await run_cli("whoami", env={**cli_env, "SCOPESTACK_PROFILE": "nope"})
    assert env_named.code == 2
    assert "no profile named 'nope'" in _error(env_named)


async def test_login_always_runs_the_grant_and_keeps_the_old_token_on_failure(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox
) -> None:
    assert (await run_cli("login", "--password")).code == 0
    cli_sb.stats.reset()
    wrong = await run_cli("login", "--password", env={**cli_env, "SCOPESTACK_PASSWORD": "wrong"})
    assert wrong.code == 3, wrong.out
    assert "Logged in" not in wrong.out
    assert cli_sb.stats.token_requests["password"] == 1  # the grant ran
    bare = {k: v for k, v in cli_env.items() if k != "SCOPESTACK_PASSWORD"}
    who = await run_cli("whoami", "--json", env=bare)
    assert who.code == 0, who.err  # a failed login left the stored token alone
    assert json.loads(who.out)["user"] == "admin@acme.example"

    cli_sb.stats.reset()
    again = await run_cli("login", "--password")
    assert again.code == 0, again.err
    assert cli_sb.stats.token_requests["password"] == 1  # a valid token did not skip it


async def test_a_token_store_failure_has_its_own_exit_code(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "config" / "scopestack-async" / "tokens.json").mkdir(parents=True)
    ran = await run_cli("login", "--password")
    assert ran.code == 6, ran.err
    assert "token file" in _error(ran)


async def test_plain_http_names_the_cli_setting(
    run_cli: CliRunner, cli_env: dict[str, str]
) -> None:
    ran = await run_cli("whoami", env={**cli_env, "SCOPESTACK_API_URL": "http://api.example.com"})
    assert ran.code == 2
    message = _error(ran)
    assert "--api-url" in message
    assert "SCOPESTACK_API_URL" in message
    assert "allow_insecure_http" not in message


async def test_logout_with_the_server_down_says_what_succeeded(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox
) -> None:
    assert (await run_cli("login", "--password")).code == 0
    await cli_sb.stop()  # the server is down
    ran = await run_cli("logout")
    assert ran.code == 5, ran.err
    assert "Logged out locally" in ran.out
    message = _error(ran)
    assert "did not confirm the revocation" in message
    assert "local logout succeeded" in message
    bare = {k: v for k, v in cli_env.items() if k != "SCOPESTACK_PASSWORD"}
    after = await run_cli("whoami", env=bare)
    assert after.code == 3  # the local token really is gone


async def _oob_login(cli_env: dict[str, str], cwd: Path, profile: str, user: str) -> Ran:
    """``scopestack login --oob``: read the URL it shows, approve as ``user``, paste the code."""
    import asyncio
    import re

    import aiohttp

    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scopestack_async.cli", "login", "--oob", "--profile", profile,
        env=cli_env, cwd=cwd, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert child.stderr is not None
    assert child.stdin is not None
    shown = b""
    for _ in range(200):  # the URL is shown within a few lines
        shown += await asyncio.wait_for(child.stderr.readline(), 30)
        found = re.search(rb"(http://\S+/oauth/authorize\?\S+)", shown)
        if found:
            break
    assert found, shown
    async with aiohttp.ClientSession() as browser:
        async with browser.get(found.group(1).decode(), headers={"X-Sandbox-User": user}) as page:
            code = re.search(r'<code id="authorization_code">([^<]+)</code>', await page.text())
    assert code, "the sandbox showed no code"
    child.stdin.write(code.group(1).encode() + b"\n")
    await child.stdin.drain()
    out, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode is not None
    return Ran(child.returncode, out.decode(), (shown + err).decode())


async def test_oob_logins_of_two_profiles_keep_two_users(
    run_cli: CliRunner, cli_env: dict[str, str], cli_sb: Sandbox, tmp_path: Path
) -> None:
    env = _interactive_env(cli_env, tmp_path)
    env["SCOPESTACK_CLIENT_ID"] = cli_sb.clients["oob"].client_id
    env["SCOPESTACK_CLIENT_SECRET"] = cli_sb.clients["oob"].client_secret or ""
    first = await _oob_login(env, tmp_path, "reader", "readonly")
    assert first.code == 0, first.err
    second = await _oob_login(env, tmp_path, "gina", "globex_admin")
    assert second.code == 0, second.err
    assert "admin@globex.example" in second.out  # a real login, not the reader's token
    reader = await run_cli("whoami", "--profile", "reader", "--json", env=env)
    assert json.loads(reader.out)["user"] == "viewer@acme.example", reader.err
    gina = await run_cli("whoami", "--profile", "gina", "--json", env=env)
    assert json.loads(gina.out)["user"] == "admin@globex.example", gina.err
