"""The OAuth token value and the pure arithmetic of its lifetime.

No I/O and no clock reads except through the ``now`` arguments' defaults.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = ["DEFAULT_EXPIRES_IN", "RefreshWindows", "Token", "TokenKey", "WindowState"]

WindowState = Literal["fresh", "early", "late"]

# ScopeStack's (Doorkeeper's) default lifetime; clients in the wild assume it when absent.
DEFAULT_EXPIRES_IN = 7200


def _mask(value: str | None) -> str:
    return "None" if value is None else "'***'"


@attrs.frozen(repr=False)
class Token:
    """An OAuth 2.0 token as issued by the token endpoint.

    ``created_at`` is the server's issue time (epoch seconds) when it sends one, else the local
    time at receipt. The repr never shows the access or refresh token.
    """

    access_token: str
    expires_in: float = DEFAULT_EXPIRES_IN
    created_at: float = attrs.field(factory=time.time)
    refresh_token: str | None = None
    token_type: str = "Bearer"
    scope: str | None = None

    @property
    def expires_at(self) -> float:
        """Epoch seconds at which the access token stops working."""
        return self.created_at + self.expires_in

    def remaining(self, now: float | None = None) -> float:
        """Seconds of life left (negative once expired)."""
        return self.expires_at - (time.time() if now is None else now)

    def is_expired(self, skew: float = 0.0, now: float | None = None) -> bool:
        """True when the token is expired, or will be within ``skew`` seconds."""
        return self.remaining(now) <= skew

    @property
    def authorization(self) -> str:
        """The value of the ``Authorization`` header."""
        # Doorkeeper answers "Bearer"; normalise so a lower-case type still works.
        return f"Bearer {self.access_token}"

    def __repr__(self) -> str:
        return (
            f"Token(access_token={_mask(self.access_token)}, "
            f"refresh_token={_mask(self.refresh_token)}, token_type={self.token_type!r}, "
            f"expires_in={self.expires_in!r}, created_at={self.created_at!r}, scope={self.scope!r})"
        )

    @classmethod
    def from_response(cls, body: Mapping[str, Any], *, received_at: float | None = None) -> Token:
        """Build a token from a parsed RFC 6749 §5.1 response (validated by ``_core.oauth``)."""
        received = time.time() if received_at is None else received_at
        expires_in = body.get("expires_in") or DEFAULT_EXPIRES_IN
        return cls(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token"),
            token_type=body.get("token_type") or "Bearer",
            expires_in=expires_in,
            created_at=_issue_time(body.get("created_at"), received, expires_in),
            scope=body.get("scope"),
        )

    def with_refresh_token_from(self, previous: Token | None) -> Token:
        """Keep the previous refresh token when the server did not rotate it."""
        if self.refresh_token is not None or previous is None:
            return self
        return attrs.evolve(self, refresh_token=previous.refresh_token)


def _issue_time(created: object, received: float, expires_in: float) -> float:
    """The server's ``created_at`` when it is believable, else the local time of receipt."""
    if not isinstance(created, (int, float)) or isinstance(created, bool):
        return received
    estimate = float(created)
    if estimate.is_integer():
        # Doorkeeper sends whole seconds: the token was minted within the second after
        # created_at, and no later than we received it. Flooring would age a 1 s token to death.
        estimate = min(estimate + 1.0, received)
    # A server clock far from ours would make a fresh token look expired (or immortal).
    tolerance = min(300.0, max(1.0, 0.1 * expires_in))
    return estimate if abs(estimate - received) <= tolerance else received


@attrs.frozen
class TokenKey:
    """Where a token lives in a store: one per (auth host, client id, user).

    One store can so hold a Dev and a Prod user side by side (guide §2).
    """

    auth_origin: str
    client_id: str
    subject: str

    def __str__(self) -> str:
        return f"{self.auth_origin}|{self.client_id}|{self.subject}"


@attrs.frozen
class RefreshWindows:
    """When to refresh ahead of expiry.

    In the *early* window one background task refreshes while requests go on with the still
    valid token; in the *late* window requests wait for the refresh. Both shrink for short-lived
    tokens so that they never exceed a fraction of the token's lifetime.
    """

    early: float = 300.0
    late: float = 60.0
    max_fraction_early: float = 0.5
    max_fraction_late: float = 0.1

    def early_seconds(self, token: Token) -> float:
        """Seconds before expiry at which a background refresh starts."""
        return min(self.early, token.expires_in * self.max_fraction_early)

    def late_seconds(self, token: Token) -> float:
        """Seconds before expiry after which requests wait for a fresh token."""
        return min(self.late, token.expires_in * self.max_fraction_late)

    def state(self, token: Token, now: float | None = None) -> WindowState:
        """``"fresh"``, ``"early"`` (refresh in background) or ``"late"`` (must wait)."""
        left = token.remaining(now)
        if left <= self.late_seconds(token):
            return "late"
        if left <= self.early_seconds(token):
            return "early"
        return "fresh"
