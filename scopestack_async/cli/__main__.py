"""``python -m scopestack_async.cli``: the ``scopestack`` command."""

from __future__ import annotations

from . import main

if __name__ == "__main__":
    main()
