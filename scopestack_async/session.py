"""``ScopeStackSession``: composes the HTTP session, the middlewares, the token manager and the
account context. It decides nothing itself; each part does one job.

Middleware order, outermost first (stated once, here):
``ConcurrencyLimit`` → ``RetryMiddleware`` → ``RateLimit`` → ``AuthMiddleware``.
Retries wrap auth so every attempt carries the current token; a 401/403 is the auth
middleware's business (one refresh, one replay), never a retry. aiohttp gets the chain
composed (:mod:`scopestack_async._chain`): one aiohttp layer, the same order.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
import time
import warnings
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

import aiohttp
import attrs
import orjson
from aiohttp import ClientMiddlewareType
from yarl import URL

from ._body import buffered, read_body
from ._chain import compose
from ._core.redact import Redactor
from ._core.rules import parse_retry_after
from ._core.tokens import RefreshWindows, Token, TokenKey
from ._core.urls import redacted, resolve, validate_base_url
from ._transport import transport_error
from .auth.endpoint import TokenEndpoint
from .auth.grants import Authenticator, PasswordGrant
from .auth.manager import TokenManager
from .auth.middleware import AuthMiddleware
from .errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    PermissionDeniedError,
    ResponseFormatError,
    ScopeStackError,
)
from .events import EventDispatcher, EventHook
from .jsonapi.document import Document, Resource, parse_document
from .limits import ConcurrencyLimit, RateLimit, report_waits
from .options import Limits, MovedKeywords, Timeouts, from_keywords
from .resources._accessors import TypedResources
from .retry import PauseGate, RetryMiddleware, RetryPolicy
from .stores._base import TokenStore
from .stores.memory import MemoryTokenStore

if sys.version_info >= (3, 11):
    from typing import Unpack  # at run time too: get_type_hints() of __init__ resolves
elif TYPE_CHECKING:
    from typing_extensions import Unpack

if TYPE_CHECKING:
    from .auth.interactive import PendingAuthorization
    from .export.api import (
        CheckpointPath,
        ExportOut,
        ExportResult,
        FilterValue,
        ProgressCallback,
        Shard,
    )
    from .jsonapi.me import Me
    from .jsonapi.resources import ResourceClient

__all__ = ["DEFAULT_API_URL", "DEFAULT_AUTH_URL", "ScopeStackSession"]

DEFAULT_AUTH_URL = "https://app.scopestack.io"
DEFAULT_API_URL = "https://api.scopestack.io"

log = logging.getLogger("scopestack_async")
# Paths session.url remembers; past that each is resolved afresh (paths with record ids in
# them must not grow the cache without bound).
_URL_CACHE_SIZE = 1024
T = TypeVar("T")
_EXPORT_API = "scopestack_async.export.api"
_INTERACTIVE = "scopestack_async.auth.interactive"

_CHECKLIST_403 = (
    "The token is valid but the user may not do this. Check, as the ScopeStack guide (§7) "
    "suggests: the user's role may allow reads but not creates or updates of this resource; "
    "the token may speak for another account than you expect (see `await session.me()` or "
    "`scopestack whoami`); the resource may belong to an account this user cannot access; "
    "or the user was deactivated."
)


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _subject(authenticator: Authenticator, token_store: TokenStore | None) -> str:
    """The user part of the store key; a grant that names no user may not share a store."""
    subject = authenticator.subject
    if subject is not None:
        return subject
    if token_store is not None:
        # Two logins under one unnamed slot would each speak for whoever logged in last.
        raise ConfigurationError(
            f"{type(authenticator).__name__} has no subject, and a token store was given: "
            "every unnamed login would share one slot there, so one user's session would speak "
            "for another. Pass subject= (your user's id, e.g. the app's user id or the CLI "
            "profile) so each user has a slot of their own."
        )
    return "default"  # the session's own memory store holds this one user only


def _or_default(given: T | None, default: Callable[[], T]) -> T:
    return given if given is not None else default()


def _check_login(client_id: str, authenticator: Authenticator) -> None:
    if not client_id:
        raise ConfigurationError("client_id is required; ScopeStack support issues it.")
    if not isinstance(authenticator, Authenticator):
        raise ConfigurationError(
            "authenticator must be a grant such as ss.PasswordGrant(username=..., password=...)."
        )


def _token_key(
    auth_url: URL, client_id: str, authenticator: Authenticator, token_store: TokenStore | None
) -> str:
    """The store key of this session's user: auth host, client and the grant's subject."""
    return str(TokenKey(str(auth_url.origin()), client_id, _subject(authenticator, token_store)))


def _options(
    limits: Limits | None,
    timeouts: Timeouts | None,
    http: aiohttp.ClientSession | None,
    moved: Mapping[str, Any],
) -> tuple[Limits, Timeouts]:
    """The limits and timeouts in force. What cannot work is refused first (a knob given
    both ways, a pool size with ``http=``); then each older keyword is warned about."""
    limits_, timeouts_, notices = from_keywords(limits, timeouts, moved)
    _check_pool(limits_, http)
    for notice in notices:
        # 1 is this line, 2 the session's __init__, 3 the line that built the session.
        warnings.warn(notice, DeprecationWarning, stacklevel=3)
    return limits_, timeouts_


def _check_pool(limits: Limits, http: aiohttp.ClientSession | None) -> None:
    if http is not None and limits.connections is not None:
        raise ConfigurationError(
            "Limits.connections (connection_limit= before) sizes the pool the session makes "
            "itself, but http= brings your own pool: size it on your aiohttp connector "
            "(aiohttp.TCPConnector(limit=...)) and drop connections/connection_limit."
        )


def _pool_of(session: ScopeStackSession) -> Callable[[], aiohttp.ClientSession | None]:
    """The token endpoint's view of the session's current pool, read at each call (a weak
    reference: the endpoint never keeps a dropped session alive)."""
    ref = weakref.ref(session)

    def pool() -> aiohttp.ClientSession | None:
        owner = ref()
        return None if owner is None else owner._http

    return pool


async def _load(module: str) -> None:
    """Import ``module`` on first use, in a thread: loading is file I/O and ~10-15 ms of
    module code (more on a busy machine) that must not hold up the event loop."""
    if module not in sys.modules:
        await asyncio.to_thread(importlib.import_module, module)


class _Middlewares:
    """The session's middleware chain, outermost first (see the module docstring); calling
    it gives the chain for one opening of the HTTP session.

    Retries, the rate limit and auth live as long as the session object; a concurrency limit
    is made afresh per opening, since its semaphore belongs to the loop that first waits on it.
    The rate limit reports its waits to the session's ``events`` (one given in ``Limits`` too,
    when it has not reported elsewhere yet: :class:`~scopestack_async.limits.WaitEvents`).
    """

    __slots__ = ("_auth", "_concurrency", "_rate", "_retry")

    def __init__(
        self, limits: Limits, retry: RetryMiddleware, auth: AuthMiddleware, events: EventDispatcher
    ) -> None:
        self._concurrency = limits.concurrency
        self._retry = retry
        per_second = limits.per_second
        self._rate = RateLimit(per_second) if per_second is not None else limits.rate_limiter
        report_waits(self._rate, events)
        self._auth = auth

    def __call__(self) -> tuple[ClientMiddlewareType, ...]:
        concurrency = self._concurrency
        head = () if concurrency is None else (ConcurrencyLimit(concurrency),)
        rate = () if self._rate is None else (self._rate,)
        return (*head, self._retry, *rate, self._auth)

    def installed(self) -> tuple[ClientMiddlewareType, ...]:
        """What aiohttp gets: the chain composed (see _chain), one layer where every part is a
        Relay, the same order."""
        return compose(self())


class ScopeStackSession(TypedResources):
    """An authenticated connection to one ScopeStack user's API.

    Typed clients of every known type hang off it (``session.projects``, ``session.clients``,
    ``session.crm_opportunities``, ...; see docs/resources.md); ``session.resource(type)``
    stays for anything else.

    Use it as an async context manager (or call :meth:`open` and :meth:`close`). Nothing binds
    to an event loop before first use, so it can be built at import time and used under
    ``asyncio.run``, a test's loop or a web app's lifespan.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str | None = None,
        authenticator: Authenticator,
        token_store: TokenStore | None = None,
        auth_url: str | URL = DEFAULT_AUTH_URL,
        api_url: str | URL = DEFAULT_API_URL,
        http: aiohttp.ClientSession | None = None,
        limits: Limits | None = None,
        timeouts: Timeouts | None = None,
        pause_gate: PauseGate | None = None,
        retry: RetryPolicy | None = None,
        refresh_windows: RefreshWindows | None = None,
        allow_insecure_http: bool = False,
        hooks: Iterable[EventHook] = (),
        **moved: Unpack[MovedKeywords],
    ) -> None:
        _check_login(client_id, authenticator)
        insecure = allow_insecure_http
        self.auth_url = validate_base_url(auth_url, name="auth_url", allow_insecure_http=insecure)
        self.api_url = validate_base_url(api_url, name="api_url", allow_insecure_http=insecure)
        self.client_id = client_id
        self.authenticator = authenticator
        self.token_store: TokenStore = _or_default(token_store, MemoryTokenStore)
        #: The load limits and timeouts in force (frozen; see :mod:`scopestack_async.options`).
        self.limits, self.timeouts = _options(limits, timeouts, http, moved)
        self.retry_policy = _or_default(retry, RetryPolicy)
        #: Where token-lifecycle and retry events go (docs/observability.md); ``events.add(hook)``.
        self.events = EventDispatcher(hooks)
        self.token_key = _token_key(self.auth_url, client_id, authenticator, token_store)
        # Loop-free parts live as long as the session object, so a reopened session (another
        # asyncio.run, another test) keeps its token; only the HTTP session is per opening.
        self._endpoint = TokenEndpoint(auth_url=self.auth_url, client_id=client_id,
                                       client_secret=client_secret, http=_pool_of(self),
                                       timeout=self.timeouts.token,
                                       events=self.events)  # fmt: skip
        self._manager = TokenManager(endpoint=self._endpoint, authenticator=authenticator,
                                     store=self.token_store, key=self.token_key,
                                     windows=_or_default(refresh_windows, RefreshWindows),
                                     events=self.events)  # fmt: skip
        self._middlewares = _Middlewares(
            self.limits,
            RetryMiddleware(self.retry_policy, gate=pause_gate, events=self.events),
            AuthMiddleware(self._manager, self.api_url, events=self.events),
            self.events,
        )
        self._urls: dict[str | URL, URL] = {}
        self._external_http = http
        self._http: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop _http belongs to
        self._guard: asyncio.Task[None] | None = None  # closes an owned pool with its loop
        self._closed = False
        self._me: tuple[int, Me] | None = None
        # Whom the key names, when a ScopeStack identity can be read from it (a password
        # grant's e-mail user name): a token loaded from the store is checked against it once.
        self._expected_user = _expected_user(authenticator)
        self._identity_checked = self._expected_user is None

    def __repr__(self) -> str:
        return (
            f"ScopeStackSession(api_url={str(self.api_url)!r}, auth_url={str(self.auth_url)!r}, "
            f"client_id={self.client_id!r}, subject={self.authenticator.subject!r})"
        )

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> ScopeStackSession:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def open(self) -> None:
        """Create the HTTP session in the running loop (idempotent; reopens a closed one)."""
        self._closed = False
        self._ensure_open()

    async def close(self) -> None:
        """Let a refresh in flight finish, then close what this session owns. Reopenable."""
        await self._manager.close()
        await self._manager.save_pending()
        if self._guard is not None:
            self._guard.cancel()
            self._guard = None
        http = self._http
        if http is not None and self._loop is _running_loop():
            await http.close()
        elif http is not None:
            http.detach()  # opened in a loop that has ended: nothing of it can be awaited now
        self._http = None
        self._closed = True

    def _ensure_open(self) -> aiohttp.ClientSession:
        http = self._http
        if http is not None and self._loop is _running_loop():
            return http
        return self._open_here(http)

    def _open_here(self, http: aiohttp.ClientSession | None) -> aiohttp.ClientSession:
        if http is not None and _running_loop() is not None:
            old = self._loop
            if old is not None and not old.is_closed():
                raise ConfigurationError(
                    "This ScopeStackSession is open in another event loop. Use one session per "
                    "loop (`async with ScopeStackSession(...) as session:` inside each)."
                )
            # Its loop has ended (a second asyncio.run without `async with`): its connections
            # died with it, so start afresh here, keeping the token.
            http.detach()
            self._http = None
        if self._closed:
            # Reopening silently would leave an HTTP session nobody closes.
            raise ConfigurationError(
                "This ScopeStackSession was closed; reopen it with `async with session:` "
                "or `await session.open()` before using it again."
            )
        try:
            http = self._build_http()
        except RuntimeError as exc:
            raise ConfigurationError(
                "ScopeStackSession must be used inside a running event loop: "
                "`async with ScopeStackSession(...) as session:`."
            ) from exc
        self._http = http
        self._loop = asyncio.get_running_loop()
        return http

    def _build_http(self) -> aiohttp.ClientSession:
        external = self._external_http
        connector = (
            external.connector
            if external is not None
            else aiohttp.TCPConnector(limit=self.limits.pool_size)
        )
        http = aiohttp.ClientSession(
            # Paths resolve against api_url on session.http too ("/acme/v1/projects").
            base_url=self.api_url.with_path(self.api_url.path.rstrip("/") + "/"),
            connector=connector,
            connector_owner=external is None,
            middlewares=self._middlewares.installed(),
            timeout=aiohttp.ClientTimeout(total=self.timeouts.total),
            json_serialize=_json_dumps,
        )
        if external is not None:
            # A per-request session on a shared pool owns nothing: dropping it without close()
            # must cost nothing (no "Unclosed client session" per request of a web app).
            weakref.finalize(self, http.detach)
        else:
            self._guard = asyncio.get_running_loop().create_task(self._close_with_loop(http))
        return http

    async def _close_with_loop(self, http: aiohttp.ClientSession) -> None:
        # asyncio.run cancels the tasks left when its coroutine returns, while its loop still
        # runs: the pool this session owns is closed then, and a later asyncio.run reopens one.
        try:
            await asyncio.get_running_loop().create_future()
        finally:
            if self._http is http:
                self._http = None
            if not http.closed:
                await http.close()

    # -- parts -----------------------------------------------------------------------------

    @property
    def http(self) -> aiohttp.ClientSession:
        """The plain aiohttp session with the middlewares applied; a path such as
        ``/acme/v1/projects`` resolves against ``api_url`` (also on a caller's ``http=`` pool).

        aiohttp joins paths as a browser does: under an ``api_url`` with a path of its own
        (``https://proxy/scopestack``), pass ``acme/v1/projects`` or ``session.url(path)``."""
        return self._ensure_open()

    @property
    def tokens(self) -> TokenManager:
        """The token manager of this session's user."""
        return self._manager

    @property
    def retries(self) -> int:
        """How many retries the retry policy has made so far (the ``retry`` events)."""
        return self.events.tally.count("retry")

    def url(self, path: str | URL) -> URL:
        """``path`` resolved against ``api_url`` (absolute URLs pass through)."""
        # The same few paths come on every request: a str key hashes from its cache.
        found = self._urls.get(path)
        if found is None:
            found = resolve(self.api_url, path)
            if len(self._urls) < _URL_CACHE_SIZE:
                self._urls[path] = found
        return found

    async def ensure_token(self) -> Token:
        """A valid token, authenticating or refreshing first if needed."""
        self._ensure_open()
        return await self._manager.token_for_request()

    # -- requests --------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str | URL,
        *,
        params: Sequence[tuple[str, str]] | Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Document:
        """Send a request to the API and return the parsed JSON:API document.

        Error statuses raise the matching :class:`~scopestack_async.errors.APIError`.
        """
        if not self._identity_checked:
            await self._verify_identity()
        url = self.url(path)
        http = self._ensure_open()
        # Awaited, not `async with`: four coroutines fewer on every request. The finally does
        # what its __aexit__ does, in its order: release first, so a cancellation cannot skip it.
        try:
            resp = await http.request(method, url, params=params, json=json, headers=headers)
            try:
                body = buffered(resp)  # the retry middleware has read a JSON answer's body
                if body is None:
                    body = await read_body(resp)
            finally:
                resp.release()
                await resp.wait_for_close()
        except ScopeStackError:
            raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise transport_error(
                exc, method=method, url=url, advice="check the network and api_url"
            ) from exc
        if resp.status >= 400:
            raise await self.error_for(method, url, resp.status, resp.headers, body)
        if not body or body.isspace():  # not body.strip(): that would copy a whole page
            return Document()
        try:
            # The success path maps no error; the document builds its resources when read.
            return parse_document(body)
        except ResponseFormatError as exc:
            failure = exc
        # Its text quotes the server's members and error details: mask what we hold, and
        # raise outside the handler so the unmasked original is not kept as the context.
        masked = ResponseFormatError(self._manager.redactor.text(failure, limit=2000))
        raise masked from failure.__cause__

    async def error_for(
        self, method: str, url: URL, status: int, headers: Mapping[str, str], body: bytes
    ) -> ScopeStackError:
        """The typed error :meth:`request` raises for this error answer.

        For callers of :attr:`http` who read responses themselves: a 401 that survived the
        refresh is an ``AuthenticationError``; a 403 says which user and account the token is
        for; 404, 409, 422, 429 and 5xx map to their ``APIError`` subclasses.
        """
        # The error mapping loads with the first error answer, not with the session.
        from .jsonapi.errors import error_for_response

        where = redacted(url)
        if status == 401:
            return AuthenticationError(
                f"{method} {where} was rejected with 401 even after a token refresh. The token "
                "may have been revoked or the user deactivated or deleted: log in again, or "
                "use an active service account."
            )
        error: APIError = error_for_response(
            status,
            body,
            method=method,
            url=where,
            request_id=headers.get("X-Request-Id"),
            content_type=headers.get("Content-Type"),
            retry_after=parse_retry_after(headers.get("Retry-After"), now=time.time()),
            redactor=self._manager.redactor,
        )
        if status == 403:
            return await self._permission_denied(error)
        return error

    async def _permission_denied(self, error: APIError) -> PermissionDeniedError:
        who = ""
        # Never for /v1/me itself: reading it to explain its own 403 would recurse.
        if error.url != str(self.url("/v1/me")):
            try:
                me = await self.me()
                mask = self._manager.redactor.text
                who = (
                    f" The token speaks for {mask(me.email or me.name)} in account "
                    f"{mask(me.account_slug)!r} (id {me.account_id})."
                )
            except ScopeStackError:
                who = " (Could not read /v1/me to say which user and account the token is for.)"
        return PermissionDeniedError(
            f"{error.method} {error.url} was denied (403).{who} {_CHECKLIST_403}",
            status=403,
            method=error.method,
            url=error.url,
            request_id=error.request_id,
            errors=error.errors,
        )

    # -- resources -------------------------------------------------------------------------

    @overload
    def resource(self, type: str, model: None = None) -> ResourceClient[Resource]: ...

    @overload
    def resource(self, type: str, model: type[T]) -> ResourceClient[T]: ...

    def resource(self, type: str, model: type[Any] | None = None) -> ResourceClient[Any]:
        """The resources of ``type`` in this user's account: ``/{account-slug}/v1/{type}``.

        The slug comes from :meth:`me` on first use. With ``model=`` (an attrs class),
        resources are structured into it.
        """
        from .jsonapi.resources import ResourceClient  # with the first resource client

        return ResourceClient(_SessionTransport(self), type, model)

    # -- account context -------------------------------------------------------------------

    async def me(self, *, refresh: bool = False) -> Me:
        """The user and account the token speaks for (``GET /v1/me``), cached per token.

        Pass ``refresh=True`` to re-read it: a user can switch account in the web app.
        """
        generation = self.tokens.generation
        if not refresh and self._me is not None and self._me[0] == generation:
            return self._me[1]
        return await self._read_me()

    async def _read_me(self) -> Me:
        from .jsonapi.me import Me  # /v1/me is read on demand, not by every program

        me = _masked(Me.from_document(await self.request("GET", "/v1/me")), self.tokens.redactor)
        self._me = (self.tokens.generation, me)
        return me

    async def _verify_identity(self) -> None:
        """Once: a token this session did not fetch itself must belong to the key's user."""
        token = await self.ensure_token()
        self._identity_checked = True  # set first: reading /v1/me below is a request too
        if self._manager.fetched_here(token):
            return  # obtained with this grant's own credentials just now
        try:
            self._check_identity(await self._read_me())
        except BaseException:
            self._identity_checked = False
            self._me = None
            raise

    def _check_identity(self, me: Me) -> None:
        expected = self._expected_user
        if expected is None or me.email.lower() == expected:
            return
        raise AuthenticationError(
            f"The token stored under this session's key ({self.token_key}) speaks for "
            f"{me.email or me.name} (user id {me.user_id}), not {expected}: another login was "
            "saved under this user's key. Only /v1/me was asked with it. Remove it "
            "(`await session.logout()`, or delete it from the token store) and log in again."
        )

    @property
    def account_slug(self) -> str:
        """The account slug from the last :meth:`me` (call ``await session.me()`` first)."""
        return self._known_me().account_slug

    @property
    def account_id(self) -> int:
        """The account id from the last :meth:`me` (call ``await session.me()`` first)."""
        return self._known_me().account_id

    def _known_me(self) -> Me:
        if self._me is None:
            raise ConfigurationError(
                "The account is not known yet: call `await session.me()` first."
            )
        return self._me[1]

    # -- interactive grants and logout ----

    def begin_authorization(self) -> PendingAuthorization:
        """Step one of a web login: ``pending.authorize_url`` is where to send the user; keep
        ``pending`` (``to_dict()``) until the callback. Needs an ``AuthorizationCodeGrant``."""
        from .auth.interactive import code_grant  # interactive grants load on first use

        return code_grant(self.authenticator).begin(self.auth_url, self.client_id)

    async def complete_authorization(
        self, callback_query: Mapping[str, str], pending: PendingAuthorization
    ) -> Token:
        """Step two: check the callback's state (constant time, single use) before any token
        request, exchange the code and store the token under this session's key."""
        self._ensure_open()
        await _load(_INTERACTIVE)
        from .auth.interactive import code_grant

        grant = code_grant(self.authenticator)
        token = await grant.complete(self._endpoint, callback_query, pending)
        await self._manager.adopt(token)
        return token

    async def logout(self) -> None:
        """Revoke the refresh and access tokens (RFC 7009) and delete them from the store.

        Safe to call twice. The tokens are deleted even if the server does not confirm the
        revocation; its error is raised after that."""
        self._ensure_open()
        await _load(_INTERACTIVE)
        from .auth.interactive import revoke_and_forget

        await revoke_and_forget(self._endpoint, self._manager)

    # -- export ----

    async def export(
        self,
        resource: str,
        out: ExportOut,
        *,
        format: str = "jsonl",
        concurrency: int = 8,
        page_size: int = 100,
        filter: Mapping[str, FilterValue] | None = None,
        include: Sequence[str] | None = None,
        fields: Mapping[str, str | Sequence[str]] | None = None,
        sort: Sequence[str] | None = None,
        checkpoint: CheckpointPath | None = None,
        checkpoint_every: int = 20,
        restart: bool = False,
        shard: Shard | tuple[int, int] | None = None,
        progress: ProgressCallback | None = None,
        max_response_bytes: int = 256 << 20,
    ) -> ExportResult:
        """Export every ``resource`` of the account to ``out`` (a ``.jsonl``/``.csv`` path, or
        an async callable given each page's resources); see docs/export.md.

        Pages are fetched ``concurrency`` at a time and written in order, each resource once;
        the file appears atomically when complete. With ``checkpoint`` a stopped export
        resumes where it stopped (saved every ``checkpoint_every`` pages; ``restart=True`` discards
        an existing checkpoint first); ``shard=(i, n)`` exports worker ``i``'s share of ``n``;
        a page whose decoded body exceeds ``max_response_bytes`` is a ResponseFormatError."""
        await _load(_EXPORT_API)  # the engine loads on first export, not at import
        from .export.api import export as _export

        return await _export(
            self,
            resource,
            out,
            format=format,
            concurrency=concurrency,
            page_size=page_size,
            filter=filter,
            include=include,
            fields=fields,
            sort=sort,
            checkpoint=checkpoint,
            checkpoint_every=checkpoint_every,
            restart=restart,
            shard=shard,
            progress=progress,
            max_response_bytes=max_response_bytes,
        )


