"""The state every handler shares, reached through one application key."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable

from aiohttp import web

from .config import SandboxConfig
from .data import generate
from .jobs import Job
from .oauth import OAuthState
from .stats import SandboxStats
from .store import World

__all__ = ["RUNTIME", "PageCache", "RejectError", "Runtime"]


class RejectError(Exception):
    """Raised by a handler to answer with a ready-made response."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


class PageCache:
    """Encoded answers by request key; cleared wholesale when it grows too big."""

    def __init__(self, limit: int = 2048) -> None:
        self.limit = limit
        self.entries: dict[tuple[object, ...], bytes] = {}

    def get(self, key: tuple[object, ...]) -> bytes | None:
        """The cached body, or None."""
        return self.entries.get(key)

    def put(self, key: tuple[object, ...], body: bytes) -> None:
        """Remember a body; old versions' keys simply age out with the clear."""
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = body


class Runtime:
    """Config, world, OAuth state, stats and fault randomness of one sandbox."""

    def __init__(self, config: SandboxConfig, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.clock = clock
        self.world = World(generate(config.records, config.seed))
        self.stats = SandboxStats()
        self.oauth = OAuthState(
            self.world, self.stats, lambda: self.config, seed=config.seed, clock=clock
        )
        self.fault_rng = random.Random(f"faults:{config.seed}")
        self.cache = PageCache()
        self.api_url = ""
        self.auth_url = ""
        self.jobs: list[Job] = []
        self._request_ids = itertools.count(1)
        self._request_prefix = f"{random.Random(config.seed).getrandbits(32):08x}"

    def request_id(self) -> str:
        """A fresh X-Request-Id in UUID shape (Rails sends one per request)."""
        n = next(self._request_ids)
        return f"{self._request_prefix}-0000-4000-8000-{n:012x}"


RUNTIME = web.AppKey("scopestack_sandbox_runtime", Runtime)
