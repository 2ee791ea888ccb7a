"""A reset after a test that changed nothing leaves the state as it is (core/state/store.py: the change count and
the random source prove it is still the baseline); after any change it restores the fixtures, whatever way the
change came."""

from jatos_mock.core.http.control import reset_runtime
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
PROPERTIES = "/jatos/api/v1/studies/1/properties"


def _app():
    app = create_app(Settings(seed=3))
    return app.test_client(), app.extensions["jatos_mock"]


def test_a_reset_after_reads_keeps_the_same_state():
    client, rt = _app()
    state = rt.store.state
    assert client.get(PROPERTIES, headers=ADMIN).status_code == 200
    reset_runtime(rt)
    assert rt.store.state is state  # nothing to restore


def test_a_reset_after_a_write_restores_the_fixtures():
    client, rt = _app()
    title = client.get(PROPERTIES, headers=ADMIN).get_json()["data"]["title"]
    assert client.patch(PROPERTIES, json={"title": "changed"}, headers=ADMIN).status_code == 200
    reset_runtime(rt)
    assert client.get(PROPERTIES, headers=ADMIN).get_json()["data"]["title"] == title
    reset_runtime(rt)  # and the next reset, after reads only, has nothing to do again
    assert client.get(PROPERTIES, headers=ADMIN).get_json()["data"]["title"] == title


def test_a_reset_after_a_change_outside_a_write_restores_the_fixtures():
    client, rt = _app()
    title = rt.store.state.studies[1].title
    rt.store.state.studies[1].title = "changed in place"
    rt.store.state.studies[1].member_ids.append(99)
    reset_runtime(rt)
    assert rt.store.state.studies[1].title == title and 99 not in rt.store.state.studies[1].member_ids


def test_a_reset_after_a_draw_from_the_random_source_restores_it():
    client, rt = _app()
    first = rt.store.new_uuid()
    reset_runtime(rt)
    assert rt.store.new_uuid() == first  # the seeded source is back where the fixtures left it
    reset_runtime(rt)
    assert rt.store.new_uuid() == first
