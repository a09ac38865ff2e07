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

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes
from ._base import TokenStore
from .memory import MemoryTokenStore

if TYPE_CHECKING:
    from .file import FileTokenStore
    from .keyring_store import KeyringTokenStore
    from .redis_store import RedisTokenStore

# The persistent stores (and filelock, platformdirs) load on first use: most programs pick
# one store, and `import scopestack_async` should not pay for all of them.
_LAZY = {
    "FileTokenStore": ".file",
    "KeyringTokenStore": ".keyring_store",
    "RedisTokenStore": ".redis_store",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "FileTokenStore",
    "KeyringTokenStore",
    "MemoryTokenStore",
    "RedisTokenStore",
    "TokenStore",
]
