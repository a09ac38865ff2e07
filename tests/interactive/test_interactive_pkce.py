"""The pure rules: PKCE, state, authorize URL, callback parsing, pasted codes, loopback binding,
and the pending authorization value."""

from __future__ import annotations

import re

import pytest
from yarl import URL

import scopestack_async as ss
from scopestack_async._core import pkce

AUTH = URL("https://app.scopestack.io")


def test_rfc7636_appendix_b_vector() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce.code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert pkce.code_challenge(verifier, "plain") == verifier


def test_verifiers_and_states_are_long_random_and_urlsafe() -> None:
    verifiers = {pkce.new_verifier() for _ in range(200)}
    states = {pkce.new_state() for _ in range(200)}
    assert len(verifiers) == 200
    assert len(states) == 200
    for v in verifiers:
        assert re.fullmatch(r"[A-Za-z0-9_\-]{43,128}", v)
    # >= 128 bits: 22 base64 characters carry 132 bits; ours carry 256.
    assert min(len(s) for s in states) >= 43


@pytest.mark.parametrize("bad", ["short", "x" * 129, "a" * 42 + "!", "é" * 50])
def test_malformed_verifier_is_refused(bad: str) -> None:
    with pytest.raises(ss.ConfigurationError, match="RFC 7636"):
        pkce.code_challenge(bad)


def test_states_match_only_on_equal_non_empty_values() -> None:
    state = pkce.new_state()
    assert pkce.states_match(state, state)
    assert not pkce.states_match(state, state[:-1])
    assert not pkce.states_match(state, None)
    assert not pkce.states_match(state, "")
    assert not pkce.states_match("", "")
    assert not pkce.states_match(state, "é" + state)  # non-ASCII must not raise


def test_authorize_url_carries_exactly_the_flow_parameters() -> None:
    url = pkce.authorize_url(
        AUTH, client_id="cid", redirect_uri="http://127.0.0.1:9/cb", state="s1", challenge="c1"
    )
    assert url.path == "/oauth/authorize"
    assert dict(url.query) == {
        "response_type": "code",
        "client_id": "cid",
        "redirect_uri": "http://127.0.0.1:9/cb",
        "state": "s1",
        "code_challenge": "c1",
        "code_challenge_method": "S256",
    }
    bare = pkce.authorize_url(AUTH, client_id="cid", redirect_uri=pkce.OOB_REDIRECT_URI)
    assert set(bare.query) == {"response_type", "client_id", "redirect_uri"}


def test_parse_callback_and_its_errors() -> None:
    ok = pkce.parse_callback({"code": "abc", "state": "s"})
    assert (ok.code, ok.state, ok.error) == ("abc", "s", None)
    assert "abc" not in repr(ok)
    denied = pkce.parse_callback({"error": "access_denied", "state": "s"})
    err = pkce.callback_error(denied)
    assert isinstance(err, ss.OAuthError)
    assert err.error == "access_denied"
    assert "declined" in str(err)
    empty = pkce.callback_error(pkce.parse_callback({}))
    assert "neither an authorization code nor an error" in str(empty)


def test_code_refused_lists_every_cause_and_the_support_request() -> None:
    original = ss.OAuthError("x", error="invalid_grant", description="d", status=400)
    explained = pkce.code_refused(original, "http://127.0.0.1:8765/callback")
    text = str(explained)
    assert explained.error == "invalid_grant"
    assert explained.status == 400
    for part in (
        "expired",
        "already used",
        "PKCE code_verifier",
        "register http://127.0.0.1:8765/callback",
    ):
        assert part in text
    other = ss.OAuthError("y", error="invalid_client")
    assert pkce.code_refused(other, "u") is other


def test_code_from_paste() -> None:
    code = "GcmgJ0eM9kp_kfZrInsQ3O7epHOrHVpXIqIZvny18GI"
    assert pkce.code_from_paste(f"  {code}\n") == code
    native = f"https://app.scopestack.io/oauth/authorize/native?code={code}"
    assert pkce.code_from_paste(native) == code
    with pytest.raises(ss.AuthenticationError, match="not an authorization code") as info:
        pkce.code_from_paste("not a code at all")
    assert "not a code at all" not in str(info.value)
    page = "An error has occurred The requested redirect uri is malformed or doesn't match client redirect URI."
    with pytest.raises(ss.AuthenticationError, match="Ask ScopeStack support to register"):
        pkce.code_from_paste(page)


