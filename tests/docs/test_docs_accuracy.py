"""What the docs and messages claim is what the code does."""

from __future__ import annotations

from pathlib import Path

import pytest

import scopestack_async as ss

ROOT = Path(__file__).resolve().parents[2]
AUTH_CODE = (ROOT / "docs" / "grants" / "authorization-code.md").read_text()


def test_spent_states_are_per_grant_object_as_the_docs_say() -> None:
    one = ss.AuthorizationCodeGrant(redirect_uri="http://127.0.0.1:8765/callback")
    two = ss.AuthorizationCodeGrant(redirect_uri="http://127.0.0.1:8765/callback")
    assert one._spent.claim("state", 1e12)
    assert not one._spent.claim("state", 1e12)
    assert two._spent.claim("state", 1e12)  # another grant object has never seen it
    assert "in this process (single use)" not in AUTH_CODE
    assert "by this grant object" in AUTH_CODE


def test_the_docs_say_how_to_tie_a_pending_login_to_the_app_user() -> None:
    tie = AUTH_CODE.split("does not know your app's user", 1)[1].split("\n\n", 2)
    assert "user's" in tie[1]
    assert "compare it with the logged-in user" in AUTH_CODE


@pytest.mark.parametrize("where", ["token file", "lock"])
async def test_a_store_under_a_file_says_the_parent_is_a_file(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "notafolder"
    blocker.write_text("I am a file")
    store = ss.FileTokenStore(blocker / "sub" / "tokens.json")
    token = ss.Token(access_token="a" * 20)

    async def use() -> None:
        if where == "lock":
            async with store.lock("k"):
                pass
        else:
            await store.set("k", token)

    with pytest.raises(ss.TokenStoreError) as caught:
        await use()
    message = str(caught.value)
    assert f"{blocker} is a file, not a folder" in message
    assert "writable" not in message
