"""Fuzz: the export walk over collections whose meta and links lie in every combination.

An in-memory :class:`ExportTransport` serves offset pages of a known record list, with the
page count inflated, under-reported, growing or missing, ``links.last`` absurd, ``links.next``
missing or always present, ``record-count`` wrong, and empty pages past the end. Whatever the
lies, the export yields exactly the records, in order, or raises a typed error, within a
bounded number of requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import attrs
import orjson
import yarl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopestack_async.errors import ScopeStackError, ServerError
from scopestack_async.export import ExportOptions, run_export
from scopestack_async.export.sinks import CallableSink
from scopestack_async.export.transport import Answer

BASE = yarl.URL("http://api.test")


@attrs.frozen
class Lies:
    """How the server misdescribes its collection."""

    page_count: str  # honest, inflated, huge, under, zero, growing, missing
    last: str  # none, honest, absurd, under
    next: str  # honest, always, never
    record_count: str  # honest, inflated, under, missing
    wrong_types: bool  # meta values of the wrong JSON type


@attrs.define
class LyingTransport:
    """Serves ``records`` in pages of the requested size, lying as ``lies`` says."""

    records: list[dict[str, Any]]
    lies: Lies
    requests: int = 0

    @property
    def api_url(self) -> yarl.URL:
        return BASE

    async def collection_url(self, resource: str) -> yarl.URL:
        return BASE / "acme" / "v1" / resource

    async def send(self, method: str, url: yarl.URL, *, max_bytes: int) -> Answer:
        self.requests += 1
        await asyncio.sleep(0)
        number = int(url.query.get("page[number]", "1"))
        size = int(url.query["page[size]"])
        body = orjson.dumps(self.page(number, size))
        return Answer(200, {"Content-Type": "application/vnd.api+json"}, body)

    async def error_for(
        self, method: str, url: yarl.URL, status: int, headers: Mapping[str, str], body: bytes
    ) -> ScopeStackError:
        return ServerError("unexpected", status=status, method=method, url=str(url))

    def page(self, number: int, size: int) -> dict[str, Any]:
        total = len(self.records)
        pages = -(-total // size)
        lies = self.lies
        data = self.records[(number - 1) * size : number * size] if number > 0 else []
        meta: dict[str, Any] = {}
        count = {
            "honest": pages, "inflated": pages + 3, "huge": 1_000_000_000,
            "under": max(0, pages - 1), "zero": 0, "growing": number + 1, "missing": None,
        }[lies.page_count]  # fmt: skip
        if count is not None:
            meta["page-count"] = str(count) if lies.wrong_types else count
        records = {"honest": total, "inflated": total + 5, "under": total // 2, "missing": None}
        if (value := records[lies.record_count]) is not None:
            meta["record-count"] = [value] if lies.wrong_types else value
        links: dict[str, Any] = {"first": f"{BASE}/acme/v1/projects?page%5Bnumber%5D=1"}
        last = {"none": None, "honest": pages, "absurd": 999_999_999_999, "under": 1}[lies.last]
        if last is not None:
            links["last"] = f"{BASE}/acme/v1/projects?page%5Bnumber%5D={last}"
        more = number < pages
        if lies.next == "always" or (lies.next == "honest" and more):
            links["next"] = f"{BASE}/acme/v1/projects?page%5Bnumber%5D={number + 1}"
            links["next"] += f"&page%5Bsize%5D={size}"
        return {"data": data, "meta": meta, "links": links}


lies = st.builds(
    Lies,
    page_count=st.sampled_from(
        ["honest", "inflated", "huge", "under", "zero", "growing", "missing"]
    ),
    last=st.sampled_from(["none", "honest", "absurd", "under"]),
    next=st.sampled_from(["honest", "always", "never"]),
    record_count=st.sampled_from(["honest", "inflated", "under", "missing"]),
    wrong_types=st.booleans(),
)


async def _export(transport: LyingTransport, page_size: int, concurrency: int) -> list[str]:
    got: list[str] = []

    async def sink(records: list[dict[str, Any]]) -> None:
        got.extend(r["id"] for r in records)

    options = ExportOptions(resource="projects", page_size=page_size, concurrency=concurrency)
    result = await run_export(transport, options, CallableSink(sink))
    assert result.records == len(got)
    return got


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    total=st.integers(0, 23),
    page_size=st.integers(1, 5),
    concurrency=st.integers(1, 3),
    lie=lies,
)
def test_lying_meta_and_links_give_the_exact_records_or_a_typed_error(
    total: int, page_size: int, concurrency: int, lie: Lies
) -> None:
    records = [{"type": "projects", "id": str(n)} for n in range(1, total + 1)]
    transport = LyingTransport(records, lie)
    try:
        got = asyncio.run(_export(transport, page_size, concurrency))
    except ScopeStackError:
        pass  # A typed error is an allowed outcome: never a short file reported as success.
    else:
        assert got == [r["id"] for r in records]
    pages = -(-total // page_size)
    assert transport.requests <= pages + 4 * concurrency + 3
