"""wait_until: polls with backoff until the predicate holds; timeout; cancellation propagates."""

from __future__ import annotations

import asyncio

import pytest

from scopestack_async.errors import ConfigurationError
from scopestack_async.jsonapi import Resource, status_in, wait_until


class Clock:
    """A fake clock whose sleep advances time instead of waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _reader(statuses: list[str]) -> tuple[list[int], object]:
    calls = [0]

    async def fetch() -> Resource:
        status = statuses[min(calls[0], len(statuses) - 1)]
        calls[0] += 1
        return Resource("project-documents", "5", {"status": status})

    return calls, fetch


async def test_polls_with_backoff_until_finished() -> None:
    clock = Clock()
    calls, fetch = _reader(["queued", "running", "running", "finished"])
    done = await wait_until(
        fetch,
        status_in("finished", "error"),
        timeout=60,
        interval=2,  # type: ignore[arg-type]
        backoff=2,
        max_interval=5,
        sleep=clock.sleep,
        clock=clock,
    )
    assert done.attributes["status"] == "finished"
    assert calls == [4]
    assert clock.sleeps == [2, 4, 5]


async def test_timeout_says_the_last_status() -> None:
    clock = Clock()
    calls, fetch = _reader(["running"])
    with pytest.raises(
        TimeoutError, match=r"within 10 s \(5 reads\); project-documents/5 has status 'running'"
    ):
        await wait_until(
            fetch,
            status_in("finished"),
            timeout=10,
            interval=3,
            backoff=1,  # type: ignore[arg-type]
            max_interval=3,
            sleep=clock.sleep,
            clock=clock,
        )
    assert clock.sleeps == [3, 3, 3, 1]
    assert calls == [5]


async def test_cancellation_propagates_out_of_the_wait() -> None:
    started = asyncio.Event()
    calls, fetch = _reader(["running"])

    async def slow_sleep(seconds: float) -> None:
        started.set()
        await asyncio.sleep(3600)

    task = asyncio.ensure_future(
        wait_until(
            fetch,
            status_in("finished"),
            timeout=7200,  # type: ignore[arg-type]
            sleep=slow_sleep,
        )
    )
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert calls == [1]


def test_status_in_reads_attributes_or_model_fields() -> None:
    class Model:
        status = "error"

    assert status_in("error")(Model()) is True
    assert status_in("finished")(Resource("a", "1", {"status": "finished"})) is True
    assert status_in("finished")(Resource("a", "1")) is False


@pytest.mark.parametrize(
    "bad", [{"timeout": 0}, {"interval": 0}, {"backoff": 0.5}, {"max_interval": 0.1}]
)
async def test_bad_settings_are_refused(bad: dict[str, float]) -> None:
    calls, fetch = _reader(["finished"])
    options = {"timeout": 1.0, "interval": 0.5, **bad}
    with pytest.raises(ConfigurationError, match="wait_until needs"):
        await wait_until(fetch, status_in("finished"), **options)  # type: ignore[arg-type]
    assert calls == [0]
