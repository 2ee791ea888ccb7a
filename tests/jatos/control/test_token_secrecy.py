"""Tokens a state file cannot give away (issue 16, D7), and the clock a state import brings back.

Without a seed, tokens come from `secrets` and the state holds no generator state at all; with a seed they are
reproducible by design, but the generator state the file carries (for UUIDs and codes) does not predict them.
"""

import random
import secrets

import pytest

from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.domain import tokens
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.store import Store

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}


def mint(client, username="researcher"):
    r = client.post("/__mock__/tokens", json={"username": username})
    assert r.status_code == 201, r.data
    return r.json["token"]


def api_mint(client):
    r = client.post("/jatos/api/v1/users/2/tokens", json={"name": "ci"}, headers=ADMIN)
    assert r.status_code in (200, 201), r.data
    return r.json["data"]["token"]


def test_without_a_seed_the_state_holds_no_generator_state_and_tokens_come_from_secrets(monkeypatch):
    client = create_app(Settings()).test_client()
    drawn = []

    def choice(alphabet):
        drawn.append(1)
        return secrets.SystemRandom().choice(alphabet)
    monkeypatch.setattr(tokens.secrets, "choice", choice)
    first, second = mint(client), api_mint(client)
    assert len(drawn) == 2 * tokens.RANDOM_LENGTH and first != second
    document = client.get("/__mock__/state").json
    assert "rng" not in document
    assert isinstance(create_app(Settings()).extensions["jatos_mock"].store.rng, random.SystemRandom)


@pytest.mark.parametrize("next_token", [mint, api_mint])
def test_a_seeded_state_file_does_not_predict_the_next_token(next_token):
    client = create_app(Settings(seed=5)).test_client()
    mint(client)
    document = client.get("/__mock__/state").json
    version, internal, gauss = document["rng"]
    twin = random.Random()
    twin.setstate((version, tuple(internal), gauss))  # what an attacker rebuilds from the file
    predicted = [tokens.generate(twin) for _ in range(3)]
    assert next_token(client) not in predicted


def test_a_seed_still_gives_the_same_tokens_and_reset_replays_them():
    one, other = create_app(Settings(seed=9)).test_client(), create_app(Settings(seed=9)).test_client()
    values = [mint(one), api_mint(one)]
    assert values == [mint(other), api_mint(other)]
    assert mint(create_app(Settings(seed=10)).test_client()) != values[0]
    one.post("/__mock__/reset", headers={"X-Jatos-Mock-Control": "1"})
    assert mint(one) == values[0]


def test_an_unseeded_store_snapshots_and_rolls_back_without_generator_state():
    store = Store()
    store.mark_baseline()
    store.new_uuid()
    store.reset()  # SystemRandom has no state: the snapshot must not need one
    assert store.rng_state() is None
    with pytest.raises(RuntimeError), store.write():  # nor must a write that fails and is rolled back
        store.new_uuid()
        raise RuntimeError("the write fails")


def test_a_state_import_restores_a_frozen_clock():
    source = create_app(Settings(seed=1)).test_client()
    assert source.post("/__mock__/clock", json={"advance": 3_600_000}).status_code == 200
    document = source.get("/__mock__/state").json
    assert document["clock"] == {"now": 1_704_070_800_000, "frozen": True}
    target = create_app(Settings(seed=1)).test_client()
    assert target.put("/__mock__/state", json=document).status_code == 200
    assert target.get("/__mock__/clock").json == {"now": 1_704_070_800_000, "frozen": True}


def test_a_state_file_at_start_restores_its_clock(tmp_path):
    path = tmp_path / "state.json"
    first = create_app(Settings(seed=1, state_file=path)).test_client()
    first.post("/__mock__/clock", json={"set": 1_800_000_000_000})
    assert first.post("/__mock__/state/save", headers={"X-Jatos-Mock-Control": "1"}).status_code == 200
    again = create_app(Settings(seed=1, state_file=path)).test_client()
    assert again.get("/__mock__/clock").json == {"now": 1_800_000_000_000, "frozen": True}


def test_a_running_clock_never_runs_backwards_on_import():
    client = create_app(Settings()).test_client()
    document = client.get("/__mock__/state").json
    ahead = dict(document, clock={"now": document["clock"]["now"] + 86_400_000, "frozen": False})
    assert client.put("/__mock__/state", json=ahead).status_code == 200
    clock = client.get("/__mock__/clock").json
    assert clock["frozen"] is False and clock["now"] >= ahead["clock"]["now"]
    behind = dict(document, clock={"now": 0, "frozen": False})
    assert client.put("/__mock__/state", json=behind).status_code == 200
    assert client.get("/__mock__/clock").json["now"] >= ahead["clock"]["now"]
    broken = dict(document, clock={"now": "noon"})
    r = client.put("/__mock__/state", json=broken)
    assert r.status_code == 400 and "clock" in r.json["error"]
