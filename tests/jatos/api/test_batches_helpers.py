"""Helpers shared by the study-run API tests: studies made through the domain, as fixtures would."""

from jatos_mock.jatos.domain.batches import add_group
from jatos_mock.jatos.domain.studies import add_study
from jatos_mock.jatos.domain.users import find_by_username


def make_study(api, title="Run Study", members=("researcher",), locked=False):
    store = api.runtime.store
    with store.write() as state:
        users = [find_by_username(state, m) for m in members]
        study = add_study(state, store.new_uuid(), title, title.lower().replace(" ", "_") + store.new_uuid()[:6],
                          users, store.now(), store.new_uuid(), locked=locked)
        return study.id, study.uuid, study.batch_ids[0]


def make_group(api, batch_id, **properties):
    store = api.runtime.store
    with store.write() as state:
        return add_group(state, state.batches[batch_id], store.now(), **properties).id
