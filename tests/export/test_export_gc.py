"""The export's pages never feed the cyclic garbage collector.

A parsed page is thousands of dicts that refcounting frees once the page is written; left to
the collector, parsing it crosses the young generation's threshold several times and every
few pages a full collection walks the whole heap on the event loop (tens of ms each: the
loop-lag spikes of benchmarks/export_loop_lag.py). The engine parses, deduplicates and
renders a page with the collector held off, and drops the tree before it lets it run again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
import pytest
import yarl

from scopestack_async._gc import collector_paused
from scopestack_async.errors import ScopeStackError
from scopestack_async.export.engine import ExportOptions, run_export
from scopestack_async.export.sinks import CallableSink, CsvSink, JsonlSink, Sink
from scopestack_async.export.transport import Answer

PAGES, SIZE = 60, 200
API = yarl.URL("http://127.0.0.1:9")


def _record(n: int) -> dict[str, Any]:
    return {
        "id": f"uuid-{n:08d}",
        "type": "projects",
        "attributes": {
            "project-name": f"Project {n}",
            "payment-info": {"pricing-model": "fixed", "rate-type": "hourly"},
            "tag-list": ["network", "bench"],
        },
        "relationships": {"client": {"data": {"type": "clients", "id": str(n % 7)}}},
    }


BODIES = {
    number: orjson.dumps(
        {
            "data": [_record(n) for n in range((number - 1) * SIZE, number * SIZE)],
            "meta": {"page-count": PAGES, "record-count": PAGES * SIZE},
        }
    )
    for number in range(1, PAGES + 1)
}
EMPTY = orjson.dumps({"data": [], "meta": {"page-count": PAGES}})


class MemoryTransport:
    """Pages from memory: nothing but the engine allocates during the export."""

    api_url = API

    async def collection_url(self, resource: str) -> yarl.URL:
        return API / "acme" / "v1" / resource

    async def send(self, method: str, url: yarl.URL, *, max_bytes: int) -> Answer:
        body = BODIES.get(int(url.query["page[number]"]), EMPTY)
        return Answer(200, {"Content-Type": "application/vnd.api+json"}, body)

    async def error_for(
        self, method: str, url: yarl.URL, status: int, headers: Mapping[str, str], body: bytes
    ) -> ScopeStackError:
        raise AssertionError("no error answers here")


class Collections:
    """Counts the collector's runs while active."""

    def __init__(self) -> None:
        self.runs = 0
        self.active = False

    def __call__(self, phase: str, info: Mapping[str, Any]) -> None:
        if self.active and phase == "start":
            self.runs += 1


@pytest.fixture
def collections() -> Iterator[Collections]:
    counter = Collections()
    gc.collect()
    gc.callbacks.append(counter)
    try:
        yield counter
    finally:
        gc.callbacks.remove(counter)


async def _export(sink: Sink, counter: Collections) -> int:
    options = ExportOptions(resource="projects", page_size=SIZE, concurrency=4)
    counter.active = True
    try:
        result = await run_export(MemoryTransport(), options, sink)
    finally:
        counter.active = False
    assert result.records == PAGES * SIZE
    return counter.runs


@pytest.mark.parametrize("kind", ["jsonl", "csv", "csv-in-the-writer-thread"])
async def test_file_exports_run_almost_no_collections(
    tmp_path: Path, collections: Collections, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each page allocates ~1,200 tracked containers: left to the collector, these 60 pages
    # run it ~64 times. Held off, the pages free themselves; the 2-3 runs that remain are
    # for what the rest of the engine (tasks, futures, bookkeeping) allocates. A CSV page too
    # large to render on the loop goes to the writer thread as a compact copy, so its records
    # do not outlive the stretch either.
    if kind == "csv-in-the-writer-thread":
        from scopestack_async.export import sinks

        monkeypatch.setattr(sinks, "_CSV_OFF_LOOP_CELLS", 0)
    sink = JsonlSink(tmp_path / "p.jsonl") if kind == "jsonl" else CsvSink(tmp_path / "p.csv")
    runs = await _export(sink, collections)
    assert runs < 25, f"{runs} collections for {PAGES} pages"
    if kind == "jsonl":
        lines = (tmp_path / "p.jsonl").read_bytes().splitlines()
        assert [orjson.loads(x)["id"] for x in lines] == [
            f"uuid-{n:08d}" for n in range(PAGES * SIZE)
        ]
    else:
        rows = (tmp_path / "p.csv").read_text().splitlines()
        assert len(rows) == PAGES * SIZE + 1
        assert rows[0].startswith("id,type,")
    assert gc.isenabled()


async def test_a_callable_sink_sees_records_with_the_collector_running(
    collections: Collections,
) -> None:
    # A caller's callback may await anything: it never runs with the collector held off.
    states: list[bool] = []

    async def take(records: list[dict[str, Any]]) -> None:
        states.append(gc.isenabled())

    await _export(CallableSink(take), collections)
    assert states == [True] * PAGES


async def test_an_application_that_turned_the_collector_off_keeps_it_off(
    tmp_path: Path, collections: Collections
) -> None:
    gc.disable()
    try:
        await _export(JsonlSink(tmp_path / "p.jsonl"), collections)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_paused_restores_the_collector_even_on_error() -> None:
    inside: list[bool] = []

    def fail() -> None:
        with collector_paused():
            inside.append(gc.isenabled())
            raise ZeroDivisionError

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        fail()
    assert inside == [False]
    assert gc.isenabled()
    with collector_paused(False):
        assert gc.isenabled()


async def test_csv_pages_rendered_on_the_loop_or_in_the_thread_give_the_same_bytes(
    tmp_path: Path, collections: Collections, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scopestack_async.export import sinks

    outputs = []
    for limit in (0, 10**9):  # every page to the writer thread; every page on the loop
        monkeypatch.setattr(sinks, "_CSV_OFF_LOOP_CELLS", limit)
        path = tmp_path / f"{limit}.csv"
        await _export(CsvSink(path), collections)
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == PAGES * SIZE + 1


async def test_a_sink_written_directly_and_committed_without_sync_keeps_every_page(
    tmp_path: Path, collections: Collections, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A caller's own loop: write() pages that go to the writer thread, then commit() with
    # no sync() first. The queued writes must still reach the file commit renames (they
    # once read the file handle commit had already let go of: AssertionError).
    from scopestack_async.export import sinks

    monkeypatch.setattr(sinks, "_CSV_OFF_LOOP_CELLS", 0)
    await _export(CsvSink(tmp_path / "engine.csv"), collections)
    direct = CsvSink(tmp_path / "direct.csv")
    await direct.open(resume_at=None)
    for number in range(1, PAGES + 1):
        await direct.write(orjson.loads(BODIES[number])["data"])
    await direct.commit()
    assert (tmp_path / "engine.csv").read_bytes() == (tmp_path / "direct.csv").read_bytes()
