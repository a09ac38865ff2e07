"""The refresh engine and the auth middleware against a real loopback server."""

from __future__ import annotations

import asyncio
import socket
import time

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from core_fake import (
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    USERNAME,
    FakeScopeStack,
    Running,
    build_app,
)

import scopestack_async as ss
from scopestack_async.events import EventCounter


async def test_headers_are_injected_on_the_api_origin(fake: Running) -> None:
    async with fake.session() as session:
        doc = await session.request("POST", "/echo", json={"data": {"type": "x"}})
    assert fake.state.grants == {"password": 1}
    assert fake.state.seen_auth[0] is not None
    assert fake.state.seen_auth[0].startswith("Bearer ")
    assert doc.meta["accept"] == "application/vnd.api+json"
    assert doc.meta["content-type"] == "application/vnd.api+json"


async def test_500_concurrent_requests_with_an_expired_token_make_one_token_request(
    fake: Running,
) -> None:
    async with fake.session(limits=ss.Limits(connections=50)) as session:
        await session.ensure_token()
        fake.state.expire_all()  # the server says expired; the client still thinks it is valid
        docs = await asyncio.gather(
            *(session.request("POST", "/echo", json={"i": i}) for i in range(500))
        )
    assert len(docs) == 500
    assert [d.data.attributes["body"] for d in docs] == [f'{{"i":{i}}}' for i in range(500)]  # type: ignore[union-attr]
    assert fake.state.grants == {"password": 1, "refresh_token": 1}
    assert fake.state.token_errors == {}
    assert session.retries == 0


async def test_locally_expired_token_is_refreshed_once_before_sending(fake: Running) -> None:
    fake.state.ttl = 0.5
    fake.state.token_delay = 0.05
    async with fake.session() as session:
        await session.ensure_token()
        await asyncio.sleep(0.6)  # past expiry: every request must wait for the one refresh
        await asyncio.gather(*(session.request("GET", "/echo") for _ in range(100)))
    assert fake.state.grants == {"password": 1, "refresh_token": 1}
    assert 401 not in fake.state.api_statuses


async def test_early_window_refreshes_in_the_background_without_delaying_requests(
    fake: Running,
) -> None:
    fake.state.ttl = 10.0
    fake.state.token_delay = 1.0  # long, so a loaded machine cannot blur the ordering below
    windows = ss.RefreshWindows(early=9.5, late=0.5, max_fraction_early=1.0, max_fraction_late=0.1)
    async with fake.session(refresh_windows=windows) as session:
        await session.ensure_token()  # fresh for 0.5 s of its 10 s life, then early
        await asyncio.sleep(0.6)
        waits_before = session.tokens.stats.waits
        await asyncio.gather(*(session.request("GET", "/echo") for _ in range(20)))
        assert session.tokens.stats.waits == waits_before  # nobody waited for the token
        events = list(fake.state.events)
        await asyncio.sleep(1.2)  # let the background refresh land
        assert session.tokens.stats.refreshes == 1
    api_times = [t for kind, t in events if kind == "api"]
    token_end = [t for kind, t in fake.state.events if kind == "token-end"][-1]
    assert len(api_times) == 20
    assert max(api_times) < token_end  # every request was served before the refresh returned
    assert fake.state.grants == {"password": 1, "refresh_token": 1}


async def test_short_lived_tokens_refresh_about_once_per_lifetime(fake: Running) -> None:
    fake.state.ttl = 1.0
    async with fake.session() as session:
        deadline = time.monotonic() + 3.2
        requests = 0
        while time.monotonic() < deadline and requests < 200_000:
            await session.request("GET", "/echo")
            requests += 1
    # One refresh per ~0.5 s of early window; never one per request.
    assert 3 <= fake.state.grants["refresh_token"] <= 8
    assert requests > 50
    assert fake.state.token_errors == {}


async def test_genuine_403_on_200_writes_refreshes_at_most_once(fake: Running) -> None:
    fake.state.deny_writes = True
    async with fake.session() as session:
        await session.ensure_token()
        results = await asyncio.gather(
            *(session.request("POST", "/echo", json={"i": i}) for i in range(200)),
            return_exceptions=True,
        )
        # Sequential writes after that must not refresh either.
        for _ in range(5):
            with pytest.raises(ss.PermissionDeniedError):
                await session.request("PATCH", "/echo", json={})
    assert all(isinstance(r, ss.PermissionDeniedError) for r in results)
    assert fake.state.grants["refresh_token"] <= 1
    message = str(results[0])
    assert "svc@example.com" in message
    assert "'acme'" in message
    assert "role" in message


async def test_403_for_an_expired_token_is_cured_by_one_refresh(fake: Running) -> None:
    fake.state.expired_status = 403
    async with fake.session() as session:
        await session.ensure_token()
        fake.state.expire_all()
        doc = await session.request("GET", "/echo")
    assert doc.data is not None
    assert fake.state.grants == {"password": 1, "refresh_token": 1}


