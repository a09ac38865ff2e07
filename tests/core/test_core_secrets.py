"""With DEBUG logging on, no token, secret or password shows in logs, reprs or errors."""

from __future__ import annotations

import asyncio
import logging

import pytest
from core_fake import CLIENT_SECRET, PASSWORD, Running

import scopestack_async as ss


async def test_a_full_flow_leaks_no_secret(fake: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    fake.state.deny_writes = True
    async with fake.session() as session:
        texts += [repr(session), repr(session.tokens), repr(session.authenticator)]
        await session.me()
        fake.state.expire_all()
        await asyncio.gather(*(session.request("GET", "/echo") for _ in range(5)))  # refresh
        texts.append(repr(await session.ensure_token()))
        texts.append(repr(session.token_store))
        for path, method in (("/echo", "POST"), ("/status/422", "POST"), ("/html", "GET")):
            try:
                await session.request(method, path, json={"a": 1})
            except ss.ScopeStackError as exc:
                texts += [str(exc), repr(exc)]
        fake.state.by_refresh.clear()
        fake.state.expire_all()
        await session.request("GET", "/echo")  # dead refresh token → password grant again
    bad = ss.PasswordGrant(username="svc@example.com", password=PASSWORD)
    async with fake.session(authenticator=bad, client_secret="x" + CLIENT_SECRET) as session:
        with pytest.raises(ss.OAuthError) as info:
            await session.me()
        texts += [str(info.value), repr(info.value)]

    secrets = [CLIENT_SECRET, PASSWORD]
    secrets += [i.access for i in fake.state.issued.values()]
    secrets += [i.refresh for i in fake.state.issued.values()]
    assert len(fake.state.issued) >= 3
    records = [r.getMessage() for r in caplog.records]
    assert any("refreshing the token" in m for m in records)
    assert any("access token refreshed" in m for m in records)
    haystack = "\n".join(records + texts)
    leaked = [s for s in secrets if s in haystack]
    assert leaked == []


def test_a_secret_is_masked_in_each_form_a_server_may_echo() -> None:
    """As sent, URL-encoded (both ways), inside a JSON string and HTML-escaped (all five of
    ``html.escape``'s characters, ``&`` once only)."""
    import html
    import json
    from urllib.parse import quote, quote_plus

    from scopestack_async._core.redact import Redactor

    secret = 'p&ss<w>rd "it\'s" &amp;'
    redactor = Redactor().with_lasting(secret)
    for form in (
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        json.dumps(secret)[1:-1],
        html.escape(secret),
    ):
        assert redactor.mask(f"echo [{form}] end") == "echo [***] end", form
