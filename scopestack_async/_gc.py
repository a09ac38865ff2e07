"""Holding off CPython's cyclic garbage collector for one short, synchronous stretch.

A parsed export page is a tree of thousands of dicts and lists that refcounting frees as soon
as the page is written. Parsing it crosses the young generation's threshold several times,
so the collector walks the half-built tree again and again, promotes it, and every few pages
runs a full collection over the whole heap, on the event loop (tens of milliseconds in an
ordinary process). With the collector held off from the parse until the page is rendered
and dropped, the tree is freed before the collector ever sees it, and its allocation count
goes with it: no collection runs on its account.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Hold off the cyclic collector while the block runs (when ``pause``).

    Only for synchronous code (never across an ``await``: other tasks would run without a
    collector). If the collector is already off (the application turned it off, or another
    thread holds it off), nothing changes and it is not turned back on here.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
