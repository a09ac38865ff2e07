"""Interactive grants: the authorization-code flow with PKCE (web apps and CLIs), out-of-band,
and logout.

A web app runs the flow in two steps, through its session: ``begin_authorization()`` gives
the URL to send the user to and a :class:`PendingAuthorization` to keep until the callback;
``complete_authorization(query, pending)`` checks the state (constant time, single use)
*before* any token request, then exchanges the code. A CLI calls nothing: when no token
exists the token manager runs :meth:`AuthorizationCodeGrant.authenticate`, which serves the
callback on a loopback port and opens the browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import subprocess
import sys
import threading
import time
import webbrowser
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import cattrs
import orjson
from yarl import URL

from .._core.pkce import (
    OOB_REDIRECT_URI,
    ChallengeMethod,
    authorize_url,
    callback_error,
    code_challenge,
    code_from_paste,
    code_refused,
    new_state,
    new_verifier,
    parse_callback,
    states_match,
)
from .._core.strict import strict_converter
from .._core.tokens import Token
from ..errors import AuthenticationError, ConfigurationError, OAuthError
from ._attended import waiting_for_a_person
from .endpoint import TokenEndpoint
from .grants import Authenticator
from .manager import TokenManager

if TYPE_CHECKING:
    from .loopback import LoopbackServer

__all__ = [
    "AuthorizationCodeGrant",
    "OutOfBandGrant",
    "PendingAuthorization",
    "code_grant",
    "exchange_code",
    "revoke_and_forget",
]

log = logging.getLogger("scopestack_async.auth")

#: How long a web app may wait for the callback; the code itself lives 10 minutes after it.
DEFAULT_PENDING_TTL = 900.0
_SPENT_LIMIT = 10_000


@attrs.frozen(kw_only=True)
class PendingAuthorization:
    """What an app keeps between sending the user away and the callback.

    Serialise it with :meth:`to_dict` / :meth:`to_json` into a server-side session (or an
    encrypted, signed cookie): it holds the state and the PKCE verifier, which must stay
    secret, and which never appear in its repr.
    """

    authorize_url: str = attrs.field(repr=False)
    state: str | None = attrs.field(repr=False)
    code_verifier: str | None = attrs.field(repr=False)
    redirect_uri: str
    client_id: str
    created_at: float
    expires_at: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (secrets included: keep it server-side or encrypted)."""
        data: dict[str, Any] = _converter.unstructure(self)
        return data

    def to_json(self) -> str:
        """:meth:`to_dict` as a JSON string."""
        return orjson.dumps(self.to_dict()).decode()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PendingAuthorization:
        """Rebuild a pending authorization; AuthenticationError if the data is malformed."""
        try:
            return _converter.structure(dict(data), cls)
        except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
            raise AuthenticationError(
                "The kept authorization data is malformed or incomplete. Start the login again."
            ) from exc

    @classmethod
    def from_json(cls, text: str | bytes) -> PendingAuthorization:
        """Rebuild from :meth:`to_json`'s output."""
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise AuthenticationError(
                "The kept authorization data is not JSON. Start the login again."
            ) from exc
        if not isinstance(data, dict):
            raise AuthenticationError(
                "The kept authorization data is malformed. Start the login again."
            )
        return cls.from_dict(data)

    def is_expired(self, now: float | None = None) -> bool:
        """True once the login attempt is too old to complete."""
        return (time.time() if now is None else now) >= self.expires_at


_converter = strict_converter(detailed_validation=False)


