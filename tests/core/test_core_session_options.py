"""The session's knobs as small frozen values; impossible combinations refused; old spellings."""

from __future__ import annotations

import ast
import sys
import typing
import warnings
from pathlib import Path

import aiohttp
import attrs
import pytest
from yarl import URL

import scopestack_async as ss
from scopestack_async.auth.endpoint import TokenEndpoint
from scopestack_async.sandbox import Sandbox

GRANT = ss.PasswordGrant(username="u@example.com", password="p")


def _session(**options: object) -> ss.ScopeStackSession:
    return ss.ScopeStackSession(client_id="c", authenticator=GRANT, **options)  # type: ignore[arg-type]  # options vary per test


def test_the_values_are_frozen_and_check_themselves() -> None:
    limits = ss.Limits(connections=10, concurrency=4, per_second=2.5)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        limits.concurrency = 5  # type: ignore[misc]  # frozen on purpose
    for bad in ({"connections": 0}, {"concurrency": -1}, {"per_second": 0}, {"concurrency": 1.5}):
        with pytest.raises(ss.ConfigurationError):
            ss.Limits(**bad)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(ss.ConfigurationError, match="not both"):
        ss.Limits(per_second=5, rate_limiter=ss.RateLimit(5))
    with pytest.raises(ss.ConfigurationError):
        ss.Timeouts(total=-1)
    assert ss.Timeouts() == ss.Timeouts(total=60.0, token=30.0)


# Each moved keyword: the grouped value it fills, and the replacement its warning names.
MOVED = [
    ("connection_limit", 10, ss.Limits(connections=10), "limits=ss.Limits(connections="),
    ("max_concurrency", 4, ss.Limits(concurrency=4), "limits=ss.Limits(concurrency="),
    ("requests_per_second", 2.5, ss.Limits(per_second=2.5), "limits=ss.Limits(per_second="),
    ("timeout", 12, ss.Timeouts(total=12), "timeouts=ss.Timeouts(total="),
    ("token_timeout", 5, ss.Timeouts(token=5), "timeouts=ss.Timeouts(token="),
]


@pytest.mark.parametrize(("keyword", "value", "grouped", "replacement"), MOVED)
def test_each_older_keyword_warns_naming_its_replacement_and_still_works(
    keyword: str, value: object, grouped: object, replacement: str
) -> None:
    with pytest.warns(DeprecationWarning, match=f"^{keyword}= is deprecated") as caught:
        session = _session(**{keyword: value})
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith(f"{keyword}= is deprecated")
    assert replacement in message
    assert caught[0].filename == __file__  # points at the caller's line, not the SDK's
    assert grouped in (session.limits, session.timeouts)


def test_the_older_rate_limiter_keyword_warns_and_still_installs_the_limiter() -> None:
    limiter = ss.RateLimit(5)
    with pytest.warns(
        DeprecationWarning,
        match=r"rate_limiter= is deprecated; pass limits=ss\.Limits\(rate_limiter=",
    ):
        session = _session(rate_limiter=limiter)
    assert session.limits == ss.Limits(rate_limiter=limiter)
    assert limiter in session._middlewares()


def test_the_older_keyword_arguments_fill_the_same_values() -> None:
    with pytest.warns(DeprecationWarning, match="is deprecated; pass") as caught:
        old = _session(connection_limit=10, max_concurrency=4, requests_per_second=2.5,
                       timeout=12, token_timeout=5)  # fmt: skip
    assert len(caught) == 5
    assert all(w.filename == __file__ for w in caught)
    new = _session(limits=ss.Limits(connections=10, concurrency=4, per_second=2.5),
                   timeouts=ss.Timeouts(total=12, token=5))  # fmt: skip
    assert old.limits == new.limits
    assert old.timeouts == new.timeouts
    assert _session().limits == ss.Limits()
    assert _session().limits.pool_size == 100


def test_the_grouped_values_warn_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session = _session(limits=ss.Limits(concurrency=3, rate_limiter=ss.RateLimit(2)),
                           timeouts=ss.Timeouts(total=9))  # fmt: skip
    assert caught == []
    assert (session.limits.concurrency, session.timeouts.total) == (3, 9)


def test_an_unknown_keyword_is_still_a_type_error() -> None:
    with pytest.raises(TypeError, match="max_concurency"):
        _session(max_concurency=3)


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"limits": ss.Limits(), "max_concurrency": 3}, "max_concurrency="),
        ({"limits": ss.Limits(), "requests_per_second": 3}, "requests_per_second="),
        ({"limits": ss.Limits(), "connection_limit": 3}, "connection_limit="),
        ({"limits": ss.Limits(), "rate_limiter": ss.RateLimit(3)}, "rate_limiter="),
        ({"timeouts": ss.Timeouts(), "timeout": 3}, "timeout="),
        ({"timeouts": ss.Timeouts(), "token_timeout": 3}, "token_timeout="),
        ({"requests_per_second": 3, "rate_limiter": ss.RateLimit(3)}, "not both"),
    ],
)
def test_a_knob_given_twice_is_refused(options: dict[str, object], named: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ss.ConfigurationError, match=named):
            _session(**options)
    assert caught == []  # refused outright: no advice to move a keyword that cannot work


async def test_a_pool_size_with_your_own_pool_is_refused_not_ignored() -> None:
    async with aiohttp.ClientSession() as http:
        with pytest.raises(ss.ConfigurationError, match="connection_limit"):
            _session(http=http, connection_limit=5)
        with pytest.raises(ss.ConfigurationError, match="connection_limit"):
            _session(http=http, limits=ss.Limits(connections=5))
        assert _session(http=http, limits=ss.Limits(concurrency=5)).limits.concurrency == 5


async def test_the_limits_reach_the_pool_and_the_token_endpoint_follows_the_session() -> None:
    async with Sandbox(records=5) as sb:
        session = sb.session("admin", limits=ss.Limits(connections=3, concurrency=2))
        for _ in range(2):  # reopened: the endpoint posts on the new pool, nobody assigns it
            async with session:
                assert session.http.connector is not None
                assert session.http.connector.limit == 3
                sb.expire_tokens_now()
                await session.me(refresh=True)
                assert session._endpoint.http is session.http
        assert sb.stats.token_requests["password"] == 1
        # The first opening logs in after the expiry; the reopened one refreshes on its pool.
        assert sb.stats.token_requests["refresh_token"] == 1


def test_nothing_assigns_the_endpoints_pool_from_outside() -> None:
    endpoint = TokenEndpoint(
        auth_url=URL("https://app.scopestack.io"), client_id="c", client_secret=None
    )
    with pytest.raises(AttributeError):
        endpoint.http = None  # type: ignore[misc]  # read-only on purpose
    source = (Path(ss.__file__).parent / "session.py").read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                assert "_endpoint." not in ast.unparse(target), ast.unparse(node)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.Unpack is new in Python 3.11")
def test_the_signature_still_resolves_at_run_time() -> None:
    # Frameworks that inspect a constructor (dependency injection, docs) must keep working.
    hints = typing.get_type_hints(ss.ScopeStackSession.__init__)
    assert hints["limits"] == ss.Limits | None
    assert "moved" in hints
