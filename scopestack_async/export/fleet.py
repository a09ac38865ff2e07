"""The old home of the fleet limits: they are session settings, not export ones, and now live
in :mod:`scopestack_async.fleet`. This import path keeps working."""

from __future__ import annotations

from ..fleet import RedisPauseGate, RedisRateLimit

__all__ = ["RedisPauseGate", "RedisRateLimit"]
