"""Issue 14, items 11-13: session.http takes paths, a second asyncio.run, per-request sessions."""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


async def test_session_http_resolves_paths_against_api_url() -> None:
    async with Sandbox(records=5) as sb:
        async with sb.session() as session:
            slug = (await session.me()).account_slug
            async with session.http.get(f"/{slug}/v1/projects") as resp:
                assert resp.status == 200
                assert len((await resp.json(content_type=None))["data"]) == 5
        async with aiohttp.ClientSession() as pool, sb.session(http=pool) as session:
            async with session.http.get("/v1/me") as resp:
                assert resp.status == 200
                assert resp.url.path == "/v1/me"
                assert str(resp.url).startswith(sb.api_url)


@pytest.fixture
def sandbox_in_a_thread() -> Iterator[Sandbox]:
    """A sandbox serving from its own loop, so the test can call asyncio.run twice."""
    ready: list[Sandbox] = []
    started, stop = threading.Event(), threading.Event()

    async def serve() -> None:
        async with Sandbox(records=5) as sb:
            ready.append(sb)
            started.set()
            await asyncio.to_thread(stop.wait, 60)

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(30)
    yield ready[0]
    stop.set()
    thread.join(30)


def test_a_module_level_session_works_under_two_asyncio_runs(
    sandbox_in_a_thread: Sandbox,
) -> None:
    sb = sandbox_in_a_thread
    admin = sb.users["admin"]
    session = ss.ScopeStackSession(
        client_id=sb.client_id, client_secret=sb.client_secret,
        authenticator=ss.PasswordGrant(username=admin.username, password=admin.password),
        auth_url=sb.auth_url, api_url=sb.api_url,
    )  # fmt: skip

    async def use() -> str:
        return (await session.me(refresh=True)).account_slug

    assert asyncio.run(use()) == "acme"
    assert asyncio.run(use()) == "acme"  # was: RuntimeError: Event loop is closed
    assert session.tokens.stats.authentications == 1  # the token outlived the first loop
    asyncio.run(session.close())


async def test_one_session_in_two_live_loops_is_refused() -> None:
    async with Sandbox(records=5) as sb:
        session = sb.session()
        await session.me()
        errors: list[BaseException] = []

        def other_loop() -> None:
            async def use() -> None:
                loop = asyncio.get_running_loop()
                assert loop is not None
                await session.me(refresh=True)

            try:
                asyncio.run(use())
            except BaseException as exc:  # recorded for the assertion below
                errors.append(exc)

        thread = threading.Thread(target=other_loop)
        thread.start()
        await asyncio.to_thread(thread.join, 30)
        await session.close()
    assert len(errors) == 1
    assert isinstance(errors[0], ss.ConfigurationError)
    assert "another event loop" in str(errors[0])


async def test_per_request_sessions_on_a_shared_pool_leave_nothing_unclosed() -> None:
    unclosed: list[Any] = []
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: unclosed.append(context["message"]))
    try:
        async with Sandbox(records=5) as sb, aiohttp.ClientSession() as pool:
            store = ss.MemoryTokenStore()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                for _ in range(100):  # the web-app pattern: one session per request, dropped
                    session = ss.ScopeStackSession(
                        client_id=sb.client_id, client_secret=sb.client_secret,
                        authenticator=ss.AuthorizationCodeGrant(
                            redirect_uri=sb.redirect_uri, loopback=False, subject="u1"),
                        token_store=store, auth_url=sb.auth_url, api_url=sb.api_url, http=pool,
                    )  # fmt: skip
                    if not await store.get(session.token_key):
                        await store.set(session.token_key, ss.Token.from_response(sb.mint_token()))
                    await session.request("GET", "/v1/me")
                    del session
                gc.collect()
            assert sb.stats.api_total == 100
            assert not pool.closed  # the caller's pool is the caller's
            async with pool.get(f"{sb.api_url}/v1/me") as resp:
                assert resp.status == 401  # still usable (no token: the app did not send one)
    finally:
        loop.set_exception_handler(previous)
    leaks = [str(w.message) for w in caught if "Unclosed" in str(w.message)]
    assert leaks == []
    assert [m for m in unclosed if "Unclosed" in m] == []
