"""Where credentials may go (issue 8, claim 4), proven with recording servers.

A recording proxy stands in front of the sandbox (auth and API) and logs every request's URL,
headers and body; a second recording server plays "another origin". Authorization must never
reach the other origin (redirects, absolute URLs, ``links.next``, an http downgrade), and the
client secret must go only to /oauth/token and /oauth/revoke, never in a URL.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import attrs
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox

JSONAPI = "application/vnd.api+json"


@attrs.define
class Seen:
    url: str
    headers: dict[str, str]
    body: bytes


class Recorder:
    """An aiohttp app that records every request; optionally proxies to ``upstream``."""

    def __init__(self, upstream: str | None = None) -> None:
        self.upstream = upstream
        self.seen: list[Seen] = []
        self.other = ""  # the other origin's URL, for the redirect and link routes
        self.http: aiohttp.ClientSession | None = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append(Seen(str(request.url), dict(request.headers), body))
        if request.path == "/redirect-away":
            raise web.HTTPTemporaryRedirect(f"{self.other}/landing")
        if request.path == "/acme/v1/teleports":
            doc = {"data": [], "links": {"next": f"{self.other}/acme/v1/teleports?page=2"}}
            return web.Response(body=orjson.dumps(doc), content_type=JSONAPI)
        if self.upstream is None:
            return web.Response(body=b'{"data": null}', content_type=JSONAPI)
        return await self.forward(request, body)

    async def forward(self, request: web.Request, body: bytes) -> web.Response:
        assert self.http is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with self.http.request(
            request.method, self.upstream + request.path_qs, headers=headers, data=body,
            allow_redirects=False,
        ) as resp:  # fmt: skip
            payload = await resp.read()
            keep = {
                k: v
                for k, v in resp.headers.items()
                if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")
            }
            return web.Response(status=resp.status, body=payload, headers=keep)


@pytest.fixture
async def world() -> AsyncIterator[tuple[Sandbox, Recorder, Recorder, str, str]]:
    async with Sandbox(records=30) as sb:
        front, other = Recorder(sb.api_url), Recorder()
        apps = []
        for recorder in (front, other):
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", recorder.handle)
            apps.append(TestServer(app, host="127.0.0.1"))
        async with apps[0] as front_server, apps[1] as other_server:
            front_url = str(front_server.make_url("")).rstrip("/")
            other_url = str(other_server.make_url("")).rstrip("/")
            front.other = other_url
            async with aiohttp.ClientSession() as http:
                front.http = http
                yield sb, front, other, front_url, other_url


def session(sb: Sandbox, auth_url: str, api_url: str, **extra: Any) -> ss.ScopeStackSession:
    return sb.session(auth_url=auth_url, api_url=api_url, **extra)


def carries(seen: Seen, secret: str) -> bool:
    return secret in seen.url or secret in str(seen.headers) or secret.encode() in seen.body


async def test_authorization_never_leaves_the_api_origin(world: Any) -> None:
    sb, front, other, front_url, other_url = world
    async with session(sb, front_url, front_url) as s:
        await s.me()
        async with s.http.get(s.url("/redirect-away")) as resp:  # 307 to the other origin
            assert resp.status == 200
            assert str(resp.url).startswith(other_url)
        await s.request("GET", f"{other_url}/absolute")  # an absolute URL elsewhere
        # links.next pointing at another host: paging stops there, it never follows it.
        assert [r async for r in s.resource("teleports").iterate()] == []
    paths = sorted(URL_path(seen.url) for seen in other.seen)
    assert paths == ["/absolute", "/landing"]
    assert all("Authorization" not in seen.headers for seen in other.seen)
    api = [seen for seen in front.seen if not URL_path(seen.url).startswith("/oauth/")]
    assert len(api) >= 3
    assert all(seen.headers["Authorization"].startswith("Bearer ") for seen in api)


async def test_no_authorization_after_an_http_downgrade(world: Any) -> None:
    sb, _front, other, front_url, other_url = world
    # The API is https on the other server's host and port; a link to http on the same
    # host and port (a downgrade) must go out bare.
    https_api = other_url.replace("http://", "https://")
    async with session(sb, front_url, https_api) as s:
        token = await s.ensure_token()
        await s.request("GET", f"{other_url}/v1/me")
    assert [URL_path(seen.url) for seen in other.seen] == ["/v1/me"]
    assert "Authorization" not in other.seen[0].headers
    assert token.access_token not in str(other.seen[0].headers)


async def test_the_client_secret_goes_only_to_token_and_revoke(world: Any) -> None:
    sb, front, other, front_url, _ = world
    async with session(sb, front_url, front_url) as s:
        await s.me()
        sb.expire_tokens_now()
        await s.me(refresh=True)
        await s.export("projects", lambda page: _noop(page))
        await s.logout()
    basic = base64.b64encode(f"{sb.client_id}:{sb.client_secret}".encode()).decode()
    password = sb.users["admin"].password
    with_secret = [s for s in front.seen if carries(s, sb.client_secret) or carries(s, basic)]
    assert {URL_path(s.url) for s in with_secret} == {"/oauth/token", "/oauth/revoke"}
    assert all(sb.client_secret not in s.url and basic not in s.url for s in front.seen)
    assert {URL_path(s.url) for s in front.seen if carries(s, password)} == {"/oauth/token"}
    assert all(password not in s.url for s in front.seen)
    assert len(front.seen) > len(with_secret) >= 3  # password, refresh, revoke (x2)
    assert other.seen == []


async def _noop(page: object) -> None:
    return None


def URL_path(url: str) -> str:  # noqa: N802 - reads as the yarl attribute it stands for
    from yarl import URL

    return URL(url).path
