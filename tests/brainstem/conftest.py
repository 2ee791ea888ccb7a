"""BrainSTEM's stores run under the suite's rollback proof; and the official client's token cache (at
~/.config/brainstem/token, fixed when its module is imported) is every test's own, so no real token reaches the
mock and no mock token is left behind."""

import pytest
from rollback_check import CheckedWrites

import jatos_mock.brainstem.app
from jatos_mock.brainstem.store import Store


class CheckedStore(CheckedWrites, Store):
    """BrainSTEM's store under the suite's rollback proof (tests/rollback_check.py)."""


@pytest.fixture(scope="session", autouse=True)
def checked_brainstem_rollbacks():
    """Every BrainSTEM app the tests build (the plugin's server included) undoes and redoes each write it makes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jatos_mock.brainstem.app, "Store", CheckedStore)
        yield


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
