"""The official client's token cache lives at ~/.config/brainstem/token, fixed when its module is imported: every
test gets its own, so no real token reaches the mock and no mock token is left behind."""

import pytest


@pytest.fixture(autouse=True)
def token_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    import brainstem_api_tools.brainstem_api_client as official

    cache = tmp_path / ".config" / "brainstem" / "token"
    monkeypatch.setattr(official, "_TOKEN_FILE", cache)
    return cache


@pytest.fixture
def client(brainstem):
    """The official client as alice (owner of the private fixture project)."""
    from brainstem_api_tools import BrainstemClient

    return BrainstemClient(token=brainstem.token("alice"), url=brainstem.url)
