"""Token-lifecycle events: what the hooks see matches what the sandbox saw."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from typing import Any

import pytest

import scopestack_async as ss
from scopestack_async.events import EventCounter, EventDispatcher, SessionEvent
from scopestack_async.sandbox import Sandbox


def make_session(
    sb: Sandbox, *hooks: Any, store: ss.TokenStore | None = None
) -> ss.ScopeStackSession:
    return sb.session(
        token_store=store,
        retry=ss.RetryPolicy(max_attempts=6, backoff_base=0.0),
        hooks=hooks,
    )


@pytest.fixture
async def sandbox() -> Any:
    async with Sandbox(records=40) as sb:
        yield sb


async def test_login_refresh_rotation_and_replay_are_counted(sandbox: Sandbox) -> None:
    counter = EventCounter()
    async with make_session(sandbox, counter) as session:
        await session.me()
        sandbox.expire_tokens_now()
        await session.me(refresh=True)
    assert sandbox.stats.token_requests["password"] == counter.count("authenticate") == 1
    assert sandbox.stats.refreshes == counter.count("refresh", "ok") == 1
    assert counter.count("rotation") == 1  # the sandbox rotates on use by default
    assert counter.count("replay") == sandbox.stats.api_requests[401] == 1
    assert counter.count("lock_wait") == 2  # one lock per token obtained
    replay = next(e for e in counter.recent if e.kind == "replay")
    assert (replay.status, replay.method, replay.reason) == (401, "GET", "refreshed")
    refresh = next(e for e in counter.recent if e.kind == "refresh")
    assert refresh.ok
    assert refresh.seconds is not None
    assert 0 <= refresh.seconds < 10


async def test_retries_and_pauses_match_the_faults_the_sandbox_injected(
    sandbox: Sandbox, no_waits: None
) -> None:
    counter = EventCounter()
    async with make_session(sandbox, counter) as session:
        await session.me()
        sandbox.set_faults(fault_rate=0.2, rate_limit_rate=0.15, retry_after=3)
        for _ in range(60):
            await session.request("GET", "/v1/me")
        sandbox.set_faults()
    faults = sandbox.stats.faults
    assert sandbox.stats.rate_limited > 0
    assert faults["500"] + faults["502"] + faults["503"] > 0
    # With 6 attempts and no final failure, every injected fault caused exactly one retry.
    assert counter.count("retry") == sum(faults.values())
    assert counter.count("pause") == sandbox.stats.rate_limited
    assert counter.seconds["pause"] == 0.0  # set_testing: counted but not waited
    reasons = {e.reason for e in counter.recent if e.kind == "retry"}
    assert "429 Too Many Requests" in reasons


async def test_a_peer_token_in_the_store_is_adopted(sandbox: Sandbox) -> None:
    store = ss.MemoryTokenStore()
    first, second = EventCounter(), EventCounter()
    async with make_session(sandbox, first, store=store) as a:
        await a.me()
        async with make_session(sandbox, second, store=store) as b:
            await b.me()
    assert first.count("authenticate") == 1
    assert second.count("authenticate") == 0
    assert second.count("adopt") == 1
    assert sandbox.stats.token_requests["password"] == 1


async def test_a_raising_hook_never_breaks_a_request_and_is_logged_once(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0

    def broken(event: SessionEvent) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("metrics backend down")

    counter = EventCounter()
    caplog.set_level(logging.WARNING, logger="scopestack_async.events")
    async with make_session(sandbox, broken, counter) as session:
        await session.me()
        sandbox.expire_tokens_now()
        await session.me(refresh=True)
    assert calls == sum(counter.by_kind.values()) >= 4  # it kept being called
    warnings = [r for r in caplog.records if r.name == "scopestack_async.events"]
    assert len(warnings) == 1
    assert "raised" in warnings[0].getMessage()
    assert "once per hook" in warnings[0].getMessage()


async def test_a_failed_refresh_reports_its_oauth_error(sandbox: Sandbox) -> None:
    counter = EventCounter()
    async with make_session(sandbox, counter) as session:
        await session.me()
        sandbox.revoke_all_tokens()
        await session.me(refresh=True)  # refresh refused, so the password grant runs again
    assert counter.count("refresh", "invalid_grant") == 1
    assert sandbox.stats.token_errors["invalid_grant"] == 1
    assert counter.count("authenticate", "ok") == 2


def test_the_dispatcher_always_counts_in_its_tally_and_feeds_hooks_once_added() -> None:
    events = EventDispatcher()
    assert events.hooks == ()
    events.emit("retry", reason="x")  # counted by the tally the session's figures read
    assert events.tally.count("retry") == 1
    seen: list[SessionEvent] = []
    events.add(seen.append)
    assert events
    events.emit("pause", seconds=2.0)
    assert [(e.kind, e.seconds) for e in seen] == [("pause", 2.0)]


async def test_events_of_a_real_flow_hold_no_query_or_secret(sandbox: Sandbox) -> None:
    counter = EventCounter()
    async with make_session(sandbox, counter) as session:
        await session.me()
        sandbox.expire_tokens_now()
        await session.request("GET", "/v1/me", params={"q": "query-value-4711"})
        token = session.tokens.token
    assert token is not None
    assert token.refresh_token is not None
    assert counter.count("replay") == counter.count("refresh") == 1
    admin = sandbox.users["admin"]
    secrets = [token.access_token, token.refresh_token, sandbox.client_secret, admin.password]
    shown = " ".join(repr(e) for e in counter.recent) + repr(counter.as_dict())
    for secret in [*secrets, "query-value-4711"]:
        assert secret not in shown


def test_importing_the_package_does_not_import_opentelemetry() -> None:
    code = (
        "import sys, scopestack_async as ss, scopestack_async.events, scopestack_async.otel\n"
        "ss.ScopeStackSession(client_id='x', authenticator=ss.PasswordGrant(username='u', password='p'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('opentelemetry')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"


async def test_many_concurrent_requests_after_expiry_refresh_once(sandbox: Sandbox) -> None:
    counter = EventCounter()
    async with make_session(sandbox, counter) as session:
        await session.me()
        sandbox.expire_tokens_now()
        await asyncio.gather(*(session.request("GET", "/v1/me") for _ in range(20)))
    assert counter.count("refresh") == sandbox.stats.refreshes == 1
    assert counter.count("replay") == sandbox.stats.api_requests[401]


async def test_a_dead_token_adopted_from_the_store_is_refreshed_not_failed(
    sandbox: Sandbox,
) -> None:
    # Regression (found by the soak): a peer's token taken from the store had died early too;
    # the replay with it got 401 and the request failed instead of refreshing once more.
    store = ss.MemoryTokenStore()
    counter = EventCounter()
    async with (
        make_session(sandbox, store=store) as a,
        make_session(sandbox, counter, store=store) as b,
    ):
        await a.me()
        await b.me()  # b adopts a's token from the store
        sandbox.expire_tokens_now()
        await a.me(refresh=True)  # a refreshes; the store holds the new token
        sandbox.expire_tokens_now()  # which dies before b ever uses it
        me = await b.me(refresh=True)
    assert me.account_slug == "acme"
    assert counter.count("adopt") == 2
    assert counter.count("refresh", "ok") == 1
    assert [e.reason for e in counter.recent if e.kind == "replay"] == [
        "refreshed",
        "refreshed again",
    ]
