"""The pytest plugin, run in a child pytest with pytester."""

from __future__ import annotations

import pytest

INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
asyncio_default_test_loop_scope = function
filterwarnings = error
"""


def test_fixtures_serve_users_tests(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_user_code="""
import aiohttp
import pytest


async def test_sandbox_fixture(scopestack_sandbox):
    sb = scopestack_sandbox
    assert sb.config.records == 100
    u = sb.users["admin"]
    form = {"grant_type": "password", "username": u.username, "password": u.password,
            "client_id": sb.client_id, "client_secret": sb.client_secret}
    async with aiohttp.ClientSession() as http:
        async with http.post(sb.auth_url + "/oauth/token", data=form) as resp:
            assert resp.status == 200
    assert sb.stats.token_requests["password"] == 1


@pytest.mark.scopestack_sandbox(records=7, rotation="immediate")
async def test_marker_sets_knobs(scopestack_sandbox):
    assert scopestack_sandbox.config.records == 7
    assert scopestack_sandbox.config.rotation == "immediate"
    assert scopestack_sandbox.project_count() == 7


async def test_session_fixture(scopestack_session, scopestack_sandbox):
    me = await scopestack_session.me()
    assert me.account_slug == "acme"
    assert scopestack_sandbox.stats.token_requests["password"] == 1
    assert scopestack_sandbox.stats.api_requests[200] == 1
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=3)


def test_config_override_and_cheap_import(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makeconftest(
        """
import pytest
from scopestack_async.sandbox import SandboxConfig


@pytest.fixture
def scopestack_sandbox_config():
    return SandboxConfig(records=3, two_ports=True)
"""
    )
    # Runs first (file order): the plugin is loaded, yet the server code is not imported.
    pytester.makepyfile(
        test_a_plain="""
import sys


def test_plugin_loaded_but_sandbox_not_imported(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("scopestack_sandbox")
    assert "scopestack_async.sandbox.app" not in sys.modules
    assert "scopestack_async.sandbox.data" not in sys.modules
""",
        test_b_two="""
async def test_two_ports(scopestack_sandbox):
    assert scopestack_sandbox.project_count() == 3
    assert scopestack_sandbox.auth_url != scopestack_sandbox.api_url
""",
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=2)


STRICT = """
[pytest]
asyncio_mode = strict
asyncio_default_fixture_loop_scope = function
asyncio_default_test_loop_scope = function
filterwarnings = error
"""


def test_marker_still_applies_when_the_config_fixture_is_overridden(
    pytester: pytest.Pytester,
) -> None:
    # Precedence: the overriding fixture gives the base knobs, the marker changes them.
    pytester.makeini(INI)
    pytester.makeconftest(
        """
import pytest
from scopestack_async.sandbox import SandboxConfig


@pytest.fixture
def scopestack_sandbox_config():
    return SandboxConfig(records=3, two_ports=True)
"""
    )
    pytester.makepyfile(
        test_marked="""
import pytest


@pytest.mark.scopestack_sandbox(records=7)
async def test_marker_wins(scopestack_sandbox):
    assert scopestack_sandbox.project_count() == 7
    assert scopestack_sandbox.config.two_ports is True  # the override's other knobs stay


async def test_override_alone(scopestack_sandbox):
    assert scopestack_sandbox.project_count() == 3
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_bad_marker_knob_and_bad_config_fixture_fail_clearly(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(
        test_bad_knob="""
import pytest


@pytest.mark.scopestack_sandbox(colour="red")
async def test_unknown_knob(scopestack_sandbox):
    pass
""",
        test_bad_fixture="""
import pytest


@pytest.fixture
def scopestack_sandbox_config():
    return {"records": 5}


async def test_wrong_type(scopestack_sandbox):
    pass
""",
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        ["*@pytest.mark.scopestack_sandbox(colour=...): SandboxConfig has no knob 'colour'*"]
    )
    result.stdout.fnmatch_lines(
        ["*scopestack_sandbox_config must return a SandboxConfig, got dict*"]
    )


def test_fixtures_work_in_asyncio_strict_mode_without_a_marker(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(STRICT)
    pytester.makepyfile(
        test_strict="""
import pytest
import pytest_asyncio


async def test_sandbox(scopestack_sandbox):
    assert scopestack_sandbox.project_count() == 100


@pytest.mark.scopestack_sandbox(records=5)
async def test_session(scopestack_session, scopestack_sandbox):
    me = await scopestack_session.me()
    assert me.account_slug == "acme"
    assert scopestack_sandbox.project_count() == 5


class TestInAClass:
    async def test_method(self, scopestack_sandbox):
        assert scopestack_sandbox.config.records == 100


@pytest_asyncio.fixture
async def my_client(scopestack_session):
    return scopestack_session


async def test_through_my_own_fixture(my_client):
    assert (await my_client.me()).account_slug == "acme"
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
