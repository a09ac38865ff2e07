"""The chaos soak (issue 8, claims 1, 5 and 7): eight processes, two shared stores, every fault.

CI runs ``SOAK_SEEDS`` short seeds (default 4 seeds of 3.5 s); ``nox -s soak`` runs 20 seeds of
20 s. The figures of the run are printed (``-s``) for docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from soak_support import GROUPS, SeedReport, load_exports, soak
from soak_worker import LAG_LIMIT

pytestmark = pytest.mark.slow

SEEDS = int(os.environ.get("SOAK_SEEDS", "4"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "3.5"))
FIRST_SEED = int(os.environ.get("SOAK_FIRST_SEED", "1"))
AUTH_ERRORS = {"AuthenticationError", "OAuthError", "PermissionDeniedError"}
# Failures a chaos run may legitimately hand the caller: a POST that was not retried because
# it may have been applied (reset, 5xx), or retries exhausted on an unlucky streak.
FAULT_ERRORS = {"TransportError", "ServerError", "RateLimitedError"}


def total(report: SeedReport, kind: str, outcome: str | None = None) -> int:
    key = "counts" if outcome is None else "outcomes"
    name = kind if outcome is None else f"{kind}:{outcome}"
    return sum(w["events"][key].get(name, 0) for w in report.workers)


def failures(report: SeedReport) -> list[dict[str, Any]]:
    return [f for w in report.workers for f in w["failures"]]


def check_exports(report: SeedReport) -> None:
    expected = Counter(report.project_ids)
    assert len(expected) == len(report.project_ids) > 0
    assert len(report.exported) >= len(report.workers)  # every worker completed exports
    for exported in report.exported:
        assert exported == expected  # every record, each exactly once
    assert all(e["duplicates"] == 0 for w in report.workers for e in w["exports"])


def check_writes(report: SeedReport) -> None:
    writes = [x for w in report.workers for x in w["writes"]]
    assert sum(x["ok"] for x in writes) > 0
    assert max(report.created.values()) == 1  # no write applied twice
    assert set(report.created) <= {x["marker"] for x in writes}
    for write in writes:
        applied = report.created[write["marker"]]
        if write["ok"]:
            assert applied == 1, write
        elif write["type"] != "TransportError":
            # Refused before the server applied it (5xx/429 come before the handler; 401/403
            # mean no token was accepted), so it must not exist.
            assert applied == 0, write


def check_failures(report: SeedReport) -> None:
    for failure in failures(report):
        assert failure["typed"], failure["trace"] or failure
        assert not failure.get("escaped"), failure
        assert len(failure["message"]) > 60, failure  # says what happened and what to do
        assert failure["type"] in AUTH_ERRORS | FAULT_ERRORS, failure
        if failure["type"] in AUTH_ERRORS:
            # Only the deactivated user's workers, only once the deactivation happened.
            group = report.workers[failure["worker"]]["group"] if "worker" in failure else None
            assert group in (None, report.deactivated_group), failure
            assert failure["at"] >= report.deactivated_at, failure
            assert failure["at"] <= report.reactivated_at + 5, failure
    hit = [w for w in report.workers if w["group"] == report.deactivated_group]
    assert report.revoked > 0  # the deactivation really cut live tokens
    assert sum(1 for w in hit for f in w["failures"] if f["type"] in AUTH_ERRORS) > 0
    spared = [w for w in report.workers if w["group"] != report.deactivated_group]
    assert [f for w in spared for f in w["failures"] if f["type"] in AUTH_ERRORS] == []


def check_tokens(report: SeedReport) -> None:
    stats = report.stats
    assert stats["refresh_reuse"] == 0  # no process ever presented a used refresh token
    # Zero invalid_grant except the deactivated user's: each one the server sent, the client
    # saw, and all of them came after the deactivation, from that user's workers only.
    invalid = stats["token_errors"].get("invalid_grant", 0)
    seen = [t for w in report.workers for t in w["invalid_grant_times"]]
    assert len(seen) == invalid
    assert all(t >= report.deactivated_at for t in seen)
    spared = [w for w in report.workers if w["group"] != report.deactivated_group]
    assert sum(len(w["invalid_grant_times"]) for w in spared) == 0
    assert stats["token_errors"].keys() <= {"invalid_grant"}


def check_events(report: SeedReport) -> None:
    stats = report.stats
    assert total(report, "refresh") > 0
    assert total(report, "refresh", "ok") == stats["refreshes"]
    assert total(report, "rotation") == stats["refreshes"]  # both rotation modes rotate
    assert total(report, "authenticate") == stats["token_requests"].get("password", 0)
    # Each refresh holds the store's lock and obtains one token (by refresh, or by the grant
    # after an invalid_grant), so every token obtained was obtained under a lock.
    obtained = total(report, "refresh", "ok") + total(report, "authenticate", "ok")
    assert total(report, "lock_wait") >= obtained
    # Every 429 became a pause (or reached a caller), minus requests cancelled in flight when
    # a sibling page failed an export (at most concurrency - 1 = 2 per failed export).
    aborted = 2 * sum(1 for f in failures(report) if f["op"] == "export")
    final_429 = sum(1 for f in failures(report) if f["type"] == "RateLimitedError")
    pauses = total(report, "pause")
    assert pauses > 0
    assert 0 <= stats["rate_limited"] - pauses - final_429 <= aborted
    # Every 5xx the server injected was retried (GET) or reached the caller (POST: ServerError).
    fives = sum(n for status, n in stats["faults"].items() if status.startswith("5"))
    retried = sum(
        n for w in report.workers for r, n in w["retry_reasons"].items() if r.startswith("status 5")
    )
    final_5xx = sum(1 for f in failures(report) if f["type"] == "ServerError")
    assert retried > 0
    assert 0 <= fives - retried - final_5xx <= aborted
    assert total(report, "retry") >= retried + pauses
    # Each replay answers one 401/403 (some seeds refresh so early that none is needed).
    assert total(report, "replay") <= stats["api_requests"].get("401", 0)


def check_loop_lag(reports: list[SeedReport]) -> dict[str, float]:
    lags = [w["lag"] for r in reports for w in r.workers]
    samples = sum(lag["samples"] for lag in lags)
    assert samples > 1000
    # The loop's own lag (a late wake-up less the time the kernel kept the runnable process
    # off the CPU, see soak_worker.RunQueueClock) never reaches 50 ms in any worker: nothing
    # blocks the loop. The wall-clock lag also counts nine busy processes sharing two cores.
    assert all(lag["runqueue_known"] for lag in lags) or sys.platform != "linux"
    assert max(lag["own_max"] for lag in lags) < LAG_LIMIT, [lag["when"] for lag in lags]
    assert max(lag["median"] for lag in lags) < LAG_LIMIT / 5
    worst = max(
        ((r.seed, i, w["lag"]) for r in reports for i, w in enumerate(r.workers)),
        key=lambda found: found[2]["own_max"],
    )
    return {
        "samples": samples,
        "own_max_s": worst[2]["own_max"],
        "own_max_where": f"seed {worst[0]}, worker {worst[1]}, {worst[2]['own_max_at']} s in",
        "over_50ms": sum(lag["over"] for lag in lags),
        "max_s": max(lag["max"] for lag in lags),
        "worst_median_s": max(lag["median"] for lag in lags),
        "longest_gc_s": max(lag["gc_max"] for lag in lags),
        "full_gcs": sum(lag["gc_full"] for lag in lags),
    }


def figures(reports: list[SeedReport], lag: dict[str, float]) -> dict[str, Any]:
    def add(key: str) -> int:
        return sum(
            sum(r.stats[key].values()) if isinstance(r.stats[key], dict) else r.stats[key]
            for r in reports
        )

    return {
        "seeds": len(reports),
        "seconds_per_seed": SECONDS,
        "processes": sum(len(r.workers) for r in reports) // len(reports),
        "api_requests": add("api_requests"),
        "token_requests": add("token_requests"),
        "faults_injected": add("faults"),
        "faults_by_kind": dict(sum((Counter(r.stats["faults"]) for r in reports), Counter())),
        "exports_completed": sum(len(r.exported) for r in reports),
        "records_exported": sum(sum(c.values()) for r in reports for c in r.exported),
        "writes_applied": sum(sum(r.created.values()) for r in reports),
        "failures_by_type": dict(Counter(f["type"] for r in reports for f in failures(r))),
        "refreshes": add("refreshes"),
        "invalid_grant_deactivated_user": sum(
            r.stats["token_errors"].get("invalid_grant", 0) for r in reports
        ),
        "events": dict(
            sum((Counter(w["events"]["counts"]) for r in reports for w in r.workers), Counter())
        ),
        "loop_lag": lag,
        "pending_tasks_at_close": sum(len(w["pending_tasks"]) for r in reports for w in r.workers),
    }


def test_chaos_soak_across_seeds(soak_redis: str, tmp_path: Path) -> None:
    seeds = list(range(FIRST_SEED, FIRST_SEED + SEEDS))
    reports = asyncio.run(soak(seeds, SECONDS, soak_redis, tmp_path))
    assert {r.deactivated_group for r in reports} == {g for g, _ in GROUPS} or SEEDS == 1
    for report in reports:
        load_exports(report)
        for index, worker in enumerate(report.workers):
            for failure in worker["failures"]:
                failure["worker"] = index
            assert worker["pending_tasks"] == []  # nothing left running after close
        check_exports(report)
        check_writes(report)
        check_failures(report)
        check_tokens(report)
        check_events(report)
    assert sum(total(r, "replay") for r in reports) > 0
    lag = check_loop_lag(reports)
    print("soak figures:", json.dumps(figures(reports, lag), indent=1))
