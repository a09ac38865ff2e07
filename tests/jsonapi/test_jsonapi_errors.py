"""error_for_response: the class by status, and messages that say what to do next."""

from __future__ import annotations

import pytest

from scopestack_async.errors import (
    APIError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ScopeStackError,
    ServerError,
    ValidationError,
)
from scopestack_async.jsonapi.errors import error_for_response

URL = "https://api.scopestack.io/acme/v1/clients"
JR_422 = (
    b'{"errors": [{"title": "can\'t be blank", "detail": "name - can\'t be blank", "code": "100",'
    b' "status": "422", "source": {"pointer": "/data/attributes/name"}},'
    b' {"title": "has already been taken", "detail": "domain - has already been taken",'
    b' "source": {"pointer": "/data/attributes/domain"}}]}'
)


def _error(status: int, body: bytes = b"", **kwargs: object) -> APIError:
    options: dict[str, object] = {
        "method": "post",
        "url": URL,
        "request_id": "req-1",
        "content_type": "application/vnd.api+json",
        **kwargs,
    }
    return error_for_response(status, body, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "cls", "advice"),
    [
        (400, APIError, "Check the query parameters"),
        (401, APIError, "log in again"),
        (403, PermissionDeniedError, "ask an account admin"),
        (404, NotFoundError, "Check the id, the resource type and the account slug"),
        (409, ConflictError, "re-read it and retry"),
        (418, APIError, "Check the request."),
        (422, ValidationError, "Fix the listed attributes"),
        (429, RateLimitedError, "wait before retrying"),
        (500, ServerError, "retry later"),
        (503, ServerError, "retry later"),
    ],
)
def test_class_and_advice_by_status(status: int, cls: type[APIError], advice: str) -> None:
    error = _error(status)
    assert type(error) is cls
    assert isinstance(error, ScopeStackError)
    assert (error.status, error.method, error.url, error.request_id) == (
        status,
        "POST",
        URL,
        "req-1",
    )
    assert str(error).startswith(f"POST {URL} failed with HTTP {status} (request id req-1): ")
    assert advice in str(error)
    assert "The response body was empty." in str(error)


def test_validation_lists_each_pointer_and_detail() -> None:
    error = _error(422, JR_422)
    assert isinstance(error, ValidationError)
    assert str(error).splitlines() == [
        f"POST {URL} failed with HTTP 422 (request id req-1):",
        "  /data/attributes/name: name - can't be blank",
        "  /data/attributes/domain: domain - has already been taken",
        "Fix the listed attributes or relationships and send the request again.",
    ]
    assert [e["source"]["pointer"] for e in error.errors] == [
        "/data/attributes/name",
        "/data/attributes/domain",
    ]


def test_a_single_error_without_pointer_reads_as_one_sentence() -> None:
    body = b'{"errors": [{"title": "Record not found", "detail": "The record identified by 9 could not be found."}]}'
    error = _error(404, body)
    assert (
        "HTTP 404 (request id req-1): Record not found: The record identified by 9 could not be found. Check the id"
        in str(error)
    )


def test_html_body_is_described_not_echoed() -> None:
    error = _error(
        502,
        b"<html><body>Bad gateway secret-ish</body></html>",
        content_type="text/html; charset=utf-8",
    )
    assert isinstance(error, ServerError)
    assert "The response body was not JSON (text/html, 48 bytes)." in str(error)
    assert "secret-ish" not in str(error)
    assert error.errors == ()


def test_oauth_style_body_becomes_one_error() -> None:
    error = _error(
        401,
        b'{"error": "invalid_token", "error_description": "The access token expired"}',
        request_id=None,
    )
    assert str(error) == (
        f"POST {URL} failed with HTTP 401: invalid_token: The access token expired. "
        "The token was refused: log in again (or check the credentials)."
    )
    assert error.errors == (
        {"code": "invalid_token", "title": "invalid_token", "detail": "The access token expired"},
    )


def test_json_without_errors_and_retry_after() -> None:
    error = _error(429, b'{"message": "slow down"}', retry_after=7.5)
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 7.5
    assert "The response carried no JSON:API errors." in str(error)


def test_long_error_lists_are_capped() -> None:
    errors = b",".join(b'{"detail": "bad %d", "source": {"pointer": "/p"}}' % i for i in range(25))
    text = str(_error(422, b'{"errors": [' + errors + b"]}"))
    assert text.count("/p: bad") == 20
    assert "... and 5 more" in text