@pytest.mark.parametrize(
    ("uri", "port", "expected"),
    [
        ("http://127.0.0.1:8765/callback", None, ("127.0.0.1", 0, True)),
        ("http://127.0.0.1:8765/callback", 8800, ("127.0.0.1", 8800, False)),
        ("http://localhost:8765/callback", None, ("127.0.0.1", 8765, False)),
        ("http://LOCALHOST/callback", None, ("127.0.0.1", 80, False)),
        ("http://[::1]:8765/callback", None, ("::1", 0, True)),
    ],
)
def test_loopback_bind(uri: str, port: int | None, expected: tuple[str, int, bool]) -> None:
    assert pkce.loopback_bind(URL(uri), port) == expected


@pytest.mark.parametrize("uri", ["https://app.example.com/callback", "https://127.0.0.1/cb"])
def test_loopback_bind_refuses_non_loopback(uri: str) -> None:
    with pytest.raises(ss.ConfigurationError, match="loopback redirect URI"):
        pkce.loopback_bind(URL(uri), None)


def test_pending_authorization_round_trips_and_hides_secrets() -> None:
    grant = ss.AuthorizationCodeGrant(redirect_uri="https://app.example.com/callback")
    pending = grant.begin(AUTH, "cid")
    assert pending.state
    assert pending.code_verifier
    query = URL(pending.authorize_url).query
    assert query["state"] == pending.state
    assert query["code_challenge"] == pkce.code_challenge(pending.code_verifier)
    assert query["code_challenge_method"] == "S256"
    assert ss.PendingAuthorization.from_dict(pending.to_dict()) == pending
    assert ss.PendingAuthorization.from_json(pending.to_json()) == pending
    shown = repr(pending)
    assert pending.state not in shown
    assert pending.code_verifier not in shown
    assert "https://app.example.com/callback" in shown
    assert 890 < pending.expires_at - pending.created_at <= 900


def test_pkce_can_be_plain_or_off() -> None:
    plain = ss.AuthorizationCodeGrant(redirect_uri="https://a.example/cb", pkce_method="plain")
    p = plain.begin(AUTH, "cid")
    assert URL(p.authorize_url).query["code_challenge"] == p.code_verifier
    off = ss.AuthorizationCodeGrant(redirect_uri="https://a.example/cb", use_pkce=False)
    q = off.begin(AUTH, "cid")
    assert q.code_verifier is None
    assert "code_challenge" not in URL(q.authorize_url).query


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("state"),
        lambda d: d.update(expires_at="soon"),
        lambda d: d.update(code_verifier=12),
        lambda d: d.update(created_at=True),
    ],
)
def test_malformed_pending_data_is_an_authentication_error(mutate: object) -> None:
    grant = ss.AuthorizationCodeGrant(redirect_uri="https://a.example/cb")
    data = grant.begin(AUTH, "cid").to_dict()
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ss.AuthenticationError, match="Start the login again"):
        ss.PendingAuthorization.from_dict(data)
    with pytest.raises(ss.AuthenticationError, match="not JSON"):
        ss.PendingAuthorization.from_json("{nope")


@pytest.mark.parametrize("uri", ["urn:ietf:wg:oauth:2.0:oob", "/callback", "ftp://x/cb"])
def test_grant_refuses_unusable_redirect_uris(uri: str) -> None:
    with pytest.raises(ss.ConfigurationError):
        ss.AuthorizationCodeGrant(redirect_uri=uri)


def test_grants_are_interactive_and_hide_callables() -> None:
    code = ss.AuthorizationCodeGrant(redirect_uri="https://a.example/cb", subject="u1")
    oob = ss.OutOfBandGrant(subject="u2")
    assert (code.unattended, oob.unattended) == (False, False)
    assert isinstance(code, ss.Authenticator)
    assert isinstance(oob, ss.Authenticator)
    assert (code.subject, oob.subject) == ("u1", "u2")
    assert "opener" not in repr(code)
    assert "code_provider" not in repr(oob)
