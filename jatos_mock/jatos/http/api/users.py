"""JATOS API endpoints: users (Api.allUsers, createUser, checkUserExists, getUser, updateUser, deleteUser,
changeUserRole)."""

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import cascades, users
from jatos_mock.jatos.http import bodies
from jatos_mock.jatos.http.bodiless import Bodiless
from jatos_mock.jatos.http.endpoint import ADMIN, ANY_ROLE, Call, endpoint
from jatos_mock.jatos.http.params import Long

bp = Blueprint("users", __name__)

USER_ID = {"id": Long()}


@bp.get("/users")
@endpoint("listUsers", ADMIN, reuse=True)
def list_users(call: Call):
    with call.store.read() as state:
        return ok([call.views.user_with_study_ids(u, users.study_ids(state, u)) for u in state.users.values()])


@bp.post("/users")
@endpoint("createUser", ADMIN, body=bodies.RAW)
def create_user(call: Call):
    data = call.json_body()
    props = users.bind_new_user(data, reject_unknown=lambda: deviates("A14"), accept_null=lambda: deviates("M9"))
    with call.store.write() as state:
        user = users.create_user(state, props, call.config)
        return ok(call.views.user(user), status=201)  # Api.createUser: created()


# Registered before the GET route of the same path: Flask answers HEAD with the first matching rule.
@bp.route("/users/<id>", methods=["HEAD"])
@endpoint("checkUserExists", ADMIN, path=USER_ID)
def check_user_exists(call: Call, id: int):
    with call.store.read() as state:
        return Bodiless(status=204 if id in state.users else 404)  # Api.checkUserExists: noContent() / notFound()


@bp.get("/users/<id>")
@endpoint("getUser", ANY_ROLE, path=USER_ID, reuse=True)
def get_user(call: Call, id: int):
    with call.store.read() as state:
        target = users.get_user(state, id)
        users.check_admin_or_self(target, call.user)
        return ok(call.views.user(target))


@bp.patch("/users/<id>")
@endpoint("updateUser", ANY_ROLE, path=USER_ID, body=bodies.RAW)
def update_user(call: Call, id: int):
    with call.store.write() as state:
        target = users.get_user(state, id)
        users.check_auth_method_db_or_ldap(target)  # Api.updateUser: before admin-or-self, so for admins too
        users.check_admin_or_self(target, call.user)
        try:
            changes = users.bind_user_update(call.json_object(), ignore_read_only=lambda: deviates("A12"))
            updated = users.update_user(target, call.user, changes, call.config)
        except errors.BadRequest:
            deviates("A11")  # JATOS answers 400 here, which the spec does not list for this operation
            raise
        return ok(call.views.user(updated))


@bp.delete("/users/<id>")
@endpoint("deleteUser", ANY_ROLE, path=USER_ID)
def delete_user(call: Call, id: int):
    with call.store.write() as state:
        target = users.get_user(state, id)
        users.check_admin_or_self(target, call.user)
        users.check_not_user_admin(target)
        if users.is_admin(target) and not deviates("A15"):
            raise errors.Forbidden("Admins cannot be deleted")  # the spec protects every admin
        cascades.remove_user(state, target, call.store.now(), call.config)
        return ok(message="User deleted successfully")


@bp.patch("/users/<id>/roles")
@endpoint("changeUserRole", ADMIN, path=USER_ID)
def change_user_role(call: Call, id: int):
    with call.store.write() as state:
        target = users.get_user(state, id)
        users.check_not_user_admin(target)
        if target.id == call.user.id:
            raise errors.Forbidden("You cannot change this property of your own user.")  # AuthZ.checkNotYourself
        # Default body parser: only a JSON Content-Type makes the body visible to Api.changeUserRole
        data = call.parsed_json if call.has_json_body else None
        ignored = sorted(k for k in data if k != "role") if isinstance(data, dict) else []
        if ignored and not deviates("M7"):  # Api.changeUserRole reads only 'role' (getFieldFromJson)
            raise errors.ValidationFailed(f"Error in field '{ignored[0]}'")
        role = users.role_from_json(data)
        if role not in ("USER", "VIEWER"):
            if deviates("A16"):
                raise errors.BadRequest(f"Invalid role: {role}")  # BadRequestException without a code
            raise errors.ValidationFailed(f"Invalid role: {role}")
        return ok(call.views.user(users.change_role(target, call.user, role)))