async def test_replay_resends_the_same_body(fake: Running) -> None:
    async with fake.session() as session:
        await session.ensure_token()
        fake.state.expire_all()
        await session.request("PUT", "/echo", json={"name": "Acme"})
    assert fake.state.seen_bodies == [b'{"name":"Acme"}', b'{"name":"Acme"}']
    assert fake.state.api_statuses == {401: 1, 200: 1}


async def test_consumed_stream_is_never_replayed_silently(fake: Running) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield b"part-1,"
        yield b"part-2"

    async with fake.session() as session:
        await session.ensure_token()
        fake.state.expire_all()
        with pytest.raises(ss.AuthenticationError, match="stream"):
            async with session.http.post(session.url("/echo"), data=chunks()):
                pass
    assert fake.state.seen_bodies == [b"part-1,part-2"]


async def test_a_second_401_after_refresh_is_an_authentication_error(fake: Running) -> None:
    async with fake.session() as session:
        await session.ensure_token()
        # Every token the server mints from now on is dead on arrival.
        fake.state.dead_on_arrival = True
        fake.state.expire_all()
        with pytest.raises(ss.AuthenticationError, match="log in again"):
            await session.request("GET", "/echo")
    assert fake.state.grants["refresh_token"] == 1


async def test_token_rotated_by_a_peer_is_adopted_not_refreshed_again(fake: Running) -> None:
    store = ss.MemoryTokenStore()
    async with fake.session(token_store=store) as a, fake.session(token_store=store) as b:
        await a.ensure_token()
        await b.ensure_token()  # adopted from the store: same token
        assert fake.state.grants == {"password": 1}
        fake.state.expire_all()
        await a.request("GET", "/echo")  # a refreshes; the old token is revoked at once
        await b.request("GET", "/echo")  # b is rejected, re-reads the store, adopts a's token
    assert fake.state.grants == {"password": 1, "refresh_token": 1}
    assert fake.state.token_errors == {}
    assert b.tokens.stats.adopted_from_store >= 1


async def test_dead_refresh_token_falls_back_to_password_grant(fake: Running) -> None:
    async with fake.session() as session:
        await session.ensure_token()
        fake.state.by_refresh.clear()  # every refresh token is now unknown
        fake.state.expire_all()
        await session.request("GET", "/echo")
    assert fake.state.grants == {"password": 2, "refresh_token": 1}


async def test_dead_refresh_token_without_a_password_asks_for_login(fake: Running) -> None:
    async with fake.session() as first:
        token = await first.ensure_token()
    assert token.refresh_token is not None
    grant = ss.RefreshTokenGrant(refresh_token=token.refresh_token)
    async with fake.session(authenticator=grant) as session:
        await session.ensure_token()
        fake.state.by_refresh.clear()
        fake.state.expire_all()
        with pytest.raises(ss.AuthenticationError, match="Log in again"):
            await session.request("GET", "/echo")


async def test_rotated_refresh_token_is_saved_before_use(fake: Running) -> None:
    store = ss.MemoryTokenStore()
    async with fake.session(token_store=store) as session:
        first = await session.ensure_token()
        fake.state.expire_all()
        await session.request("GET", "/echo")
        stored = await store.get(session.token_key)
    assert stored is not None
    assert stored.refresh_token != first.refresh_token
    assert stored.access_token == fake.state.seen_auth[-1].removeprefix("Bearer ")  # type: ignore[union-attr]


async def test_rejected_response_is_released_before_the_refresh(fake: Running) -> None:
    # One connection in the pool: an unreleased 401 would hold it and deadlock the replay.
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector) as external:
        async with fake.session(http=external) as session:
            await session.ensure_token()
            fake.state.expire_all()
            doc = await asyncio.wait_for(session.request("GET", "/echo"), 10)
    assert doc.data is not None


async def test_cancelled_caller_does_not_cause_a_second_token_request(fake: Running) -> None:
    fake.state.token_delay = 0.3
    async with fake.session() as session:
        await session.ensure_token()
        fake.state.expire_all()
        first = asyncio.ensure_future(session.request("GET", "/echo"))
        await asyncio.sleep(0.1)  # first is waiting for the refresh
        first.cancel()
        results = await asyncio.gather(*(session.request("GET", "/echo") for _ in range(10)))
    assert len(results) == 10
    assert fake.state.grants == {"password": 1, "refresh_token": 1}
    assert fake.state.token_errors == {}


