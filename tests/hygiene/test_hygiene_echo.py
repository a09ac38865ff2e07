"""Issue 14, items 4-6 (the Proof's secrets test): servers that echo everything they received.

Every endpoint the SDK talks to copies what it was sent (form fields, headers, the query) into
every field it can: OAuth error codes and descriptions, a token response's scope, JSON:API
``title``/``detail``/``code``/``source``/``meta``, ``WWW-Authenticate``, ``X-Request-Id``, HTML
bodies, ``/v1/me``'s name and e-mail. Every grant, refresh, revoke and API call runs with DEBUG
logging, an event counter and OpenTelemetry on, and the CLI runs against the same server. The
secrets are what the server *received* and *issued* (so the test cannot look for the wrong
strings): not one may appear in any text, repr, exception chain, event, span, CLI output or
file other than the token store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import scopestack_async as ss
from scopestack_async.otel import OpenTelemetryHook

PASSWORD = "pw-" + secrets.token_urlsafe(12)
CLIENT_SECRET = "cs-" + secrets.token_urlsafe(16)
GIVEN_REFRESH = "rt-" + secrets.token_urlsafe(16)


@attrs.define
class EchoState:
    """What the echo server received and issued, and which grants it refuses."""

    refuse: set[str] = attrs.field(factory=set)
    received: set[str] = attrs.field(factory=set)  # secrets it was sent
    issued: set[str] = attrs.field(factory=set)  # tokens it minted


async def _echo(request: web.Request) -> str:
    body = await request.text()
    return orjson.dumps(
        {
            "headers": {str(k): v for k, v in request.headers.items()},
            "query": request.query_string,
            "body": body,
        }
    ).decode()


def _app(state: EchoState) -> web.Application:
    async def token(request: web.Request) -> web.Response:
        form = await request.post()
        for name in ("password", "refresh_token", "code", "code_verifier", "client_secret"):
            if isinstance(form.get(name), str):
                state.received.add(str(form[name]))
        echo = await _echo(request)
        grant = str(form.get("grant_type"))
        if grant in state.refuse:
            sent = str(form.get("refresh_token") or form.get("code") or form.get("password"))
            return web.json_response(
                {"error": f"bad_{sent}", "error_description": echo}, status=400
            )
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        state.issued |= {access, refresh}
        return web.json_response(
            {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
             "expires_in": 7200, "scope": echo},
        )  # fmt: skip

    async def revoke(request: web.Request) -> web.Response:
        form = await request.post()
        return web.json_response(
            {"error": f"bad_{form.get('token')}", "error_description": await _echo(request)},
            status=400,
        )

    async def api(request: web.Request) -> web.Response:
        echo = await _echo(request)
        auth = request.headers.get("Authorization", "")
        headers = {"X-Request-Id": auth}
        path = request.path
        if path == "/v1/me":
            doc = {"data": {"type": "mes", "id": "7", "attributes": {
                "name": echo, "title": auth, "email": auth, "phone": echo,
                "account-id": 1, "account-slug": "acme"}}}  # fmt: skip
            return web.json_response(doc, headers=headers, content_type="application/vnd.api+json")
        if path == "/html":
            return web.Response(
                status=400, text=f"<html><body>{echo}</body></html>", headers=headers,
                content_type="text/html",
            )  # fmt: skip
        if path == "/ok-but-errors":  # a success status with an errors document, keys echoed
            body = {"errors": [{"detail": echo, "code": auth}], auth: echo}
            return web.json_response(body, headers=headers, content_type="application/vnd.api+json")
        if path == "/unauthorized":
            headers["WWW-Authenticate"] = (
                f'Bearer realm="x", error="bad_{auth[7:]}", error_description="{auth}"'
            )
            return web.json_response({"error": "bad", "error_description": echo}, status=401,
                                     headers=headers)  # fmt: skip
        status = 403 if path == "/forbidden" else 400
        error = {"status": str(status), "code": auth, "title": auth, "detail": echo,
                 "source": {"pointer": f"/{auth}"}, "meta": {"echo": echo}}  # fmt: skip
        return web.json_response({"errors": [error]}, status=status, headers=headers,
                                 content_type="application/vnd.api+json")  # fmt: skip

    app = web.Application()
    app.router.add_post("/oauth/token", token)
    app.router.add_post("/oauth/revoke", revoke)
    app.router.add_route("*", "/{tail:.*}", api)
    return app


@contextlib.asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """``app`` on a free loopback port; yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def _plain_session(base: str, **options: Any) -> ss.ScopeStackSession:
    grant = ss.PasswordGrant(username="u", password="p")
    return ss.ScopeStackSession(
        client_id="c", authenticator=grant, auth_url=base, api_url=base, **options
    )


