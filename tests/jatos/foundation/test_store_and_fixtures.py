"""The store (snapshot, rollback, seeded randomness) and fixture loading with clear errors."""

import shutil

import pytest

from jatos_mock.core.state.fixtures import FixtureError
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.domain import tokens
from jatos_mock.jatos.domain.users import add_user
from jatos_mock.jatos.resources import default_fixtures_dir
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.store import Store


def test_a_failed_write_rolls_back_as_a_whole():
    store = Store(seed=1)
    with pytest.raises(RuntimeError), store.write() as state:
        add_user(state, "half", "Half Written", ["USER"])
        raise RuntimeError("domain operation failed half-way")
    assert store.state.users == {}
    assert store.state.workers == {}


def test_reset_returns_to_the_baseline_and_replays_the_same_randomness():
    store = Store(seed=7)
    store.mark_baseline()
    first = [store.new_uuid(), tokens.generate(store.rng)]
    with store.write() as state:
        add_user(state, "someone", "Someone", ["USER"])
    store.reset()
    assert store.state.users == {}
    assert [store.new_uuid(), tokens.generate(store.rng)] == first


def test_same_seed_same_values_other_seed_other_values():
    assert Store(seed=3).new_uuid() == Store(seed=3).new_uuid()
    assert Store(seed=3).new_uuid() != Store(seed=4).new_uuid()


def test_fixture_tokens_are_valid_jatos_tokens(api):
    assert {t["username"] for t in api.runtime.fixture_tokens} >= {"admin", "researcher", "viewer"}
    assert all(tokens.is_well_formed(t["token"]) for t in api.runtime.fixture_tokens)
    admin = next(t for t in api.runtime.fixture_tokens if t["username"] == "admin")
    assert set(admin["roles"]) == {"USER", "ADMIN"}


def test_only_token_hashes_are_stored(api):
    values = {t["token"] for t in api.runtime.fixture_tokens}
    stored = {t.token_hash for t in api.runtime.store.state.tokens.values()}
    assert not values & stored
    assert {tokens.token_hash(v) for v in values} <= stored


def _copy_fixtures(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(default_fixtures_dir(), target)
    return target


def test_a_fixture_directory_can_replace_the_default(tmp_path):
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "users.yaml").write_text(
        "users:\n  - username: solo\n    roles: [USER, ADMIN]\n    tokens:\n"
        "      - token: jap_6sn23DSp8kVzjliKE1QufhQNB9reosf704d2a\n")
    app = create_app(Settings(fixtures_dir=directory))
    assert [t["username"] for t in app.extensions["jatos_mock"].fixture_tokens] == ["solo"]


def test_broken_yaml_names_the_file(tmp_path):
    directory = _copy_fixtures(tmp_path)
    (directory / "users.yaml").write_text("users: [unclosed")
    with pytest.raises(FixtureError, match=r"users\.yaml: not valid YAML"):
        create_app(Settings(fixtures_dir=directory))


def test_a_token_with_a_wrong_checksum_names_the_file_and_entry(tmp_path):
    directory = _copy_fixtures(tmp_path)
    text = (directory / "users.yaml").read_text()
    (directory / "users.yaml").write_text(text.replace("jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3",
                                                       "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c4"))
    with pytest.raises(FixtureError, match=r"users\.yaml: users\[0\]\.tokens\[0\]: .* is not a valid JATOS token"):
        create_app(Settings(fixtures_dir=directory))


def test_a_missing_fixture_directory_is_reported(tmp_path):
    with pytest.raises(FixtureError, match="fixture directory not found"):
        create_app(Settings(fixtures_dir=tmp_path / "absent"))
