"""``Sandbox``: the fake ScopeStack as an async context manager."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import attrs
from aiohttp import web

from .api import add_api_routes
from .config import SandboxConfig
from .control import add_control_routes, evolve_config
from .data import Account, OAuthClient, SandboxUser
from .faults import errors_middleware, faults_middleware, stats_middleware
from .oauth import OAuthState
from .oauth_http import add_oauth_routes
from .runtime import RUNTIME, Runtime
from .stats import SandboxStats

if TYPE_CHECKING:
    import scopestack_async as ss

__all__ = ["Sandbox", "build_apps"]


def _app(runtime: Runtime) -> web.Application:
    app = web.Application(middlewares=[stats_middleware, faults_middleware, errors_middleware])
    app[RUNTIME] = runtime
    add_control_routes(app)
    return app


def build_apps(runtime: Runtime, *, two_ports: bool) -> tuple[web.Application, web.Application]:
    """The (auth, api) applications; the same object twice when one port serves both."""
    auth = _app(runtime)
    add_oauth_routes(auth)
    if not two_ports:
        add_api_routes(auth)
        return auth, auth
    api = _app(runtime)
    add_api_routes(api)
    return auth, api


def cli_settings(
    auth_url: str, api_url: str, client_id: str, secret: str, user: SandboxUser
) -> dict[str, str]:
    """The ``SCOPESTACK_*`` settings for a sandbox at these URLs, as ``user``."""
    return {
        "SCOPESTACK_AUTH_URL": auth_url,
        "SCOPESTACK_API_URL": api_url,
        "SCOPESTACK_CLIENT_ID": client_id,
        "SCOPESTACK_CLIENT_SECRET": secret,
        "SCOPESTACK_USERNAME": user.username,
        "SCOPESTACK_PASSWORD": user.password,
    }


class Sandbox:
    """A local server that behaves like ScopeStack (OAuth host and API host).

    ::

        async with Sandbox(records=1_000, token_ttl=60) as sb:
            sb.auth_url, sb.api_url, sb.client_id, sb.client_secret
            sb.users["admin"].username, sb.users["admin"].password
            sb.stats.token_requests["refresh_token"]
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        records: int | None = None,
        seed: int | None = None,
        token_ttl: float | None = None,
        host: str | None = None,
        port: int | None = None,
        two_ports: bool | None = None,
    ) -> None:
        base = config or SandboxConfig()
        if records is not None:
            base = attrs.evolve(base, records=records)
        if seed is not None:
            base = attrs.evolve(base, seed=seed)
        if token_ttl is not None:
            base = attrs.evolve(base, token_ttl=token_ttl)
        if host is not None:
            base = attrs.evolve(base, host=host)
        if port is not None:
            base = attrs.evolve(base, port=port)
        if two_ports is not None:
            base = attrs.evolve(base, two_ports=two_ports)
        self._initial = base
        self._runtime: Runtime | None = None
        self._runners: list[web.AppRunner] = []

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Generate the data (in a thread) and start listening."""
        if self._runtime is not None:
            raise RuntimeError("this sandbox is already running; use a new Sandbox")
        config = self._initial
        runtime = await asyncio.to_thread(Runtime, config)
        auth, api = build_apps(runtime, two_ports=config.two_ports)
        try:
            auth_port = config.auth_port if config.two_ports else config.port
            runtime.auth_url = await self._serve(auth, config.host, auth_port)
            runtime.api_url = (
                await self._serve(api, config.host, config.port)
                if config.two_ports
                else runtime.auth_url
            )
        except BaseException:
            await self.stop()
            raise
        self._runtime = runtime

    async def _serve(self, app: web.Application, host: str, port: int) -> str:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        self._runners.append(runner)
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        return f"http://{shown}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening (idempotent)."""
        runners, self._runners = self._runners, []
        for runner in runners:
            await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- what tests read ----------------------------------------------------------------------

    @property
    def _rt(self) -> Runtime:
        if self._runtime is None:
            raise RuntimeError("the sandbox is not running; use 'async with Sandbox() as sb'")
        return self._runtime

    @property
    def auth_url(self) -> str:
        """Origin of the OAuth host (``app.scopestack.io``'s stand-in), no trailing slash."""
        return self._rt.auth_url

    @property
    def api_url(self) -> str:
        """Origin of the API host (``api.scopestack.io``'s stand-in), no trailing slash."""
        return self._rt.api_url

    @property
    def config(self) -> SandboxConfig:
        """The current knobs."""
        return self._rt.config if self._runtime else self._initial

    @config.setter
    def config(self, value: SandboxConfig) -> None:
        changed = {
            f.name: getattr(value, f.name)
            for f in attrs.fields(SandboxConfig)
            if getattr(value, f.name) != getattr(self.config, f.name)
        }
        self._rt.config = evolve_config(self._rt.config, changed)

    def set_faults(
        self,
        *,
        latency: float = 0.0,
        jitter: float = 0.0,
        fault_rate: float = 0.0,
        fault_statuses: tuple[int, ...] = (500, 502, 503),
        rate_limit_rate: float = 0.0,
        retry_after: int = 1,
        reset_rate: float = 0.0,
    ) -> None:
        """Set every fault knob at once (unnamed ones go back to 'no fault')."""
        self.config = attrs.evolve(
            self.config,
            latency=latency,
            jitter=jitter,
            fault_rate=fault_rate,
            fault_statuses=fault_statuses,
            rate_limit_rate=rate_limit_rate,
            retry_after=retry_after,
            reset_rate=reset_rate,
        )

    @property
    def stats(self) -> SandboxStats:
        """Counters of what clients did."""
        return self._rt.stats

    @property
    def oauth(self) -> OAuthState:
        """The token and grant state (for white-box assertions)."""
        return self._rt.oauth

    @property
    def users(self) -> Mapping[str, SandboxUser]:
        """Seeded users by key: admin, readonly, service, deactivated, globex_admin."""
        return self._rt.world.users

    @property
    def accounts(self) -> Mapping[str, Account]:
        """Seeded accounts by slug: acme and globex."""
        return self._rt.world.accounts_by_slug

    @property
    def clients(self) -> Mapping[str, OAuthClient]:
        """OAuth clients by name: confidential, public, oob, service:ci-export."""
        return {c.name: c for c in self._rt.world.clients.values()}

    @property
    def client_id(self) -> str:
        """The confidential client's id."""
        return self.clients["confidential"].client_id

    @property
    def client_secret(self) -> str:
        """The confidential client's secret."""
        secret = self.clients["confidential"].client_secret
        assert secret is not None
        return secret

    @property
    def redirect_uri(self) -> str:
        """The confidential and public clients' registered redirect URI."""
        return self.clients["confidential"].redirect_uri

    def project_count(self, slug: str = "acme") -> int:
        """How many projects an account holds now."""
        return len(self._rt.world.listing("projects", self.accounts[slug].id))

    def session(self, user: str = "admin", **options: Any) -> ss.ScopeStackSession:
        """A session logged in as ``user`` (a key of :attr:`users`) by the password grant, on
        this sandbox's URLs; ``options`` go to :class:`ScopeStackSession` and override these."""
        # The server side imports no client code; only this convenience builds a client.
        import scopestack_async as ss

        who = self.users[user]
        settings: dict[str, Any] = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "authenticator": ss.PasswordGrant(username=who.username, password=who.password),
            "auth_url": self.auth_url,
            "api_url": self.api_url,
        }
        return ss.ScopeStackSession(**(settings | options))

    def cli_settings(self, user: str = "admin") -> dict[str, str]:
        """The ``SCOPESTACK_*`` settings that point the CLI (or a child process) at this
        sandbox as ``user``, by the confidential client and the password grant."""
        who = self.users[user]
        return cli_settings(self.auth_url, self.api_url, self.client_id, self.client_secret, who)

    # -- control ------------------------------------------------------------------------------

    def deactivate_user(self, key: str) -> int:
        """Deactivate a user: their tokens stop working at once; return how many were revoked."""
        user = self._rt.world.set_active(key, False)
        return self._rt.oauth.revoke_all(user.id)

    def live_tokens(self, key: str) -> int:
        """How many access tokens of user ``key`` are not revoked (a test waits for a login)."""
        return self._rt.oauth.live_count(self._rt.world.users[key].id)

    def reactivate_user(self, key: str) -> None:
        """Let a user log in again (their old tokens stay revoked)."""
        self._rt.world.set_active(key, True)

    def revoke_all_tokens(self) -> int:
        """Revoke every access and refresh token; return how many rows."""
        return self._rt.oauth.revoke_all()

    def expire_tokens_now(self) -> int:
        """Expire every live access token (refresh tokens keep working)."""
        return self._rt.oauth.expire_all()

    def mint_token(self, user: str = "admin", *, client: str = "confidential") -> dict[str, Any]:
        """A token response for a user without an HTTP round trip (benchmarks, fixtures)."""
        rt = self._rt
        owner = rt.world.users[user]
        scopes = tuple(rt.config.default_scope.split())
        row = rt.oauth.issue(self.clients[client].client_id, owner.id, scopes, refresh=True)
        return OAuthState.token_body(row)

    def __repr__(self) -> str:
        where = self._runtime.api_url if self._runtime else "not started"
        return f"<Sandbox {where} records={self._initial.records} seed={self._initial.seed}>"
