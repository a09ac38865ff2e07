"""The pure rules: Retry-After, WWW-Authenticate and the retry decision."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scopestack_async._core.rules import (
    MAX_RETRY_AFTER,
    Challenge,
    FailureKind,
    RetryDecision,
    RetryPolicy,
    backoff_delay,
    decide_retry,
    parse_challenges,
    parse_retry_after,
    parse_www_authenticate,
)

# 1994-11-06 08:49:37 UTC, the RFC 9110 example date.
RFC_DATE_EPOCH = datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc).timestamp()

# --------------------------------------------------------------------------------------------
# Retry-After
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "now", "expected"),
    [
        ("120", 0.0, 120.0),
        ("  7 ", 0.0, 7.0),
        ("0", 0.0, 0.0),
        ("0005", 0.0, 5.0),
        ("1.5", 0.0, 1.5),
        ("3601", 0.0, MAX_RETRY_AFTER),
        ("9" * 40, 0.0, MAX_RETRY_AFTER),
        ("Sun, 06 Nov 1994 08:49:37 GMT", RFC_DATE_EPOCH - 30, 30.0),
        ("Sunday, 06-Nov-94 08:49:37 GMT", RFC_DATE_EPOCH - 30, 30.0),
        ("Sun Nov  6 08:49:37 1994", RFC_DATE_EPOCH - 30, 30.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", RFC_DATE_EPOCH + 100, 0.0),  # past: retry now
        ("Fri, 31 Dec 9999 23:59:59 GMT", 0.0, MAX_RETRY_AFTER),
    ],
)
def test_retry_after_valid(value: str, now: float, expected: float) -> None:
    assert parse_retry_after(value, now=now) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "-1", "-0.5", "+5", "1e3", "soon", "Sun, 06 Nov 1994", "1 2", "x" * 10_000],
)
def test_retry_after_invalid_is_none(value: str | None) -> None:
    assert parse_retry_after(value, now=0.0) is None


@given(st.text(max_size=200), st.floats(min_value=0, max_value=4e9))
def test_retry_after_fuzz_never_raises_and_stays_in_range(value: str, now: float) -> None:
    result = parse_retry_after(value, now=now)
    assert result is None or 0.0 <= result <= MAX_RETRY_AFTER


# --------------------------------------------------------------------------------------------
# WWW-Authenticate
# --------------------------------------------------------------------------------------------

DOORKEEPER = (
    'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token expired"'
)


def test_www_authenticate_doorkeeper_expired_token() -> None:
    challenge = parse_www_authenticate(DOORKEEPER)
    assert challenge == Challenge(
        "bearer",
        {
            "realm": "Doorkeeper",
            "error": "invalid_token",
            "error_description": "The access token expired",
        },
    )
    assert challenge.error == "invalid_token"
    assert challenge.error_description == "The access token expired"
    assert challenge.realm == "Doorkeeper"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bearer", ("bearer", {}, None)),
        ("BEARER Error=invalid_token", ("bearer", {"error": "invalid_token"}, None)),
        ('bearer error = "x" , ERROR="y"', ("bearer", {"error": "x"}, None)),  # first wins
        (
            r'Bearer error_description="say \"hi\" \\ bye"',
            ("bearer", {"error_description": r'say "hi" \ bye'}, None),
        ),
        ('Bearer realm=""', ("bearer", {"realm": ""}, None)),
        ("Bearer , , realm=a", ("bearer", {"realm": "a"}, None)),
        ("Negotiate YIIabc+/9==", ("negotiate", {}, "YIIabc+/9==")),
        ('Bearer realm="x", error="unterminated', ("bearer", {"realm": "x"}, None)),
    ],
)
def test_www_authenticate_forms(
    value: str, expected: tuple[str, dict[str, str], str | None]
) -> None:
    scheme, params, token68 = expected
    assert parse_www_authenticate(value) == Challenge(scheme, params, token68)


def test_www_authenticate_prefers_bearer_among_several_challenges() -> None:
    value = 'Basic realm="simple", Newauth realm="apps", type=1, Bearer realm="D", error=x'
    assert [c.scheme for c in parse_challenges(value)] == ["basic", "newauth", "bearer"]
    assert parse_challenges(value)[1].params == {"realm": "apps", "type": "1"}
    assert parse_www_authenticate(value) == Challenge("bearer", {"realm": "D", "error": "x"})


def test_www_authenticate_token68_then_another_challenge() -> None:
    assert parse_challenges("Basic abc=, Bearer error=e") == (
        Challenge("basic", token68="abc="),
        Challenge("bearer", {"error": "e"}),
    )


def test_www_authenticate_without_bearer_gives_first() -> None:
    assert parse_www_authenticate('Digest realm="r", Basic') == Challenge("digest", {"realm": "r"})


@pytest.mark.parametrize("value", [None, "", "   ", ",,,", '"quoted"', "=x", "\x00\x01"])
def test_www_authenticate_garbage_is_none(value: str | None) -> None:
    assert parse_www_authenticate(value) is None


def test_challenge_is_frozen_hashable_and_params_read_only() -> None:
    challenge = Challenge("bearer", {"error": "e"})
    assert hash(challenge) == hash(Challenge("bearer", {"error": "e"}))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        challenge.scheme = "basic"  # type: ignore[misc]  # proving the value is frozen
    with pytest.raises(TypeError):
        challenge.params["error"] = "x"  # type: ignore[index]  # proving params are read-only


_HEADERISH = st.text(alphabet=st.sampled_from(list('Bb eEr=",\\\t=abc_/+~.x')), max_size=300)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=300), _HEADERISH))
def test_www_authenticate_fuzz_never_raises(value: str) -> None:
    result = parse_www_authenticate(value)
    assert result is None or isinstance(result, Challenge)
    challenges = parse_challenges(value)
    assert all(c.scheme == c.scheme.lower() for c in challenges)
    assert all(k == k.lower() for c in challenges for k in c.params)


def test_www_authenticate_large_hostile_inputs_parse() -> None:
    # Shapes that make naive regex parsers backtrack; these must simply finish.
    hostile = [
        '"' * 50_000,
        'Bearer x="' + '\\"' * 50_000,
        "a=" * 50_000,
        "B " + "a" * 30_000 + "=" * 30_000 + " " * 30_000 + "x",
        "Bearer a, " * 20_000,
    ]
    results = [parse_challenges(value) for value in hostile]
    assert results[0] == ()
    assert results[1] == (Challenge("bearer"),)
    assert len(results[4]) == 20_000


# --------------------------------------------------------------------------------------------
# The retry decision
# --------------------------------------------------------------------------------------------

POLICY = RetryPolicy()


def decide(**kwargs: object) -> RetryDecision:
    base: dict[str, object] = {"method": "GET", "attempt": 1, "elapsed": 0.0, "rand": 0.0}
    base.update(kwargs)
    return decide_retry(POLICY, **base)  # type: ignore[arg-type]  # table-driven keywords


@pytest.mark.parametrize(
    ("method", "status", "retry"),
    [
        ("GET", 503, True),
        ("HEAD", 502, True),
        ("PUT", 504, True),
        ("DELETE", 500, True),
        ("OPTIONS", 503, True),
        ("get", 503, True),
        ("POST", 503, False),  # the server may have applied it
        ("PATCH", 500, False),
        ("POST", 429, True),  # a 429 was not processed: safe for any method
        ("PATCH", 429, True),
        ("GET", 401, False),  # the auth middleware's business
        ("GET", 403, False),
        ("GET", 404, False),
        ("GET", 422, False),
        ("GET", 501, False),
        ("GET", 200, False),
    ],
)
def test_decide_by_status(method: str, status: int, retry: bool) -> None:
    assert decide(method=method, status=status).retry is retry


@pytest.mark.parametrize(
    ("method", "failure", "sent", "retry"),
    [
        ("POST", FailureKind.CONNECT, False, True),  # never left: safe for any method
        ("PATCH", FailureKind.CONNECT, False, True),
        ("GET", FailureKind.TIMEOUT, True, True),
        ("POST", FailureKind.TIMEOUT, True, False),
        ("DELETE", FailureKind.DISCONNECTED, True, True),
        ("POST", FailureKind.DISCONNECTED, True, False),
        ("POST", FailureKind.OTHER, True, False),
        ("GET", FailureKind.TLS, False, False),  # a bad certificate stays bad
        ("GET", FailureKind.TOTAL_TIMEOUT, True, False),  # the caller's budget is spent
    ],
)
def test_decide_by_failure(method: str, failure: FailureKind, sent: bool, retry: bool) -> None:
    assert decide(method=method, failure=failure, sent=sent).retry is retry


def test_decide_with_neither_status_nor_failure_stops() -> None:
    assert decide().retry is False


def test_decide_429_with_retry_after_is_a_pause_of_that_length() -> None:
    decision = decide(method="POST", status=429, retry_after=2.0)
    assert decision == RetryDecision.after(2.0, reason="429 Too Many Requests", pause=True)


def test_decide_429_without_retry_after_backs_off_without_pause() -> None:
    decision = decide(status=429, rand=1.0)
    assert (decision.retry, decision.pause, decision.wait) == (True, False, 0.5)


def test_decide_503_with_retry_after_waits_for_it_without_pausing_everyone() -> None:
    decision = decide(status=503, retry_after=3.0)
    assert (decision.retry, decision.pause, decision.wait) == (True, False, 3.0)


def test_decide_stops_at_max_attempts_and_marks_exhausted() -> None:
    assert decide(status=503, attempt=3).retry is True
    last = decide(status=503, attempt=4)
    assert (last.retry, last.exhausted) == (False, True)
    assert decide(status=404, attempt=1).exhausted is False


def test_decide_never_waits_past_the_deadline() -> None:
    assert decide(status=429, retry_after=10.0, elapsed=49.0).retry is True
    late = decide(status=429, retry_after=10.0, elapsed=50.5)
    assert (late.retry, late.exhausted) == (False, True)
    assert decide(status=429, retry_after=3600.0).retry is False


def test_disabled_policy_never_retries() -> None:
    policy = RetryPolicy.disabled()
    assert policy.max_attempts == 1
    for status in (429, 500, 503):
        assert (
            decide_retry(policy, method="GET", attempt=1, elapsed=0, status=status).retry is False
        )
    assert (
        decide_retry(
            policy, method="GET", attempt=1, elapsed=0, failure=FailureKind.CONNECT, sent=False
        ).retry
        is False
    )


def test_policy_knobs_change_the_decision() -> None:
    no_429 = RetryPolicy(retry_rate_limited=False)
    assert decide_retry(no_429, method="GET", attempt=1, elapsed=0, status=429).retry is False
    no_500 = RetryPolicy(retry_statuses={502, 503, 504})
    assert decide_retry(no_500, method="GET", attempt=1, elapsed=0, status=500).retry is False
    post_ok = RetryPolicy(idempotent_methods={"get", "post"})
    assert decide_retry(post_ok, method="POST", attempt=1, elapsed=0, status=503).retry is True
    assert post_ok.idempotent_methods == frozenset({"GET", "POST"})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"deadline": 0},
        {"deadline": math.nan},
        {"backoff_base": -1},
        {"backoff_multiplier": 0.5},
        {"jitter": "sometimes"},
    ],
)
def test_policy_rejects_nonsense(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):  # the message names the knob
        RetryPolicy(**kwargs)  # type: ignore[arg-type]  # deliberately wrong values


@pytest.mark.parametrize(
    ("jitter", "retry_number", "rand", "expected"),
    [
        ("none", 1, 0.7, 0.5),
        ("none", 2, 0.7, 1.0),
        ("none", 3, 0.7, 2.0),
        ("none", 5, 0.7, 8.0),
        ("none", 50, 0.7, 8.0),  # capped
        ("none", 10_000, 0.7, 8.0),  # no float overflow
        ("full", 3, 0.0, 0.0),
        ("full", 3, 0.5, 1.0),
        ("full", 3, 1.0, 2.0),
        ("equal", 3, 0.0, 1.0),
        ("equal", 3, 1.0, 2.0),
        ("equal", 3, 7.0, 2.0),  # a bad rand is clamped
    ],
)
def test_backoff_delay(jitter: str, retry_number: int, rand: float, expected: float) -> None:
    policy = RetryPolicy(jitter=jitter)  # type: ignore[arg-type]  # values from the table
    assert backoff_delay(policy, retry_number, rand) == pytest.approx(expected)


@given(
    st.integers(min_value=1, max_value=10),
    st.floats(min_value=0, max_value=100),
    st.sampled_from([None, 200, 401, 429, 500, 503]),
    st.sampled_from([None, *FailureKind]),
    st.booleans(),
    st.one_of(st.none(), st.floats(min_value=0, max_value=MAX_RETRY_AFTER)),
    st.floats(min_value=0, max_value=1),
)
def test_decide_fuzz_invariants(
    attempt: int,
    elapsed: float,
    status: int | None,
    failure: FailureKind | None,
    sent: bool,
    retry_after: float | None,
    rand: float,
) -> None:
    d = decide_retry(
        POLICY,
        method="POST",
        attempt=attempt,
        elapsed=elapsed,
        status=status,
        failure=None if status is not None else failure,
        sent=sent,
        retry_after=retry_after,
        rand=rand,
    )
    if d.retry:
        assert attempt < POLICY.max_attempts
        assert d.wait >= 0
        assert elapsed + d.wait <= POLICY.deadline
        # POST is only ever retried when it certainly was not processed.
        assert status == 429 or (status is None and not sent)
    assert not (d.retry and d.exhausted)
