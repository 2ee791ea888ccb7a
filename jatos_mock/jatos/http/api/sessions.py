"""JATOS API endpoints: batch and group sessions (reference B §3.1, §3.2, §3.4, §3.5)."""

import json

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, sessions
from jatos_mock.jatos.http.bodies import RAW, jackson_read
from jatos_mock.jatos.http.endpoint import USER, VIEWER_OR_USER, Call, endpoint
from jatos_mock.jatos.http.params import Bool, Long

bp = Blueprint("sessions", __name__)


def _session_body(call: Call) -> str:
    """ApiService.getSessionDataFromBody: Raw body, Content-Type ignored; empty -> "{}"."""
    if not call.body.strip():
        return sessions.EMPTY
    try:
        value = jackson_read(call.body.decode("utf-8"))  # trailing content after the first value is ignored
    except UnicodeDecodeError as exc:
        raise errors.InvalidJson(f"Invalid JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise errors.InvalidJson(f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        raise errors.InvalidJson(f"Invalid JSON: {exc}") from None
    return sessions.stored_data(value)


def _group(state, id: int, call: Call):
    group = state.groups.get(id)
    if group is None:
        raise errors.NotFound("GroupResult does not exist")
    batch = state.batches.get(group.batch_id)
    if batch is None:
        raise errors.NotFound("GroupResult does not exist")
    access.check_study(state.studies.get(batch.study_id), call.user, call.config)
    return group


@bp.get("/batches/<id>/session")
@endpoint("getBatchSession", VIEWER_OR_USER, query={"asText": Bool(False)}, reuse=True)
def get_batch_session(call: Call, id: str, asText: bool):
    with call.store.read() as state:
        # Api.getBatchSession: canUserAccessBatch(..., true) also refuses a locked study
        batch = access.accessible_batch(state, id, call.user, call.config, unlocked=deviates("B24"))
        data = call.views.session(batch.session_version, sessions.session_text(batch.session_data), asText)
    return ok(data)


@bp.patch("/batches/<id>/session")
@endpoint("updateBatchSession", USER, query={"version": Long(None)}, body=RAW)
def update_batch_session(call: Call, id: str, version: int | None):
    with call.store.write() as state:  # compare-and-set under the store lock
        batch = access.accessible_batch(state, id, call.user, call.config)  # no lock check
        new_version = sessions.update_batch_session(batch, _session_body(call), version)
    return ok({"version": new_version}, message="Batch session updated successfully")


@bp.get("/groups/<id>/session")
@endpoint("getGroupSession", VIEWER_OR_USER, path={"id": Long()}, query={"asText": Bool(False)}, reuse=True)
def get_group_session(call: Call, id: int, asText: bool):
    with call.store.read() as state:
        group = _group(state, id, call)
        data = call.views.session(group.session_version, sessions.session_text(group.session_data), asText)
    return ok(data)


@bp.patch("/groups/<id>/session")
@endpoint("updateGroupSession", USER, path={"id": Long()}, query={"version": Long(None)}, body=RAW)
def update_group_session(call: Call, id: int, version: int | None):
    with call.store.write() as state:
        group = _group(state, id, call)  # no lock or group-state check: finished groups can be written
        new_version = sessions.update_group_session(group, _session_body(call), version)
    return ok({"version": new_version}, message="Group session updated successfully")
