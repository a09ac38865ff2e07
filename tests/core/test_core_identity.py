"""Issue 14, item 1 in Python: a token slot per user, and a stored token checked against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


def _session(sb: Sandbox, grant: Any, **options: Any) -> ss.ScopeStackSession:
    return ss.ScopeStackSession(
        client_id=sb.client_id, client_secret=sb.client_secret, authenticator=grant,
        auth_url=sb.auth_url, api_url=sb.api_url, **options,
    )  # fmt: skip


def _unnamed_grants() -> list[Any]:
    return [
        ss.AuthorizationCodeGrant(redirect_uri="https://app.example/cb", loopback=False),
        ss.OutOfBandGrant(),
        ss.RefreshTokenGrant(refresh_token="held"),
    ]


@pytest.mark.parametrize("grant", _unnamed_grants(), ids=lambda g: type(g).__name__)
def test_a_grant_without_subject_may_not_share_a_store(grant: Any, tmp_path: Path) -> None:
    store = ss.FileTokenStore(tmp_path / "tokens.json")
    with pytest.raises(ss.ConfigurationError, match="no subject") as caught:
        ss.ScopeStackSession(client_id="c", authenticator=grant, token_store=store)
    assert "subject=" in str(caught.value)
    with pytest.raises(ss.ConfigurationError, match="no subject"):
        ss.ScopeStackSession(client_id="c", authenticator=grant, token_store=ss.MemoryTokenStore())
    # Its own memory store holds one user only; named grants get a slot each.
    alone = ss.ScopeStackSession(client_id="c", authenticator=grant)
    assert alone.token_key.endswith("|default")


def test_named_interactive_grants_get_a_slot_each(tmp_path: Path) -> None:
    store = ss.FileTokenStore(tmp_path / "tokens.json")
    keys = {
        ss.ScopeStackSession(
            client_id="c",
            token_store=store,
            authenticator=ss.AuthorizationCodeGrant(
                redirect_uri="https://app.example/cb", loopback=False, subject=user
            ),
        ).token_key
        for user in ("dev-user", "prod-user")
    }
    assert len(keys) == 2


async def test_a_stored_token_of_another_user_is_refused_once_checked(tmp_path: Path) -> None:
    async with Sandbox(records=10) as sb:
        store = ss.FileTokenStore(tmp_path / "tokens.json")
        admin = sb.users["admin"]
        session = _session(
            sb, ss.PasswordGrant(username=admin.username, password=admin.password),
            token_store=store,
        )  # fmt: skip
        # What a shared slot left behind: Gina's (globex) token under Ada's key.
        gina = ss.Token.from_response(sb.mint_token("globex_admin"))
        await store.set(session.token_key, gina)
        sb.stats.reset()
        async with session:
            with pytest.raises(ss.AuthenticationError, match=r"speaks for admin@globex\.example"):
                await session.request("POST", "/acme/v1/clients", json={"data": {}})
            with pytest.raises(ss.AuthenticationError, match=r"not admin@acme\.example"):
                await session.me()
        assert sb.stats.api_requests == {200: 2}  # /v1/me twice; the write was never sent
        assert sb.project_count() == 10


async def test_a_token_the_session_fetched_itself_costs_no_extra_request(tmp_path: Path) -> None:
    async with Sandbox(records=10) as sb:
        admin = sb.users["admin"]
        store = ss.FileTokenStore(tmp_path / "tokens.json")
        grant = ss.PasswordGrant(username=admin.username, password=admin.password)
        sb.stats.reset()
        async with _session(sb, grant, token_store=store) as session:
            await session.request("GET", "/acme/v1/projects")
        assert sb.stats.api_total == 1
        # A second process reads the stored token: it checks /v1/me once, then goes on.
        async with _session(sb, grant, token_store=store) as session:
            await session.request("GET", "/acme/v1/projects")
            await session.request("GET", "/acme/v1/projects")
        assert sb.stats.api_total == 1 + 3
        assert sb.stats.token_requests["password"] == 1
