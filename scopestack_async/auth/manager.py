"""The one refresh path: which token to send, and exactly one refresh per token generation.

Rules (style principle 5):
- the hot path is two float comparisons against thresholds computed when a token is adopted;
- in the early window one background task refreshes while requests go on with the valid token;
- in the late window, or after a rejection, callers await one shared task through
  ``asyncio.shield`` so a caller's timeout or cancellation never aborts a refresh half way
  (a second token request would burn a rotated refresh token);
- under the store's lock the store is re-read first: a peer process may already have refreshed;
- a new token is adopted in memory first, then saved (a few bounded attempts): a store
  failure never discards a token the server has just issued. One that could not be saved is
  saved again before the next refresh, and never replaced by the older one the store still holds.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from typing import TypeGuard

import attrs

from .._core.redact import Redactor
from .._core.tokens import RefreshWindows, Token
from ..errors import AuthenticationError, OAuthError, TokenStoreError
from ..events import EventCounter, EventDispatcher, outcome_of
from ..stores._base import TokenStore
from ..stores._guard import GuardedStore
from ._attended import abandon
from .endpoint import TokenEndpoint
from .grants import Authenticator

__all__ = ["TokenManager", "TokenStats"]

log = logging.getLogger("scopestack_async.auth")

# A failed save is tried again this many times in all, after short pauses (seconds, doubling):
# a transient ENOSPC or a Redis blip must not lose a rotated refresh token.
_SAVE_ATTEMPTS = 3
_SAVE_PAUSE = 0.05
# An abandoned login closes its callback server (aiohttp's 1 s shutdown bound) and is done.
_LOGIN_STOP_SECONDS = 5.0


@attrs.define(repr=False)
class TokenStats:
    """Counters of the token lifecycle, for tests and metrics.

    Every figure is read from the session's events (the dispatcher's tally: successful
    ``refresh`` and ``authenticate`` events, ``adopt``, ``store_failure``, ``token_wait`` and
    ``background_failure`` events), so they always agree with what any hook counted.
    """

    tally: EventCounter = attrs.field(factory=lambda: EventCounter(keep=0), eq=False)

    @property
    def refreshes(self) -> int:
        """Refreshes that succeeded."""
        return self.tally.count("refresh", "ok")

    @property
    def authentications(self) -> int:
        """First tokens obtained (the grant, or an interactive login adopted)."""
        return self.tally.count("authenticate", "ok")

    @property
    def adopted_from_store(self) -> int:
        """Tokens a peer stored that were taken over."""
        return self.tally.count("adopt")

    @property
    def waits(self) -> int:
        """Requests that waited for a token (none yet, nearly expired, or rejected)."""
        return self.tally.count("token_wait")

    @property
    def background_failures(self) -> int:
        """Early-window refreshes that failed while the token still worked."""
        return self.tally.count("background_failure")

    @property
    def store_failures(self) -> int:
        """Saves the token store refused (each attempt; the ``store_failure`` events)."""
        return self.tally.count("store_failure")

    def __repr__(self) -> str:
        return (
            f"TokenStats(refreshes={self.refreshes}, authentications={self.authentications}, "
            f"adopted_from_store={self.adopted_from_store}, waits={self.waits}, "
            f"background_failures={self.background_failures}, "
            f"store_failures={self.store_failures})"
        )


class TokenManager:
    """Holds the current token of one (auth host, client, user) key and renews it."""

    def __init__(
        self,
        *,
        endpoint: TokenEndpoint,
        authenticator: Authenticator,
        store: TokenStore,
        key: str,
        windows: RefreshWindows,
        events: EventDispatcher | None = None,
    ) -> None:
        self._endpoint = endpoint
        self._events = events if events is not None else EventDispatcher()
        self._authenticator = authenticator
        self._store: TokenStore = GuardedStore(store)
        self.key = key
        self._windows = windows
        self._token: Token | None = None
        self._early_at = 0.0
        self._late_at = 0.0
        self._task: asyncio.Task[Token] | None = None
        self._waiters: dict[asyncio.Task[Token], int] = {}  # callers awaiting each task
        self._last_fetched: str | None = None  # access token of our last token request
        self._unsaved: Token | None = None  # adopted, but the store could not take it yet
        self._awaited: weakref.WeakSet[asyncio.Task[Token]] = weakref.WeakSet()
        self._failing = False  # the last background refresh failed (warned once per streak)
        self.generation = 0
        self.stats = TokenStats(tally=self._events.tally)

    def __repr__(self) -> str:
        return f"TokenManager(key={self.key!r}, generation={self.generation})"

    @property
    def token(self) -> Token | None:
        """The token currently in use, if any."""
        return self._token

    @property
    def redactor(self) -> Redactor:
        """Masks every secret this user's session holds in server-supplied text."""
        return self._endpoint.redactor

    @property
    def unsaved(self) -> bool:
        """True while the token in use could not be saved to the store (it is retried)."""
        return self._unsaved is not None

    def fresh_token(self) -> Token | None:
        """The current token when it needs no refresh at all (no await: the hot path)."""
        token = self._token
        if token is not None and time.time() < self._early_at:
            return token
        return None

    async def token_for_request(self) -> Token:
        """The token to send now; refreshes first only when it is (nearly) expired."""
        now = time.time()
        token = self._token
        if token is not None and now < self._early_at:
            return token
        if token is not None and now < self._late_at:
            self._start_refresh(token)
            return token
        self._events.emit("token_wait", reason="none" if token is None else "expiring")
        return await self._awaiting(token)

    def fetched_here(self, token: Token) -> bool:
        """True when ``token`` came from this manager's own last token request, not a store."""
        return token.access_token == self._last_fetched

    async def refresh_after_rejection(self, rejected: Token) -> Token:
        """A new token after the API rejected ``rejected``; a peer's newer token is adopted."""
        if self._token is not None and self._token.access_token != rejected.access_token:
            return self._token
        self._events.emit("token_wait", reason="rejected")
        return await self._awaiting(rejected)

    async def reload(self) -> Token | None:
        """Re-read the store and adopt what it holds if it differs from ours."""
        if self._unsaved is not None:
            return self._token  # the store holds an older token than ours
        stored = await self._store.get(self.key)
        if stored is not None and not _same(stored, self._token):
            self._adopt(stored)
            self._events.emit("adopt", reason="reload")
        return self._token

    async def forget(self) -> None:
        """Drop the token here and in the store (logout)."""
        await self.close()
        self._token = self._unsaved = None
        self._early_at = self._late_at = 0.0
        self.generation += 1
        await self._store.delete(self.key)

    async def adopt(self, token: Token) -> None:
        """Use a token obtained outside the refresh path (an interactive login) and save it.

        It is used even if the store fails; then TokenStoreError says it was not kept."""
        await self.close()
        self._adopt(token)
        self._events.emit("authenticate", reason="interactive")
        await self._save_locked(token)

    async def login(self) -> Token:
        """Run the grant now, even if a valid token is stored, and keep its token.

        The stored token is replaced only when the grant succeeded; TokenStoreError when the
        new token could not be saved (it is still used by this session)."""
        await self.close()
        token = await self._authenticate()
        self._adopt(token)
        await self._save_locked(token)
        return token

    async def close(self, timeout: float = 10.0) -> None:
        """Let a refresh in flight finish (so a rotated token is not lost), then stop."""
        task = self._task
        if task is None or task.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except asyncio.CancelledError:
            task.cancel()
            raise
        except Exception:
            if not task.done():
                task.cancel()
                log.debug("refresh still running at close; cancelled it")

    async def save_pending(self) -> bool:
        """Save a token the store refused earlier (at close: else it is lost at exit).

        True when nothing is pending any more; a failure is logged and emitted, not raised."""
        token = self._unsaved
        if token is None:
            return True
        try:
            await self._save_locked(token)
        except TokenStoreError as exc:
            failure = exc
        else:
            return True
        log.error(
            "the current token could not be saved to the token store (%s); it is lost when "
            "this process exits, and the user may have to log in again",
            failure,
        )
        return False

    async def _save_locked(self, token: Token) -> None:
        async with self._store.lock(self.key):
            await self._save(token)

    async def _save(self, token: Token) -> None:
        """Save ``token`` (the caller holds the lock), a few times if the store fails."""
        for attempt in range(1, _SAVE_ATTEMPTS + 1):
            failure = await self._set(token)
            if failure is None:
                if self._unsaved is token or self._token is token:
                    self._unsaved = None
                return
            self._events.emit(
                "store_failure", outcome=outcome_of(failure), reason="save", attempt=attempt
            )
            if attempt == _SAVE_ATTEMPTS:
                if self._token is token:
                    self._unsaved = token
                raise failure
            await asyncio.sleep(_SAVE_PAUSE * 2 ** (attempt - 1))

    async def _set(self, token: Token) -> TokenStoreError | None:
        try:
            await self._store.set(self.key, token)
        except TokenStoreError as exc:
            return exc
        return None

    def _start_refresh(self, stale: Token | None) -> asyncio.Task[Token]:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._refresh(stale))
            self._task.add_done_callback(self._finished)
        return self._task

    async def _awaiting(self, stale: Token | None) -> Token:
        # Whoever awaits a refresh is told of its failure: it is then not logged as a warning.
        self._awaited.add(self._start_refresh(stale))
        return await self._await_refresh(stale)

    async def _await_refresh(self, stale: Token | None) -> Token:
        task = self._start_refresh(stale)
        self._waiters[task] = self._waiters.get(task, 0) + 1
        try:
            return await asyncio.shield(task)
        except TokenStoreError as exc:
            # A store that is down or stuck (bounded by its timeouts) must not stop requests
            # while the token they hold still works: use it; the next request tries again.
            if not self._still_valid(stale):
                raise
            # Nobody is told of this failure: warn, once per failing streak (an outage would
            # otherwise log one warning per refresh attempt).
            level = logging.DEBUG if self._failing else logging.WARNING
            self._failing = True
            log.log(
                level, "token store failed during a refresh; using the still valid token: %s", exc
            )
            return stale
        finally:
            left = self._waiters.pop(task) - 1
            if left:
                self._waiters[task] = left
            elif not task.done() and abandon(task):
                # The last caller left (cancelled or timed out). A refresh goes on (shielded);
                # a login waiting for a person stops now (its callback port closed before we
                # return) and stores nothing it receives later.
                await asyncio.wait({task}, timeout=_LOGIN_STOP_SECONDS)

    def _still_valid(self, stale: Token | None) -> TypeGuard[Token]:
        # The caller waits because the current token is nearly expired (the late window), not
        # because the API rejected it (a rejected token is no fallback), and it still works.
        return (
            stale is not None
            and stale is self._token
            and time.time() >= self._late_at
            and not stale.is_expired()
        )

    def _finished(self, task: asyncio.Task[Token]) -> None:
        if self._task is task:
            self._task = None
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            self._failing = False
            return
        if task in self._awaited:
            # The caller that awaited it got the exception; logging it too would say it twice.
            log.debug("token refresh failed (raised to its caller): %s", exc)
        elif self._token is not None and not self._token.is_expired():
            # An early-window failure: the current token still works; the late window retries.
            self._events.emit("background_failure", outcome=outcome_of(exc), reason="refresh")
            level = logging.DEBUG if self._failing else logging.WARNING
            self._failing = True
            log.log(level, "background token refresh failed (will retry): %s", exc)

    async def _refresh(self, stale: Token | None) -> Token:
        asked = time.monotonic()
        async with self._store.lock(self.key):
            self._events.emit("lock_wait", seconds=time.monotonic() - asked)
            if self._unsaved is not None and not await self._saved_now(self._unsaved):
                # The store still holds the pair ours replaced (maybe a dead refresh token).
                return await self._adopt_and_save(await self._obtain(self._unsaved))
            stored = await self._store.get(self.key)
            if stored is not None and self._usable(stored, stale):
                self._adopt(stored)
                self._events.emit("adopt", reason="store")
                log.debug("adopted a token a peer stored (generation %d)", self.generation)
                return stored
            return await self._adopt_and_save(await self._obtain(stored or stale))

    async def _saved_now(self, token: Token) -> bool:
        try:
            await self._save(token)
        except TokenStoreError:
            return False
        return True

    async def _adopt_and_save(self, new: Token) -> Token:
        # Memory first: the server has issued it, and a rotated refresh token exists nowhere else.
        self._adopt(new)
        try:
            await self._save(new)
        except TokenStoreError as exc:
            log.warning(
                "the new token could not be saved (%s); it is used from memory and saved again "
                "before the next refresh",
                exc,
            )
        return new

    def _usable(self, stored: Token, stale: Token | None) -> bool:
        if stale is not None and stored.access_token == stale.access_token:
            return False
        return self._windows.state(stored) == "fresh"

    async def _obtain(self, previous: Token | None) -> Token:
        if previous is None or previous.refresh_token is None:
            return await self._authenticate()
        try:
            new = await self._timed_refresh(previous.refresh_token)
        except OAuthError as exc:
            if exc.error != "invalid_grant":
                raise
            return await self._after_dead_refresh_token(previous, exc)
        log.info("access token refreshed (generation %d)", self.generation + 1)
        if new.refresh_token is not None and new.refresh_token != previous.refresh_token:
            self._events.emit("rotation")
        return new.with_refresh_token_from(previous)

    async def _timed_refresh(self, refresh_token: str) -> Token:
        started = time.monotonic()
        try:
            new = await self._endpoint.refresh(refresh_token)
        except Exception as exc:
            self._events.emit("refresh", outcome=outcome_of(exc), seconds=_since(started))
            raise
        self._events.emit("refresh", seconds=_since(started))
        self._last_fetched = new.access_token
        return new

    async def _after_dead_refresh_token(self, previous: Token, exc: OAuthError) -> Token:
        # A peer that does not share our lock may have rotated it: its token is as good as ours.
        stored = await self._store.get(self.key)
        if stored is not None and stored.refresh_token != previous.refresh_token:
            self._events.emit("adopt", reason="rotated by a peer")
            return stored
        if self._authenticator.unattended:
            log.info("refresh token refused (invalid_grant); authenticating again")
            return await self._authenticate()
        raise AuthenticationError(
            "The refresh token was refused (invalid_grant): it expired, was revoked or was "
            "already used, or the user was deactivated or deleted. Log in again to get a new "
            "token (for unattended use, a PasswordGrant with a service account re-authenticates "
            "by itself)."
        ) from exc

    async def _authenticate(self) -> Token:
        grant = type(self._authenticator).__name__
        started = time.monotonic()
        try:
            token = await self._authenticator.authenticate(self._endpoint)
        except Exception as exc:
            self._events.emit(
                "authenticate", outcome=outcome_of(exc), seconds=_since(started), reason=grant
            )
            raise
        self._events.emit("authenticate", seconds=_since(started), reason=grant)
        self._last_fetched = token.access_token
        log.info("authenticated with %s", type(self._authenticator).__name__)
        return token

    def _adopt(self, token: Token) -> None:
        self._endpoint.learn(token)  # a token from the store is as secret as one fetched
        self._token = token
        self._early_at = token.expires_at - self._windows.early_seconds(token)
        self._late_at = token.expires_at - self._windows.late_seconds(token)
        self.generation += 1


def _since(started: float) -> float:
    return time.monotonic() - started


def _same(a: Token, b: Token | None) -> bool:
    return b is not None and a.access_token == b.access_token
