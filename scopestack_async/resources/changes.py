"""Changes since a watermark: every page, each ``id@timestamp`` once, resumable.

The server is asked to filter (``filter[updated-at][after]``) and to sort ascending by the
timestamp, but nothing relies on it: every resource is re-checked here, so a server that
ignores (or refuses, with a 400) the date filter gives the same result, only slower. The
connector's triggers read one page and so missed changes; this walks every page.

The watermark is the latest timestamp seen plus the ``id@timestamp`` keys at exactly that
moment (two resources may share it); persist ``str(watermark)`` and pass
``Watermark.parse(text)`` back as ``since``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ..errors import APIError, ConfigurationError
from .base import TypedModel
from .catalogue import python_name
from .query import DateRange

if TYPE_CHECKING:
    from .client import TypedClient

__all__ = ["Changes", "Watermark"]

log = logging.getLogger("scopestack_async.resources")
M = TypeVar("M", bound=TypedModel)


@attrs.frozen
class Watermark:
    """Where a changes feed got to: ``at`` and the ``id@timestamp`` keys seen at ``at``
    (``"*"`` among them: everything at ``at`` counts as seen, as for a plain ``since``)."""

    at: dt.datetime
    seen: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return " ".join([self.at.isoformat(), *sorted(self.seen)])

    @classmethod
    def parse(cls, text: str) -> Watermark:
        """The watermark written by ``str(watermark)``."""
        head, *keys = text.split()
        moment = dt.datetime.fromisoformat(head)
        if moment.tzinfo is None:
            raise ConfigurationError(f"watermark {text!r} has no time zone.")
        return cls(moment, frozenset(keys))

    def admits(self, key: str, moment: dt.datetime) -> bool:
        """True when ``moment`` is after the watermark, or at it and ``key`` is new."""
        return moment > self.at or (
            moment == self.at and key not in self.seen and "*" not in self.seen
        )

    def advance(self, key: str, moment: dt.datetime) -> Watermark:
        """The watermark after seeing ``key`` at ``moment``."""
        if moment > self.at:
            return Watermark(moment, frozenset({key}))
        if moment == self.at:
            return Watermark(self.at, self.seen | {key})
        return self


def _start(since: dt.datetime | Watermark | None) -> Watermark:
    if isinstance(since, Watermark):
        return since
    if since is None:
        return Watermark(dt.datetime.min.replace(tzinfo=dt.timezone.utc))
    if since.tzinfo is None:
        raise ConfigurationError("since must be an aware datetime (e.g. tzinfo=timezone.utc).")
    return Watermark(since, frozenset({"*"}))  # strictly after a plain datetime


class Changes(AsyncIterator[M], Generic[M]):
    """``async for model in client.changes(since=...)``; then ``.watermark``."""

    def __init__(
        self,
        client: TypedClient[M, Any, Any],
        since: dt.datetime | Watermark | None,
        field: str,
        where: Any,
        include: Iterable[str] | None,
        page_size: int,
    ) -> None:
        if field not in client.spec.attributes:
            raise ConfigurationError(f"{client.spec.type} has no timestamp {field!r}.")
        self._client = client
        self._field = python_name(field)
        self._wire = field
        self._where = dict(where or {})
        self._include = include
        self._page_size = page_size
        self._start = self.watermark = _start(since)
        #: True when the server refused the date filter and everything was read instead.
        self.server_filter_refused = False
        self._seen: set[str] = set()
        self._walk: AsyncIterator[M] | None = None

    def __aiter__(self) -> Changes[M]:
        return self

    async def __anext__(self) -> M:
        if self._walk is None:
            self._walk = self._models()
        return await self._walk.__anext__()

    async def aclose(self) -> None:
        """Stop the walk (the watermark stays where it got to)."""
        if self._walk is not None:
            await self._walk.aclose()  # type: ignore[attr-defined]  # an async generator

    async def _pages(self, with_filter: bool) -> AsyncIterator[M]:
        where = dict(self._where)
        if with_filter and self._wire in self._client.spec.filters and self._start.at.year > 1:
            # Not strictly after: resources at exactly the watermark may be new (id@ts).
            where[self._field] = DateRange(after=self._start.at - dt.timedelta(seconds=1))
        async for model in self._client.iterate(
            where=where or None,
            include=self._include,
            sort=[self._wire],
            page_size=self._page_size,
        ):
            yield model

    async def _models(self) -> AsyncIterator[M]:
        refused = self._client.refused_filters
        if self._wire in refused:  # this server said no before: do not ask again
            self.server_filter_refused = True
            async for model in self._pages(False):
                async for admitted in self._admit(model):
                    yield admitted
            return
        walk = self._pages(True)
        try:
            first = await walk.__anext__()
        except StopAsyncIteration:
            return
        except APIError as exc:
            if exc.status != 400:
                raise
            log.warning(
                "%s refused the %s filter (HTTP 400); reading every page and filtering here",
                self._client.spec.type,
                self._wire,
            )
            self.server_filter_refused = True
            refused.add(self._wire)
            walk = self._pages(False)
            first = None
        if first is not None:
            async for model in self._admit(first):
                yield model
        async for model in walk:
            async for admitted in self._admit(model):
                yield admitted

    async def _admit(self, model: M) -> AsyncIterator[M]:
        moment = getattr(model, self._field, None)
        if not isinstance(moment, dt.datetime):
            return
        key = f"{model.id}@{moment.isoformat()}"
        # Against the starting watermark: the server may not sort, so later pages can hold
        # older changes than the newest seen so far.
        if key in self._seen or not self._start.admits(key, moment):
            return
        self._seen.add(key)
        self.watermark = self.watermark.advance(key, moment)
        yield model
