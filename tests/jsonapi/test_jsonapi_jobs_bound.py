"""wait_until ends after a bounded number of reads even when time stands still."""

from __future__ import annotations

import pytest

from scopestack_async.errors import JobTimeoutError
from scopestack_async.jsonapi.jobs import wait_until


class RunawayError(Exception):
    """The test's own guard: wait_until should have stopped long before."""


@pytest.mark.parametrize(("max_reads", "expected"), [(None, 151), (7, 7)])
async def test_reads_are_capped_when_the_clock_stands_still(
    max_reads: int | None, expected: int
) -> None:
    reads = 0

    async def fetch() -> dict[str, str]:
        nonlocal reads
        reads += 1
        if reads > 10_000:
            raise RunawayError
        return {"status": "running"}

    async def no_sleep(_: float) -> None:
        return None

    with pytest.raises(JobTimeoutError) as caught:
        await wait_until(
            fetch, lambda r: r["status"] == "finished", timeout=300, interval=2,
            sleep=no_sleep, clock=lambda: 0.0, max_reads=max_reads,
        )  # fmt: skip
    assert reads == expected
    assert f"{expected} reads" in str(caught.value)
