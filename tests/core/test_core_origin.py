"""Credentials go only to the API origin: never to another host, port or scheme."""

from __future__ import annotations

from core_fake import Running


async def test_redirect_to_another_origin_drops_the_token(
    fake: Running, other_origin: Running
) -> None:
    async with fake.session() as session:
        target = f"{other_origin.url}/echo"
        async with session.http.get(session.url("/redirect"), params={"to": target}) as resp:
            assert resp.status == 401  # the other origin saw no token at all
            assert str(resp.url) == target
    assert other_origin.state.seen_auth == [None]
    assert other_origin.state.grants == {}


async def test_same_origin_redirect_keeps_the_token(fake: Running) -> None:
    async with (
        fake.session() as session,
        session.http.get(session.url("/redirect"), params={"to": f"{fake.url}/echo"}) as resp,
    ):
        assert resp.status == 200
    assert fake.state.seen_auth[-1] is not None
    assert fake.state.seen_auth[-1].startswith("Bearer ")


async def test_absolute_url_to_another_host_gets_no_token(
    fake: Running, other_origin: Running
) -> None:
    async with fake.session() as session, session.http.get(f"{other_origin.url}/echo") as resp:
        assert resp.status == 401
        assert resp.headers.get("Accept") is None
    assert other_origin.state.seen_auth == [None]
    assert fake.state.grants == {}  # not even a token was fetched for a foreign request


async def test_localhost_is_another_origin_than_127_0_0_1(fake: Running) -> None:
    port = fake.server.port
    async with fake.session() as session:
        async with session.http.get(f"http://localhost:{port}/echo") as resp:
            assert resp.status == 401
    assert fake.state.seen_auth == [None]
