"""Secret hygiene (issue 8, claim 3): every public flow, DEBUG logs, and not one secret shown.

The secrets come from the sandbox's own state (every access and refresh token it issued, every
code, every client secret, every password) plus the PKCE verifiers the client made, so the test
cannot pass by looking for the wrong strings.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from yarl import URL

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


def session_for(sb: Sandbox, grant: Any, *, client: str = "confidential") -> ss.ScopeStackSession:
    oauth_client = sb.clients[client]
    return ss.ScopeStackSession(
        client_id=oauth_client.client_id,
        client_secret=oauth_client.client_secret,
        authenticator=grant,
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )


def password(sb: Sandbox, key: str = "admin") -> ss.PasswordGrant:
    user = sb.users[key]
    return ss.PasswordGrant(username=user.username, password=user.password)


class Shown:
    """Everything a user or an operator could see: texts and reprs."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, *objects: object) -> None:
        for obj in objects:
            self.texts.extend([str(obj), repr(obj)])

    def error(self, exc: BaseException) -> None:
        self.add(exc, exc.__cause__, exc.__context__, getattr(exc, "errors", None))


async def password_refresh_export_logout(sb: Sandbox, shown: Shown, out: Path) -> None:
    async with session_for(sb, password(sb)) as session:
        shown.add(session, await session.me(), session.tokens, session.tokens.token)
        sb.expire_tokens_now()
        await session.me(refresh=True)  # refresh-token grant after a 401
        shown.add(await session.export("projects", out / "p.jsonl"), session.tokens.token)
        await session.logout()


async def client_credentials(sb: Sandbox, shown: Shown) -> None:
    grant = ss.ClientCredentialsGrant()
    async with session_for(sb, grant, client="service:ci-export") as session:
        shown.add(grant, await session.me(), session.tokens.token)


async def refresh_token_grant(sb: Sandbox, shown: Shown) -> None:
    grant = ss.RefreshTokenGrant(refresh_token=sb.mint_token("admin")["refresh_token"])
    async with session_for(sb, grant) as session:
        shown.add(grant, await session.me(), session.tokens.token)


async def code_with_pkce(sb: Sandbox, shown: Shown, verifiers: list[str]) -> None:
    grant = ss.AuthorizationCodeGrant(redirect_uri=sb.redirect_uri, loopback=False)
    async with session_for(sb, grant) as session, aiohttp.ClientSession() as browser:
        pending = session.begin_authorization()
        assert pending.code_verifier is not None
        verifiers.append(pending.code_verifier)
        shown.add(pending, grant)
        async with browser.get(pending.authorize_url, allow_redirects=False) as resp:
            location = URL(resp.headers["Location"])
        shown.add(await session.complete_authorization(dict(location.query), pending))
        shown.add(await session.me())


async def out_of_band(sb: Sandbox, shown: Shown) -> None:
    urls: list[str] = []

    async def paste() -> str:
        async with aiohttp.ClientSession() as browser:
            async with browser.get(urls[0]) as resp:
                page = await resp.text()
        match = re.search(r'<code id="authorization_code">([^<]+)</code>', page)
        assert match is not None
        return match.group(1)

    grant = ss.OutOfBandGrant(code_provider=paste, show_url=urls.append)
    async with session_for(sb, grant, client="oob") as session:
        shown.add(grant, await session.me(), session.tokens.token)


async def failures(sb: Sandbox, shown: Shown) -> None:
    """The errors a user meets: bad password, revoked token, missing privilege."""
    bad = ss.PasswordGrant(username=sb.users["admin"].username, password="wrong-password-123")
    async with session_for(sb, bad) as session:
        with pytest.raises(ss.OAuthError) as refused:
            await session.me()
        shown.error(refused.value)
    async with session_for(sb, password(sb, "readonly")) as session:
        with pytest.raises(ss.PermissionDeniedError) as denied:
            await session.resource("clients").create({"name": "nope"})
        shown.error(denied.value)
        sb.deactivate_user("readonly")
        with pytest.raises(ss.AuthenticationError) as revoked:
            await session.me(refresh=True)
        shown.error(revoked.value)
        sb.reactivate_user("readonly")


async def cli(sb: Sandbox, shown: Shown, tmp: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOPESTACK_")}
    env.update(
        sb.cli_settings(),
        SCOPESTACK_TOKEN_STORE="file",
        XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    commands = [
        ["login", "--password"],
        ["whoami"],
        ["get", "/v1/me"],
        ["export", "projects", "--out", str(tmp / "cli.jsonl")],
        ["get", "/acme/v1/widgets", "--debug"],  # an error with its traceback
        ["logout"],
    ]
    codes = []
    for args in commands:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scopestack_async.cli", *args, env=env, cwd=tmp,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(child.communicate(), 60)
        shown.texts.extend([out.decode(), err.decode()])
        codes.append(child.returncode)
    assert codes[:4] == [0, 0, 0, 0]
    assert codes[4] != 0
    assert codes[5] == 0


def secrets_of(sb: Sandbox, verifiers: list[str]) -> dict[str, list[str]]:
    clients = [c for c in sb.clients.values() if c.client_secret]
    basic = [
        base64.b64encode(f"{c.client_id}:{c.client_secret}".encode()).decode() for c in clients
    ]
    return {
        "access tokens": list(sb.oauth.by_access),
        "refresh tokens": [t for t in sb.oauth.by_refresh if t],
        "codes": list(sb.oauth.codes),
        "client secrets": [str(c.client_secret) for c in clients] + basic,
        "passwords": [u.password for u in sb.users.values()],
        "PKCE verifiers": verifiers,
    }


async def test_no_secret_is_ever_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    shown, verifiers = Shown(), []
    async with Sandbox(records=30) as sb:
        await password_refresh_export_logout(sb, shown, tmp_path)
        await client_credentials(sb, shown)
        await refresh_token_grant(sb, shown)
        await code_with_pkce(sb, shown, verifiers)
        await out_of_band(sb, shown)
        await failures(sb, shown)
        await cli(sb, shown, tmp_path)
        secrets = secrets_of(sb, verifiers)
        grants = dict(sb.stats.token_requests)
    assert grants.keys() >= {
        "password",
        "refresh_token",
        "client_credentials",
        "authorization_code",
    }
    assert len(secrets["access tokens"]) >= 8
    assert len(secrets["refresh tokens"]) >= 5
    assert len(secrets["codes"]) >= 2  # web code + OOB code
    assert all(len(values) > 0 for values in secrets.values()), secrets.keys()
    captured = capfd.readouterr()
    logs = [caplog.text] + [r.getMessage() for r in caplog.records]
    logs += [r.exc_text or "" for r in caplog.records]
    haystack = "\n".join([*shown.texts, *logs, captured.out, captured.err])
    assert len(caplog.records) > 20  # DEBUG logging really ran
    assert "Traceback" in haystack  # the --debug traceback is part of what we searched
    leaked = {
        kind: [v[:6] + "..." for v in values if v in haystack] for kind, values in secrets.items()
    }
    assert leaked == {kind: [] for kind in secrets}