class _SpentStates:
    """Digests of states already completed in this process, so a replay is refused early."""

    def __init__(self) -> None:
        self._spent: dict[bytes, float] = {}

    def claim(self, state: str, expires_at: float) -> bool:
        """Mark ``state`` used; False if it was used before."""
        digest = hashlib.sha256(state.encode()).digest()
        if digest in self._spent:
            return False
        if len(self._spent) >= _SPENT_LIMIT:
            self._prune()
        self._spent[digest] = expires_at
        return True

    def _prune(self) -> None:
        now = time.time()
        live = {k: v for k, v in self._spent.items() if v > now}
        # Past the bound even after pruning: drop the oldest half (expiry still refuses them).
        self._spent = (
            live if len(live) < _SPENT_LIMIT else dict(list(live.items())[_SPENT_LIMIT // 2 :])
        )


def _show_on_stderr(url: str) -> None:
    print(f"Open this URL in a browser to log in to ScopeStack:\n\n  {url}\n", file=sys.stderr)


def launch_browser(url: str) -> bool:
    """Open ``url`` in the user's browser without waiting for the browser to exit.

    ``webbrowser`` runs a ``BROWSER`` command (and other generic launchers) and waits for it to
    exit, which for a real browser can be never: the login, and the program, would hang on it.
    Those commands are started in the background instead (as ``webbrowser`` already does for
    xdg-open and friends), with a daemon thread to reap them. Called in a worker thread.
    """
    browser = webbrowser.get()
    if type(browser) is not webbrowser.GenericBrowser:
        return browser.open(url)
    command = [browser.name, *(arg.replace("%s", url) for arg in browser.args)]
    try:
        # Its own session and no inherited stdio: a lingering browser must not hold the
        # program's terminal or pipes (``scopestack login --browser | tee`` would never end).
        process = subprocess.Popen(
            command,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return False
    threading.Thread(target=process.wait, name="browser-reaper", daemon=True).start()
    return True


def _check_redirect_uri(_inst: object, _attr: object, value: str) -> None:
    url = URL(value)
    if value == OOB_REDIRECT_URI:
        raise ConfigurationError(
            "urn:ietf:wg:oauth:2.0:oob is the out-of-band URI: use ss.OutOfBandGrant() for it."
        )
    if not url.is_absolute() or url.scheme not in ("http", "https") or url.fragment:
        raise ConfigurationError(
            f"redirect_uri must be the absolute http(s) callback URL registered for the client; "
            f"got {value!r}."
        )


@attrs.frozen(kw_only=True)
class AuthorizationCodeGrant:
    """The authorization-code grant with PKCE (S256 by default).

    - Web apps: pass ``loopback=False`` and use ``session.begin_authorization()`` and
      ``session.complete_authorization(query, pending)``; ``authenticate`` then asks for that.
    - CLIs: :meth:`authenticate` (called by the token manager when no token exists) listens on
      127.0.0.1, opens the browser (``opener``, in a thread) and waits ``timeout`` seconds.
      On a registered ``http://127.0.0.1…`` URI any free port is used (Doorkeeper accepts any
      port there); ``port`` forces one.

    ``subject`` is the user's slot in the token store (e.g. your app's user id): required when
    the session is given a token store, so two users' logins never share one token.
    """

    redirect_uri: str = attrs.field(validator=_check_redirect_uri)
    subject: str | None = None
    use_pkce: bool = True
    pkce_method: ChallengeMethod = "S256"
    scope: str | None = None
    loopback: bool = True
    open_browser: bool = True
    timeout: float = 300.0
    port: int | None = None
    pending_ttl: float = DEFAULT_PENDING_TTL
    opener: Callable[[str], object] = attrs.field(default=launch_browser, repr=False, eq=False)
    show_url: Callable[[str], None] = attrs.field(default=_show_on_stderr, repr=False, eq=False)
    _spent: _SpentStates = attrs.field(factory=_SpentStates, init=False, repr=False, eq=False)

    @property
    def unattended(self) -> bool:
        """False: a person has to log in in a browser."""
        return False

    def begin(
        self, auth_url: URL, client_id: str, *, redirect_uri: str | None = None
    ) -> PendingAuthorization:
        """A new login attempt: the authorize URL plus the state and verifier to keep."""
        return _pending(
            auth_url,
            client_id,
            redirect_uri or self.redirect_uri,
            state=new_state(),
            pkce=self.pkce_method if self.use_pkce else None,
            scope=self.scope,
            ttl=self.pending_ttl,
        )

    async def complete(
        self,
        endpoint: TokenEndpoint,
        callback_query: Mapping[str, str],
        pending: PendingAuthorization,
    ) -> Token:
        """Check the callback against ``pending`` (before any token request), then exchange."""
        callback = parse_callback(callback_query)
        if pending.client_id != endpoint.client_id:
            raise AuthenticationError(
                "This pending authorization was started for another client. Start the login again."
            )
        if pending.state is None or not states_match(pending.state, callback.state):
            raise AuthenticationError(
                "The callback's state does not match this login attempt (a forged or stale "
                "callback, or a login started in another tab). No token was requested; start the "
                "login again."
            )
        if not self._spent.claim(pending.state, pending.expires_at):
            raise AuthenticationError(
                "This login callback was already used (state is single-use). No token was "
                "requested; start the login again."
            )
        if pending.is_expired():
            raise AuthenticationError(
                "The login attempt is too old to complete. Start the login again."
            )
        if callback.code is None:
            raise callback_error(callback)
        return await exchange_code(endpoint, callback.code, pending, registered=self.redirect_uri)

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """Run the CLI login: loopback server, browser, callback, code exchange."""
        if not self.loopback:
            raise AuthenticationError(
                f"No token for user {self.subject!r}: they must log in. Send them to the URL of "
                "session.begin_authorization() and finish with session.complete_authorization()."
            )
        state = new_state()
        # aiohttp.web costs tens of ms to import; only a CLI login needs it.
        from .loopback import LoopbackServer

        # Waiting for a person: if every caller leaves, the login stops and the port closes.
        with waiting_for_a_person():
            async with LoopbackServer(self.redirect_uri, state, port=self.port) as server:
                pending = _pending(
                    endpoint.auth_url,
                    endpoint.client_id,
                    server.redirect_uri,
                    state=state,
                    pkce=self.pkce_method if self.use_pkce else None,
                    scope=self.scope,
                    ttl=self.timeout,
                )
                query = await self._wait_for_browser(server, pending.authorize_url)
        return await self.complete(endpoint, query, pending)

    async def _wait_for_browser(self, server: LoopbackServer, url: str) -> Mapping[str, str]:
        self.show_url(url)
        opener = (
            asyncio.ensure_future(asyncio.to_thread(self.opener, url))
            if self.open_browser
            else None
        )
        try:
            query = await server.wait(self.timeout)
        except BaseException:
            await _settle(opener, grace=0.0)
            raise
        await _settle(opener, grace=5.0)
        return query


def _show_oob_on_stderr(url: str) -> None:
    print(
        "Open this URL in a browser, log in to ScopeStack and approve; then paste the "
        f"authorization code shown:\n\n  {url}\n",
        file=sys.stderr,
    )
    print("Authorization code: ", end="", file=sys.stderr, flush=True)


async def _read_stdin_line() -> str:
    """A line from stdin, read in a daemon thread so the loop keeps running.

    Not the default executor: a cancelled read cannot be interrupted, and ``asyncio.run`` joins
    that executor's threads, so Ctrl-C would wait for the user to press Enter. A daemon thread
    does not hold the program up; it ends with the next line (or at exit).
    """
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str] = loop.create_future()

    def deliver(outcome: str | BaseException) -> None:
        if line.done():  # the wait was cancelled
            return
        if isinstance(outcome, BaseException):
            line.set_exception(outcome)
        else:
            line.set_result(outcome)

    def read() -> None:
        try:
            outcome: str | BaseException = sys.stdin.readline()
        except Exception as exc:  # handed to the waiting task, which raises it
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the loop is already closed: nobody waits
            loop.call_soon_threadsafe(deliver, outcome)

    threading.Thread(target=read, name="scopestack-paste", daemon=True).start()
    return await line


@attrs.frozen(kw_only=True)
class OutOfBandGrant:
    """The out-of-band code flow: the user approves in a browser and pastes the shown code.

    Doorkeeper does not return ``state`` for ``urn:ietf:wg:oauth:2.0:oob``, so PKCE is what
    binds the code to this attempt (on by default). ``code_provider`` is an async callable
    returning the pasted text (default: a line from stdin, read in a thread); ``show_url``
    shows the URL (default: stderr). ``subject`` names the user's slot in the token store
    (required when the session is given one).
    """

    code_provider: Callable[[], Awaitable[str]] = attrs.field(
        default=_read_stdin_line, repr=False, eq=False
    )
    show_url: Callable[[str], None] = attrs.field(default=_show_oob_on_stderr, repr=False, eq=False)
    subject: str | None = None
    use_pkce: bool = True
    pkce_method: ChallengeMethod = "S256"
    scope: str | None = None
    timeout: float = 600.0

    @property
    def unattended(self) -> bool:
        """False: a person has to log in and paste a code."""
        return False

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """Show the authorize URL, wait for the pasted code, exchange it."""
        pending = _pending(
            endpoint.auth_url,
            endpoint.client_id,
            OOB_REDIRECT_URI,
            state=None,
            pkce=self.pkce_method if self.use_pkce else None,
            scope=self.scope,
            ttl=self.timeout,
        )
        self.show_url(pending.authorize_url)
        try:
            with waiting_for_a_person():
                pasted = await asyncio.wait_for(self.code_provider(), self.timeout)
        except asyncio.TimeoutError:
            raise AuthenticationError(
                f"No authorization code was pasted within {self.timeout:g} s. Log in again."
            ) from None
        return await exchange_code(endpoint, code_from_paste(pasted), pending)


def _pending(
    auth_url: URL,
    client_id: str,
    redirect_uri: str,
    *,
    state: str | None,
    pkce: ChallengeMethod | None,
    scope: str | None,
    ttl: float,
) -> PendingAuthorization:
    verifier = new_verifier() if pkce else None
    url = authorize_url(
        auth_url,
        client_id=client_id,
        redirect_uri=redirect_uri,
        state=state,
        challenge=code_challenge(verifier, pkce) if verifier and pkce else None,
        method=pkce or "S256",
        scope=scope,
    )
    now = time.time()
    log.debug("authorization started: redirect_uri=%s pkce=%s", redirect_uri, pkce or "off")
    return PendingAuthorization(
        authorize_url=str(url),
        state=state,
        code_verifier=verifier,
        redirect_uri=redirect_uri,
        client_id=client_id,
        created_at=now,
        expires_at=now + ttl,
    )


async def _settle(task: asyncio.Future[object] | None, *, grace: float) -> None:
    """Let the browser opener finish (bounded), else drop it; never leave a task behind."""
    if task is None:
        return
    if grace > 0 and not task.done():
        await asyncio.wait({task}, timeout=grace)
    if not task.done():
        task.cancel()
        await asyncio.wait({task})
    if not task.cancelled() and task.exception() is not None:
        log.warning(
            "could not open a browser (%s); use the URL shown", type(task.exception()).__name__
        )


async def exchange_code(
    endpoint: TokenEndpoint,
    code: str,
    pending: PendingAuthorization,
    *,
    registered: str | None = None,
) -> Token:
    """POST grant_type=authorization_code with the pending attempt's redirect URI and verifier."""
    fields = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": pending.redirect_uri,
    }
    if pending.code_verifier:
        fields["code_verifier"] = pending.code_verifier
    try:
        return await endpoint.request_token(fields)
    except OAuthError as exc:
        explained = code_refused(exc, registered or pending.redirect_uri)
        if explained is exc:
            raise
        raise explained from exc


def code_grant(authenticator: Authenticator) -> AuthorizationCodeGrant:
    """The session's grant if it is an :class:`AuthorizationCodeGrant`, else ConfigurationError."""
    if not isinstance(authenticator, AuthorizationCodeGrant):
        raise ConfigurationError(
            "begin_authorization()/complete_authorization() need a session built with "
            "authenticator=ss.AuthorizationCodeGrant(redirect_uri=...); this one uses "
            f"{type(authenticator).__name__}."
        )
    return authenticator


async def revoke_and_forget(endpoint: TokenEndpoint, manager: TokenManager) -> int:
    """Logout: revoke the refresh and access tokens, then delete them here and in the store.

    The tokens are deleted even when the server does not confirm the revocation; its error is
    raised afterwards. Returns how many tokens were revoked (0 when there were none).
    """
    await manager.close()
    held = manager.token
    stored = await manager.reload()
    secrets_to_revoke = _revocable(held, stored)
    try:
        for secret in secrets_to_revoke:
            await endpoint.revoke(secret)
    finally:
        # Shielded: Ctrl-C during a slow revocation still deletes the local token.
        await asyncio.shield(manager.forget())
    log.info("logged out: %d token(s) revoked", len(secrets_to_revoke))
    return len(secrets_to_revoke)


def _revocable(*tokens: Token | None) -> list[str]:
    # Refresh tokens first (RFC 7009 §2.1): revoking one ends the grant on most servers.
    found = [t.refresh_token for t in tokens if t is not None and t.refresh_token]
    found += [t.access_token for t in tokens if t is not None]
    return list(dict.fromkeys(found))
