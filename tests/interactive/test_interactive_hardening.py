"""Interactive logins, hardened: cancelling stops them, PKCE cannot be downgraded, a bad paste
is a typed error, and the browser is opened without waiting for it.

Against the sandbox; "the browser" is an httpx client run in the opener's thread.
"""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import sys
import textwrap
import webbrowser
from pathlib import Path

import httpx
import pytest
from interactive_support import port_is_free
from yarl import URL

import scopestack_async as ss
from scopestack_async._core import pkce
from scopestack_async.auth import interactive
from scopestack_async.sandbox import Sandbox


class Recorder:
    """An opener that only records the URL it was asked to open (the user has not acted yet)."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return True

    async def wait_opened(self) -> str:
        for _ in range(500):
            if self.opened:
                return self.opened[0]
            await asyncio.sleep(0.01)
        raise AssertionError("the login never opened the browser")


def loopback_session(sb: Sandbox, opener: object, store: ss.TokenStore) -> ss.ScopeStackSession:
    return ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=ss.AuthorizationCodeGrant(
            redirect_uri=sb.redirect_uri,
            opener=opener,  # type: ignore[arg-type]
            show_url=lambda _url: None,
            timeout=60.0,
            subject="u1",  # a shared store needs a named slot (issue 14)
        ),
        token_store=store,
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )


def approve_in_thread(url: str, user: str = "admin") -> int | str:
    """The user approving in the still-open tab: the status of the callback, or the error."""
    try:
        with httpx.Client(follow_redirects=True, timeout=5) as client:
            return client.get(url, headers={"X-Sandbox-User": user}).status_code
    except httpx.TransportError as exc:
        return type(exc).__name__


# -- 2. cancelling an interactive login stops it --------------------------------------------


async def test_a_timed_out_browser_login_closes_the_port_and_stores_nothing_later(
    sb: Sandbox,
) -> None:
    store = ss.MemoryTokenStore()
    opener = Recorder()
    async with loopback_session(sb, opener, store) as session:
        waiting = asyncio.ensure_future(session.ensure_token())
        url = await opener.wait_opened()
        port = URL(URL(url).query["redirect_uri"]).port
        assert port is not None
        assert not port_is_free(port)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        # Cancelled means stopped: nothing listens any more...
        assert port_is_free(port)
        # ...and a user approving in the old tab afterwards reaches nobody.
        outcome = await asyncio.to_thread(approve_in_thread, url)
        assert outcome == "ConnectError"
        await session.close()
        assert session.tokens.token is None
    assert await store.get(session.tokens.key) is None
    assert sb.stats.token_requests.total() == 0


async def test_wait_for_on_ensure_token_cancels_the_login(sb: Sandbox) -> None:
    store = ss.MemoryTokenStore()
    opener = Recorder()
    async with loopback_session(sb, opener, store) as session:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(session.ensure_token(), 0.5)
        url = await opener.wait_opened()
        port = URL(URL(url).query["redirect_uri"]).port
        assert port is not None
        assert port_is_free(port)
        assert session.tokens._task is None or session.tokens._task.done()
    assert await store.get(session.tokens.key) is None


async def test_one_cancelled_waiter_does_not_abort_a_login_another_still_waits_for(
    sb: Sandbox,
) -> None:
    opener = Recorder()
    async with loopback_session(sb, opener, ss.MemoryTokenStore()) as session:
        first = asyncio.ensure_future(session.ensure_token())
        second = asyncio.ensure_future(session.ensure_token())
        url = await opener.wait_opened()
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        assert await asyncio.to_thread(approve_in_thread, url) == 200
        token = await asyncio.wait_for(second, 10)
    assert token.access_token
    assert sb.stats.token_requests["authorization_code"] == 1


async def test_a_refresh_under_an_interactive_grant_stays_shielded(sb: Sandbox) -> None:
    # The stored token is expired but refreshable: the refresh is not a login and must finish
    # even when its caller is cancelled, or a rotated refresh token would be lost.
    store = ss.MemoryTokenStore()
    opener = Recorder()
    async with loopback_session(sb, opener, store) as session:
        minted = ss.Token.from_response(sb.mint_token("admin"))
        expired = ss.Token(
            access_token=minted.access_token,
            refresh_token=minted.refresh_token,
            expires_in=7200,
            created_at=0.0,
        )
        await store.set(session.tokens.key, expired)
        waiting = asyncio.ensure_future(session.ensure_token())
        for _ in range(200):
            if session.tokens._task is not None:
                break
            await asyncio.sleep(0)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await session.close()
    stored = await store.get(session.tokens.key)
    assert stored is not None
    assert stored.access_token != expired.access_token
    assert sb.stats.token_requests["refresh_token"] == 1
    assert opener.opened == []


async def test_cancelling_an_oob_login_stops_waiting_for_the_paste(sb: Sandbox) -> None:
    pasted = asyncio.Event()
    asked: list[str] = []

    async def never_pasted() -> str:
        asked.append("asked")
        await pasted.wait()
        return "x" * 43

    store = ss.MemoryTokenStore()
    grant = ss.OutOfBandGrant(code_provider=never_pasted, show_url=lambda _u: None, subject="u1")
    async with ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=grant,
        token_store=store,
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    ) as session:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(session.ensure_token(), 0.3)
        assert asked == ["asked"]
        task = session.tokens._task
        assert task is None or task.done()
    assert await store.get(session.tokens.key) is None
    assert sb.stats.token_requests.total() == 0


# -- 5. a PKCE downgrade is refused ------------------------------------------------------------


async def test_sandbox_refuses_a_verifier_for_a_code_issued_without_challenge(
    sb: Sandbox,
) -> None:
    async with httpx.AsyncClient(follow_redirects=False) as client:
        authorize = URL(sb.auth_url) / "oauth/authorize"
        query = {
            "client_id": sb.client_id,
            "redirect_uri": sb.redirect_uri,
            "response_type": "code",
            "state": "s" * 20,
        }
        resp = await client.get(
            str(authorize.with_query(query)), headers={"X-Sandbox-User": "admin"}
        )
        assert resp.status_code == 302, resp.text
        code = URL(resp.headers["location"]).query["code"]
        token = await client.post(
            f"{sb.auth_url}/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": sb.redirect_uri,
                "client_id": sb.client_id,
                "client_secret": sb.client_secret,
                "code_verifier": pkce.new_verifier(),
            },
        )
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_grant"


async def test_a_pkce_less_code_raced_to_the_loopback_port_does_not_log_in(
    sb: Sandbox,
) -> None:
    """Another local program takes the authorize URL, drops the PKCE challenge, approves as
    *its* user and delivers that code to our loopback port first: the login must fail."""
    delivered: list[int] = []

    def attacker(url: str) -> bool:
        query = dict(URL(url).query)
        query.pop("code_challenge")
        query.pop("code_challenge_method")
        downgraded = str(URL(url).with_query(query))
        with httpx.Client(follow_redirects=True, timeout=5) as client:
            resp = client.get(downgraded, headers={"X-Sandbox-User": "globex_admin"})
        delivered.append(resp.status_code)
        return True

    store = ss.MemoryTokenStore()
    async with loopback_session(sb, attacker, store) as session:
        with pytest.raises(ss.OAuthError) as info:
            await session.ensure_token()
    assert delivered == [200]  # the loopback server took the raced callback
    assert info.value.error == "invalid_grant"
    assert await store.get(session.tokens.key) is None
    assert sb.stats.token_requests["authorization_code"] == 1


# -- 6. a malformed pasted URL is a typed error --------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "https://app.example:99999/oauth/authorize/native?code=" + "a" * 43,
        "https://[::1/oauth/authorize/native?code=" + "a" * 43,
        "http://:80:80/?code=" + "a" * 43,
    ],
)
def test_a_malformed_pasted_url_says_what_to_paste(pasted: str) -> None:
    with pytest.raises(ss.AuthenticationError, match="Authorization code") as info:
        pkce.code_from_paste(pasted)
    assert "a" * 43 not in str(info.value)


# -- 13. the browser is opened without waiting for it -----------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="a shebang script as BROWSER")
async def test_open_browser_returns_while_the_browser_command_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "started"
    script = tmp_path / "slow-browser"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import os, pathlib, sys, time
            pathlib.Path({str(marker)!r}).write_text(f"{{os.getpid()}} {{sys.argv[1]}}")
            time.sleep(30)
            """
        )
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    done = asyncio.ensure_future(asyncio.to_thread(interactive.launch_browser, "http://h/x"))
    finished, _ = await asyncio.wait({done}, timeout=20)
    assert finished == {done}  # returned long before the 30 s browser exits
    assert done.result() is True
    for _ in range(500):
        if marker.exists() and " " in marker.read_text():
            break
        await asyncio.sleep(0.01)
    pid, url = marker.read_text().split(" ")
    try:
        assert url == "http://h/x"
        os.kill(int(pid), 0)  # the browser still runs: nobody waited for it
    finally:
        os.kill(int(pid), signal.SIGKILL)


def test_the_grants_open_the_browser_without_waiting_by_default() -> None:
    grant = ss.AuthorizationCodeGrant(redirect_uri="http://127.0.0.1:8765/callback")
    assert grant.opener is interactive.launch_browser