def _running_loop() -> asyncio.AbstractEventLoop | None:
    # asyncio's own "loop or None", without the exception get_running_loop() raises.
    return asyncio.events._get_running_loop()


def _masked(me: Me, redactor: Redactor) -> Me:
    # The user's texts are the server's: an echoing server could put a token in them.
    mask = redactor.mask
    return attrs.evolve(
        me, name=mask(me.name), title=mask(me.title), email=mask(me.email), phone=mask(me.phone)
    )


def _expected_user(authenticator: Authenticator) -> str | None:
    # ScopeStack user names are e-mail addresses, and /v1/me reports the e-mail.
    if isinstance(authenticator, PasswordGrant) and "@" in authenticator.username:
        return authenticator.username.lower()
    return None


class _SessionTransport:
    """The session seen through the JSON:API layer's ``JsonApiTransport`` seam."""

    def __init__(self, session: ScopeStackSession) -> None:
        self._session = session

    @property
    def api_url(self) -> URL:
        """The session's API base URL."""
        return self._session.api_url

    async def request(
        self,
        method: str,
        url: str | URL,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        json: Mapping[str, Any] | None = None,
    ) -> Document:
        """Delegate to :meth:`ScopeStackSession.request`."""
        return await self._session.request(method, url, params=params, json=json)

    async def account_slug(self) -> str:
        """The slug from ``/v1/me`` (cached per token by the session)."""
        return (await self._session.me()).account_slug
