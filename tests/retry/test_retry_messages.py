"""Every transport error is built in one place: its text and its ``sent`` flag agree, and a
failed write says it may already have been applied and how to check."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

import scopestack_async as ss
from scopestack_async._core.rules import write_may_have_applied
from scopestack_async.errors import TransportError
from scopestack_async.jsonapi.errors import error_for_response
from scopestack_async.sandbox import Sandbox

pytestmark = pytest.mark.usefixtures("no_waits")


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    async with Sandbox(records=20) as sandbox:
        yield sandbox


NEVER_SENT = "was never sent"
MAYBE_SENT = "may have reached the server"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _agrees(exc: TransportError) -> None:
    text = str(exc)
    assert (NEVER_SENT in text) is (not exc.sent), text
    assert (MAYBE_SENT in text) is exc.sent, text


@pytest.mark.parametrize(
    ("exc", "sent"),
    [
        (aiohttp.ClientConnectorError(None, OSError(111, "refused")), False),  # type: ignore[arg-type]
        (aiohttp.ConnectionTimeoutError("connect"), False),
        (aiohttp.ServerTimeoutError("read"), True),
        (TimeoutError(), True),
        (aiohttp.ServerDisconnectedError(), True),
        (aiohttp.ClientOSError(104, "reset"), True),
        (aiohttp.ServerFingerprintMismatch(b"a", b"b", "h", 443), False),
    ],
)  # fmt: skip
@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE"])
def test_the_one_builder_derives_text_and_flag_together(
    exc: BaseException, sent: bool, method: str
) -> None:
    from scopestack_async._transport import transport_error

    error = transport_error(exc, method=method, url="https://api.example/acme/v1/clients")
    assert error.sent is sent
    _agrees(error)
    write = method != "GET" and sent
    assert ("may already have been applied" in str(error)) is write
    assert ("read it back" in str(error)) is write


async def test_a_refused_token_endpoint_says_never_sent() -> None:
    port = _closed_port()
    grant = ss.PasswordGrant(username="u@example.com", password="p")
    async with ss.ScopeStackSession(
        client_id="c", client_secret="s", authenticator=grant,
        auth_url=f"http://127.0.0.1:{port}", api_url=f"http://127.0.0.1:{port}",
    ) as session:  # fmt: skip
        with pytest.raises(TransportError) as caught:
            await session.me()
    assert caught.value.sent is False
    _agrees(caught.value)


async def test_a_refused_api_request_says_never_sent(sb: Sandbox) -> None:
    port = _closed_port()
    async with sb.session("admin", api_url=f"http://127.0.0.1:{port}") as session:
        with pytest.raises(TransportError) as caught:
            await session.request("POST", "/acme/v1/clients", json={"data": {}})
    assert caught.value.sent is False
    _agrees(caught.value)
    assert "may already have been applied" not in str(caught.value)


async def test_a_reset_write_says_it_may_have_been_applied_and_how_to_check(sb: Sandbox) -> None:
    async with sb.session("admin") as session:
        await session.me()
        sb.set_faults(reset_rate=1.0)
        with pytest.raises(TransportError) as caught:
            await session.resource("clients").create({"name": "Maybe"})
    sb.set_faults()
    assert caught.value.sent is True
    _agrees(caught.value)
    text = str(caught.value)
    assert "the POST may already have been applied" in text
    assert "read it back" in text


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
def test_a_5xx_on_a_write_says_it_may_have_been_applied(method: str) -> None:
    error = error_for_response(
        503, b"", method=method, url="https://api.example/acme/v1/clients/1", request_id="r1",
        content_type=None,
    )  # fmt: skip
    assert isinstance(error, ss.ServerError)
    assert f"the {method} may already have been applied" in str(error)
    assert "read it back" in str(error)
    read = error_for_response(503, b"", method="GET", url="https://x/y", request_id=None,
                              content_type=None)  # fmt: skip
    assert "may already have been applied" not in str(read)


def test_write_advice_is_one_pure_rule() -> None:
    assert write_may_have_applied("GET") is None
    assert write_may_have_applied("HEAD") is None
    for method in ("POST", "PUT", "PATCH", "DELETE", "post"):
        advice = write_may_have_applied(method)
        assert advice is not None
        assert method.upper() in advice


def test_the_cli_never_says_may_have_been_sent_for_a_refused_connection(tmp_path: Path) -> None:
    port = _closed_port()
    env = {
        "PATH": "/usr/bin:/bin", "SCOPESTACK_CLIENT_ID": "c", "SCOPESTACK_CLIENT_SECRET": "s",
        "SCOPESTACK_USERNAME": "u@example.com", "SCOPESTACK_PASSWORD": "p",
        "SCOPESTACK_AUTH_URL": f"http://127.0.0.1:{port}",
        "SCOPESTACK_API_URL": f"http://127.0.0.1:{port}", "SCOPESTACK_TOKEN_STORE": "file",
        "XDG_CONFIG_HOME": str(tmp_path), "PYTHONPATH": str(Path(ss.__file__).parents[1]),
    }  # fmt: skip
    ran = subprocess.run([sys.executable, "-m", "scopestack_async.cli", "whoami"], env=env,
                         capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert ran.returncode == 5, ran.stderr
    assert "may have been sent" not in ran.stderr
    assert NEVER_SENT in ran.stderr
