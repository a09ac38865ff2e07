"""Issue 14, item 7: a rotated refresh token survives any single store failure.

The sandbox runs ``rotation="immediate"`` (Doorkeeper without ``previous_refresh_token``): a
refresh token dies the moment it is used, so a new pair that is lost once means
``invalid_grant`` next time, and a forced login.
"""

from __future__ import annotations

from typing import Any

import pytest

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox, SandboxConfig

_REFRESHES = 3


class FailingSets(ss.MemoryTokenStore):
    """A memory store whose ``set`` calls number ``first`` .. ``first + count - 1`` fail."""

    def __init__(self, first: int, count: int = 1) -> None:
        super().__init__()
        self.sets = 0
        self.failing = range(first, first + count)

    async def set(self, key: str, token: ss.Token) -> None:
        self.sets += 1
        if self.sets in self.failing:
            raise OSError(28, "No space left on device")
        await super().set(key, token)


def _grant(sb: Sandbox, kind: str) -> Any:
    if kind == "password":
        admin = sb.users["admin"]
        return ss.PasswordGrant(username=admin.username, password=admin.password)
    return ss.RefreshTokenGrant(
        refresh_token=sb.mint_token("admin")["refresh_token"], subject="ada"
    )


async def _run(sb: Sandbox, grant: Any, store: ss.TokenStore, counter: ss.EventCounter) -> int:
    """A first token, then refreshes after the server expired the access token; errors seen."""
    failures = 0
    async with ss.ScopeStackSession(
        client_id=sb.client_id, client_secret=sb.client_secret, authenticator=grant,
        token_store=store, auth_url=sb.auth_url, api_url=sb.api_url, hooks=[counter],
    ) as session:  # fmt: skip
        for step in range(_REFRESHES + 1):
            if step:
                sb.expire_tokens_now()
            try:
                await session.me(refresh=True)
            except ss.ScopeStackError:
                failures += 1
    return failures


@pytest.mark.parametrize("kind", ["password", "refresh_token"])
@pytest.mark.parametrize("outage", [1, 3], ids=["fails-once", "fails-a-whole-save"])
async def test_a_store_failure_at_any_point_loses_no_token(kind: str, outage: int) -> None:
    async with Sandbox(SandboxConfig(records=5, rotation="immediate")) as sb:
        for first in range(1, _REFRESHES + 3):  # the first token, each refresh, and after
            store = FailingSets(first, outage)
            counter = ss.EventCounter()
            grant = _grant(sb, kind)
            failures = await _run(sb, grant, store, counter)
            # The next process starts from what the store holds: it must be the live pair.
            failures += await _run(sb, grant, store, counter)
            where = f"set #{first} failing {outage}x"
            assert failures == 0, where
            assert counter.count("refresh", "invalid_grant") == 0, where
            assert counter.count("authenticate") == 1, where  # no forced login
            assert counter.count("refresh") == 2 * _REFRESHES, where
            expected = outage if first <= store.sets else 0
            assert counter.count("store_failure") == expected, where