async def test_background_refresh_failure_is_logged_not_raised(
    fake: Running, caplog: pytest.LogCaptureFixture
) -> None:
    fake.state.ttl = 4.0
    windows = ss.RefreshWindows(early=3.8, late=0.1, max_fraction_early=1.0)
    async with fake.session(refresh_windows=windows) as session:
        await session.ensure_token()
        fake.state.by_refresh.clear()  # the refresh will fail with invalid_grant...
        fake.state.grants.clear()
        # ...and then the password grant takes over, so make that fail too for the test.
        session.authenticator = ss.PasswordGrant(username="svc@example.com", password="wrong")
        session.tokens._authenticator = session.authenticator
        await asyncio.sleep(0.3)
        doc = await session.request("GET", "/echo")  # early window: goes on with the valid token
        await asyncio.sleep(0.2)
        assert doc.data is not None
        assert session.tokens.stats.background_failures == 1
    assert any("background token refresh failed" in r.message for r in caplog.records)


def test_windows_shrink_for_short_lived_tokens() -> None:
    windows = ss.RefreshWindows()
    short = ss.Token(access_token="a", expires_in=2, created_at=1000.0)
    long = ss.Token(access_token="a", expires_in=7200, created_at=1000.0)
    assert windows.early_seconds(short) == 1.0
    assert windows.late_seconds(short) == pytest.approx(0.2)
    assert windows.early_seconds(long) == 300
    assert windows.late_seconds(long) == 60
    assert windows.state(long, now=1000.0 + 7200 - 301) == "fresh"
    assert windows.state(long, now=1000.0 + 7200 - 299) == "early"
    assert windows.state(long, now=1000.0 + 7200 - 59) == "late"
    assert windows.state(short, now=1000.5) == "fresh"


async def test_loop_is_not_needed_to_build_a_session(fake: Running) -> None:
    session = fake.session()  # built before use; binds nothing to a loop
    assert "ScopeStackSession" in repr(session)
    async with session:
        await session.me()
    async with session:  # reopenable after close
        me = await session.me()
    assert me.account_slug == "acme"


def test_session_works_under_two_asyncio_runs() -> None:
    """Built outside any loop, used under two separate ``asyncio.run`` calls."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    session = ss.ScopeStackSession(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        authenticator=ss.PasswordGrant(username=USERNAME, password=PASSWORD),
        auth_url=url,
        api_url=url,
    )
    state = FakeScopeStack()

    async def run_once() -> str:
        server = TestServer(build_app(state), host="127.0.0.1", port=port)
        await server.start_server()
        try:
            async with session:
                return (await session.me()).account_slug
        finally:
            await server.close()

    assert asyncio.run(run_once()) == "acme"
    assert asyncio.run(run_once()) == "acme"
    # The second run re-read the token from the (memory) store instead of logging in again.
    assert state.grants == {"password": 1}


@pytest.mark.parametrize("dead", [1, 3])
async def test_refreshed_tokens_that_expired_before_use_earn_another_refresh(
    fake: Running, dead: int
) -> None:
    # The soak's loaded fleet: tokens that die early while a refresh queues behind a shared
    # store's lock, several in a row; "expired" (not "revoked") is what earns the next one.
    async with fake.session() as session:
        await session.ensure_token()
        fake.state.expire_all()
        fake.state.born_expired = dead  # the next `dead` refreshed tokens die before use
        doc = await session.request("GET", "/echo")
    assert doc.data is not None
    assert fake.state.grants == {"password": 1, "refresh_token": dead + 1}


async def test_an_expiring_server_cannot_make_the_client_refresh_forever(fake: Running) -> None:
    async with fake.session() as session:
        await session.ensure_token()
        fake.state.expire_all()
        fake.state.born_expired = 100
        with pytest.raises(ss.AuthenticationError, match="401 even after a token refresh"):
            await session.request("GET", "/echo")
    # One request tries at most four tokens, then says so.
    assert fake.state.grants == {"password": 1, "refresh_token": 4}


class LocklessPeerStore(ss.MemoryTokenStore):
    """A store shared with a peer that does not take its lock: right after we save a token,
    the peer refreshes it (the server revokes ours) and stores its own."""

    def __init__(self, state: FakeScopeStack) -> None:
        super().__init__()
        self.state = state
        self.saves = 0

    async def set(self, key: str, token: ss.Token) -> None:
        await super().set(key, token)
        self.saves += 1
        if self.saves == 2 and token.refresh_token is not None:  # our refresh, not the login
            self.state.by_refresh.pop(token.refresh_token).revoked = True
            await super().set(key, ss.Token.from_response(self.state.mint()))


async def test_a_fresh_token_revoked_by_a_lockless_peer_gives_way_to_the_peers(
    fake: Running,
) -> None:
    store = LocklessPeerStore(fake.state)
    counter = EventCounter()
    async with fake.session(token_store=store, hooks=[counter]) as session:
        await session.ensure_token()
        fake.state.expire_all()
        doc = await session.request("GET", "/echo")
    assert doc.data is not None
    assert fake.state.grants == {"password": 1, "refresh_token": 1}  # plus the peer's mint
    assert [e.reason for e in counter.recent if e.kind == "replay"] == ["refreshed", "peer token"]
    assert fake.state.api_statuses == {401: 2, 200: 1}
