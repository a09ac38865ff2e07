"""Fixtures for the chaos soak: the run's private redis-server, from tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def soak_redis(redis_server: str) -> str:
    """The run's private redis-server; each seed's keys live under their own prefix."""
    return redis_server
