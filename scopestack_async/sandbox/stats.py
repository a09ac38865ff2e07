"""Counters the sandbox keeps so tests can assert what a client really did."""

from __future__ import annotations

from collections import Counter

import attrs

__all__ = ["SandboxStats"]


@attrs.define
class SandboxStats:
    """What the sandbox saw and sent.

    ``token_requests`` counts ``/oauth/token`` calls by grant type (failures included),
    ``token_errors`` by OAuth error code, ``refreshes`` successful refresh grants,
    ``refresh_reuse`` refreshes presenting a refresh token that had already been used once
    (whether or not rotation made it fail), ``api_requests`` API answers by status,
    ``rate_limited`` the 429s sent, ``faults`` injected faults by kind.
    """

    token_requests: Counter[str] = attrs.field(factory=Counter)
    token_errors: Counter[str] = attrs.field(factory=Counter)
    refreshes: int = 0
    refresh_reuse: int = 0
    api_requests: Counter[int] = attrs.field(factory=Counter)
    rate_limited: int = 0
    faults: Counter[str] = attrs.field(factory=Counter)

    @property
    def api_total(self) -> int:
        """Every API request answered, whatever its status."""
        return sum(self.api_requests.values())

    def reset(self) -> None:
        """Zero every counter (between phases of one test)."""
        self.token_requests.clear()
        self.token_errors.clear()
        self.refreshes = 0
        self.refresh_reuse = 0
        self.api_requests.clear()
        self.rate_limited = 0
        self.faults.clear()

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready snapshot (for the control endpoint and the CLI)."""
        return {
            "token_requests": dict(self.token_requests),
            "token_errors": dict(self.token_errors),
            "refreshes": self.refreshes,
            "refresh_reuse": self.refresh_reuse,
            "api_requests": {str(k): v for k, v in self.api_requests.items()},
            "rate_limited": self.rate_limited,
            "faults": dict(self.faults),
        }
