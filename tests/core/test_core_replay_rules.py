"""The auth middleware's 401/403 replay decision, as a table (beside the retry decision)."""

from __future__ import annotations

import pytest

from scopestack_async._core.rules import MAX_401_REPLAYS, ReplayDecision, decide_replay


@pytest.mark.parametrize(
    ("status", "replays", "fetched_here", "says_expired", "may_be_stale", "action", "reason"),
    [
        # Not a rejection: always handed back.
        (200, 0, False, False, True, "pass", ""),
        (404, 1, True, False, True, "pass", ""),
        (500, 0, False, False, True, "pass", ""),
        # 401: the first always refreshes and replays.
        (401, 0, True, False, True, "replay", "refreshed"),
        (401, 0, False, True, False, "replay", "refreshed"),
        # A replayed token fetched here refused as revoked/invalid: only a peer's newer one.
        (401, 1, True, False, True, "replay_if_peer", "peer token"),
        (401, 3, True, False, True, "replay_if_peer", "peer token"),
        # A peer's token, or one the server says expired: another token may cure it.
        (401, 1, False, False, True, "replay", "refreshed again"),
        (401, 1, True, True, True, "replay", "refreshed again"),
        (401, 3, False, True, True, "replay", "refreshed again"),
        # At most MAX_401_REPLAYS replays in all.
        (401, MAX_401_REPLAYS, False, True, True, "pass", ""),
        (401, MAX_401_REPLAYS + 5, False, False, True, "pass", ""),
        # 403: one replay, only while the token may be stale; never after a replay.
        (403, 0, True, False, True, "replay", "refreshed"),
        (403, 0, True, False, False, "pass", ""),
        (403, 1, True, False, True, "pass", ""),
        (403, 1, False, True, True, "pass", ""),
    ],
)  # fmt: skip
def test_replay_decision_table(
    status: int, replays: int, fetched_here: bool, says_expired: bool, may_be_stale: bool,
    action: str, reason: str,
) -> None:  # fmt: skip
    decision = decide_replay(
        status, replays=replays, fetched_here=fetched_here, says_expired=says_expired,
        may_be_stale=may_be_stale,
    )  # fmt: skip
    assert decision == ReplayDecision(action, reason)  # type: ignore[arg-type]


def test_four_replays_at_most_whatever_the_answers() -> None:
    replays = 0
    decision = decide_replay(401, replays=0)
    while decision.action != "pass" and replays < 100:
        replays += 1
        decision = decide_replay(401, replays=replays, says_expired=True)
    assert replays == MAX_401_REPLAYS == 4
