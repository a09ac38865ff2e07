"""Token stores: where tokens live, and the lock that makes one process refresh at a time.

=====================  ==========================================================
``MemoryTokenStore``   this process only (the default)
``FileTokenStore``     one private JSON file; processes on one machine
``KeyringTokenStore``  the operating system's keyring; processes of one user
``RedisTokenStore``    Redis; a fleet on many machines (extra: ``[redis]``)
=====================  ==========================================================

Importing this package imports neither ``keyring`` nor ``redis``: each store imports its
library when first used.
"""

from __future__ import annotations

from ._base import TokenStore
from .file import FileTokenStore
from .keyring_store import KeyringTokenStore
from .memory import MemoryTokenStore
from .redis_store import RedisTokenStore

__all__ = [
    "FileTokenStore",
    "KeyringTokenStore",
    "MemoryTokenStore",
    "RedisTokenStore",
    "TokenStore",
]
