"""JATOS API endpoints: batches and the groups of a batch (reference B §2, §3.3)."""

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, batches, cascades
from jatos_mock.jatos.http.bodies import RAW
from jatos_mock.jatos.http.endpoint import USER, VIEWER_OR_USER, Call, endpoint

bp = Blueprint("batches", __name__)


@bp.post("/studies/<id>/batches")
@endpoint("createBatch", USER, body=RAW)
def create_batch(call: Call, id: str):
    with call.store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config, unlocked=True)
        body = call.json_object()  # empty -> INVALID_REQUEST, malformed / not an object -> INVALID_JSON
        batch = batches.create_batch(state, study, body, call.store.new_uuid(), call.store.now(),
                                     call.config.study_logs_enabled)
        data = call.views.batch(batch)
    status = 200 if deviates("B1") else 201  # Api.createBatch: ok(), not created()
    return ok(data, status=status)


@bp.get("/studies/<id>/batches")
@endpoint("listBatches", VIEWER_OR_USER, reuse=True)
def list_batches(call: Call, id: str):
    with call.store.read() as state:
        study = access.accessible_study(state, id, call.user, call.config)
        return ok([call.views.batch(state.batches[b]) for b in study.batch_ids])  # batch-list order: default first


@bp.get("/batches/<id>")
@endpoint("getBatch", VIEWER_OR_USER, reuse=True)
def get_batch(call: Call, id: str):
    with call.store.read() as state:
        return ok(call.views.batch(access.accessible_batch(state, id, call.user, call.config)))


@bp.patch("/batches/<id>")
@endpoint("updateBatch", USER, body=RAW)
def update_batch(call: Call, id: str):
    with call.store.write() as state:
        batch = access.accessible_batch(state, id, call.user, call.config, unlocked=True)
        batches.update_batch(state, batch, call.json_object())
        return ok(call.views.batch(batch))


@bp.delete("/batches/<id>")
@endpoint("deleteBatch", USER)
def delete_batch(call: Call, id: str):
    with call.store.write() as state:
        batch = access.accessible_batch(state, id, call.user, call.config, unlocked=True)
        study = state.studies[batch.study_id]
        if study.batch_ids and study.batch_ids[0] == batch.id:
            deviates("B23")  # Api.deleteBatch has no checkNotDefaultBatch: the default batch goes like any other
        cascades.remove_batch(state, batch, call.user, call.store.now(), call.config.study_logs_enabled)
    return ok(message="Batch deleted successfully")


@bp.get("/batches/<id>/groups")
@endpoint("listGroupsOfBatch", VIEWER_OR_USER, reuse=True)
def list_groups_of_batch(call: Call, id: str):
    with call.store.read() as state:
        batch = access.accessible_batch(state, id, call.user, call.config)
        return ok([call.views.group(g) for g in batches.groups_of(state, batch)])