@pytest_asyncio.fixture
async def echo() -> AsyncIterator[tuple[str, EchoState]]:
    state = EchoState()
    async with serving(_app(state)) as url:
        yield url, state


class Seen:
    """Everything a user or an operator could see."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, *objects: object) -> None:
        for obj in objects:
            self.texts += [str(obj), repr(obj)]

    def error(self, exc: BaseException) -> None:
        seen: BaseException | None = exc
        for _ in range(10):  # the whole chain, bounded
            if seen is None:
                break
            self.add(seen, getattr(seen, "description", None), getattr(seen, "error", None))
            self.add(getattr(seen, "errors", None), getattr(seen, "request_id", None))
            seen = seen.__cause__ or seen.__context__


async def _expect(seen: Seen, kind: type[BaseException], work: Any) -> None:
    with pytest.raises(kind) as caught:
        await work
    seen.error(caught.value)


async def test_no_secret_reaches_any_text_when_every_server_echoes(
    echo: tuple[str, EchoState], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    url, state = echo
    caplog.set_level(logging.DEBUG)
    spans = InMemorySpanExporter()
    tracer = TracerProvider()
    tracer.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    otel = OpenTelemetryHook(
        tracer_provider=tracer, meter_provider=MeterProvider(metric_readers=[reader])
    )
    counter = ss.EventCounter()
    seen = Seen()

    def session(grant: Any, **options: Any) -> ss.ScopeStackSession:
        return ss.ScopeStackSession(
            client_id="echo-client", client_secret=CLIENT_SECRET, authenticator=grant,
            auth_url=url, api_url=url, hooks=[counter, otel],
            retry=ss.RetryPolicy(max_attempts=1), **options,
        )  # fmt: skip

    password = ss.PasswordGrant(username="ada@example.com", password=PASSWORD)
    async with session(password) as s:
        seen.add(s, await s.me(), s.tokens, s.tokens.token)
        for path in ("/v1/things", "/html", "/forbidden", "/unauthorized", "/ok-but-errors"):
            await _expect(seen, ss.ScopeStackError, s.request("GET", path))
        state.refuse = {"refresh_token"}
        await _expect(seen, ss.ScopeStackError, s.request("GET", "/unauthorized"))
        await _expect(seen, ss.OAuthError, s.logout())
    state.refuse = {"password", "refresh_token", "authorization_code", "client_credentials"}
    async with session(password) as s:
        await _expect(seen, ss.OAuthError, s.me())
    async with session(ss.RefreshTokenGrant(refresh_token=GIVEN_REFRESH)) as s:
        await _expect(seen, ss.OAuthError, s.me())
    async with session(ss.ClientCredentialsGrant()) as s:
        await _expect(seen, ss.OAuthError, s.me())
    code = ss.AuthorizationCodeGrant(redirect_uri="https://app.example/cb", loopback=False)
    async with session(code) as s:
        pending = s.begin_authorization()
        query = {"code": "code-" + secrets.token_urlsafe(16), "state": str(pending.state)}
        await _expect(seen, ss.OAuthError, s.complete_authorization(query, pending))

    async def pasted() -> str:
        return "oob-" + secrets.token_urlsafe(16)

    oob = ss.OutOfBandGrant(code_provider=pasted, show_url=lambda _url: None)
    async with session(oob) as s:
        await _expect(seen, ss.OAuthError, s.me())

    cli_texts = await _cli_runs(url, state, tmp_path)
    secrets_held = state.received | state.issued | {PASSWORD, CLIENT_SECRET, GIVEN_REFRESH}
    assert state.issued
    assert {PASSWORD, CLIENT_SECRET, GIVEN_REFRESH} <= state.received
    assert len(state.received) >= 8  # codes and PKCE verifiers reached the server too

    texts = seen.texts + cli_texts
    texts += [r.getMessage() for r in caplog.records]
    texts += [caplog.text]
    texts += [repr(e) for e in counter.recent] + [repr(counter.as_dict())]
    for span in spans.get_finished_spans():
        texts += [span.name, repr(dict(span.attributes or {})), str(span.status.description)]
    texts.append(str(reader.get_metrics_data().to_json()))
    texts += _files_but_the_token_store(tmp_path)
    assert counter.count("refresh") >= 1
    assert len(spans.get_finished_spans()) >= 8
    leaks = sorted({_where(s, t) for s in secrets_held for t in texts if s in t})
    assert leaks == [], "secrets found in output:\n" + "\n".join(leaks)
    outcomes = {e.outcome for e in counter.recent}
    assert "other" in outcomes  # the bad_<token> codes were not copied into events


def _where(secret: str, text: str) -> str:
    """The text around ``secret``, the secret itself replaced (so the report leaks nothing)."""
    at = text.index(secret)
    return text[max(at - 150, 0) : at + len(secret) + 50].replace(secret, "<SECRET>")


def _files_but_the_token_store(folder: Path) -> list[str]:
    return [
        p.read_text(errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and p.name != "tokens.json"
    ]


async def _cli_runs(url: str, state: EchoState, tmp: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOPESTACK_")}
    env.update(
        SCOPESTACK_CLIENT_ID="echo-client", SCOPESTACK_CLIENT_SECRET=CLIENT_SECRET,
        SCOPESTACK_USERNAME="ada@example.com", SCOPESTACK_PASSWORD=PASSWORD,
        SCOPESTACK_AUTH_URL=url, SCOPESTACK_API_URL=url, SCOPESTACK_TOKEN_STORE="file",
        XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )  # fmt: skip
    texts: list[str] = []

    async def run(*args: str) -> None:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scopestack_async.cli", *args, env=env, cwd=tmp,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(child.communicate(), 60)
        texts.extend([out.decode(), err.decode()])

    state.refuse = {"password"}
    await run("login", "--password", "--json")
    await run("login", "--password", "--debug")
    state.refuse = set()
    await run("login", "--password")
    await run("whoami")
    await run("whoami", "--json")
    await run("get", "/v1/things", "--json")
    await run("get", "/html")
    await run("get", "/v1/me")
    await run("logout")
    assert sum("Error" in t for t in texts) >= 5, texts
    return texts


async def test_aiohttp_redirect_loop_text_keeps_no_query() -> None:
    # Item 5: TooManyRedirects' own text is the full URL with its query.
    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(
            f"/loop?filter%5Bemail%5D=ada.lovelace%40example.com&n={request.query.get('n', '')}1"
        )

    app = web.Application()
    app.router.add_get("/loop", loop)
    app.router.add_post("/oauth/token", _token_ok)
    async with (
        serving(app) as base,
        _plain_session(base, retry=ss.RetryPolicy(max_attempts=1)) as s,
    ):
        with pytest.raises(ss.TransportError) as caught:
            await s.request("GET", "/loop", params={"filter[email]": "ada.lovelace@example.com"})
    text = str(caught.value)
    assert "TooManyRedirects" in text
    assert "ada.lovelace" not in text
    assert "filter" not in text


async def _token_ok(_request: web.Request) -> web.Response:
    return web.json_response({"access_token": "a" * 20, "token_type": "Bearer"})


@pytest.mark.parametrize("bad", ["abc\r\nX-Evil: 1", "abc\ndef", "abc\x00def", "a b"])
async def test_a_token_with_control_characters_is_refused_when_parsed(bad: str) -> None:
    # Item 6: not a bare ValueError from aiohttp on the first request.
    from scopestack_async._core.oauth import parse_token_response

    body = orjson.dumps({"access_token": bad, "token_type": "Bearer"})
    with pytest.raises(ss.OAuthError, match="header cannot carry") as caught:
        parse_token_response(200, "application/json", body, received_at=0.0)
    assert caught.value.error == "invalid_response"
    assert bad not in str(caught.value)


async def test_a_token_with_control_characters_fails_the_session_typed() -> None:
    async def token(_request: web.Request) -> web.Response:
        return web.json_response({"access_token": "abc\r\ndef", "token_type": "Bearer"})

    app = web.Application()
    app.router.add_post("/oauth/token", token)
    async with serving(app) as base, _plain_session(base) as s:
        with pytest.raises(ss.OAuthError, match="header cannot carry"):
            await s.request("GET", "/v1/me")


def test_unknown_oauth_codes_become_other_in_events() -> None:
    from scopestack_async.events import outcome_of

    assert outcome_of(ss.OAuthError("x", error="invalid_grant")) == "invalid_grant"
    assert outcome_of(ss.OAuthError("x", error="bad_secret-refresh-token")) == "other"
    assert outcome_of(ss.TokenStoreError("x")) == "TokenStoreError"
