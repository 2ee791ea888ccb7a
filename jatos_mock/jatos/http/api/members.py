"""JATOS API endpoints: study members (Api.allMembersOfStudy, addMemberToStudy, removeMemberFromStudy)."""

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import access, studies
from jatos_mock.jatos.http.endpoint import USER, VIEWER_OR_USER, Call, endpoint
from jatos_mock.jatos.http.params import Long

bp = Blueprint("members", __name__)

USER_ID = {"userId": Long()}


@bp.get("/studies/<id>/members")
@endpoint("listStudyMembers", VIEWER_OR_USER, reuse=True)
def list_members(call: Call, id: str):
    with call.store.read() as state:
        study = access.accessible_study(state, id, call.user, call.config)
        return ok(call.views.study_members(study))


def _member_change(call: Call, id: str, userId: int, change):
    with call.store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config)  # members ignore the lock
        user = state.users.get(userId)
        if user is None:
            raise errors.NotFound("User not found")
        change(state, study, user)
        return ok(call.views.study_members(study))


@bp.put("/studies/<id>/members/<userId>")
@endpoint("addStudyMember", USER, path=USER_ID)
def add_member(call: Call, id: str, userId: int):
    return _member_change(call, id, userId, studies.add_member)


@bp.delete("/studies/<id>/members/<userId>")
@endpoint("removeStudyMember", USER, path=USER_ID)
def remove_member(call: Call, id: str, userId: int):
    return _member_change(call, id, userId, studies.remove_member)
