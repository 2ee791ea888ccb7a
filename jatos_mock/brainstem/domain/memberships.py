"""Role maps, invitations and membership requests (docs api/stem/project.md, api/users/group.md).

A project's (or personal attribute's) `users`/`groups` map changes by PATCH: flags of an existing entry are
updated at once (missing flags false), `{"remove": true}` removes it, and a new user or group gets an invitation
(project/group membership invitation, status Pending) that the invitee accepts or rejects and the inviter cancels
with a GET on `.../<id>/accept/` etc. The same for a group's `users`. `GET group/<id>/join/` asks to join (a
membership request a group manager accepts); `.../leave/` leaves.
"""

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model
from jatos_mock.brainstem.domain import fields as F
from jatos_mock.brainstem.domain import permissions as P
from jatos_mock.brainstem.domain import records
from jatos_mock.brainstem.errors import NotFound, PermissionDenied, ValidationError

PENDING = "Pending"


def _user_by_email(state, email):
    return next((uid for uid, u in state.table("user").items() if u["email"] == email), None)


def _group_by_name(state, name):
    return next((gid for gid, g in state.table("group").items() if g["name"] == name), None)


def change_roles(state, store, user_id, model: Model, record: dict, body: dict) -> None:
    """Applies `users`/`groups` of a PATCH body to a record with role maps; a manager's (or owner's) right."""
    present = [name for name in ("users", "groups") if name in body and name in model.field_map]
    if not present:
        return
    if model.slug == "group":
        allowed = user_id in P.group_managers(state, record["id"]) or P.is_staff(state, user_id)
    else:
        allowed = P.role(state, user_id, model, record) >= P.MANAGER
    if not allowed:
        raise PermissionDenied()
    errors, parsed = {}, {}
    for name in present:
        known = (lambda e: _user_by_email(state, e) is not None) if name == "users" else \
            (lambda n: _group_by_name(state, n) is not None)
        try:
            parsed[name] = F.access_map(body[name], keyed_by="user" if name == "users" else "group", known=known)
        except F.Invalid as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    for name, changes in parsed.items():
        current = record[name]
        for key, flags in changes.items():
            if flags is None:
                current.pop(key, None)
            elif key in current:
                current[key] = flags if model.slug != "group" else _group_flags(flags)
            else:
                _invite(state, store, user_id, model, record, name, key, flags)


def _group_flags(flags: dict) -> dict:
    return {"is_manager": flags["is_manager"], "is_owner": flags["is_owner"]}


def _invite(state, store, inviter, model: Model, record: dict, name: str, key: str, flags: dict) -> None:
    if model.slug == "group":
        slug, values = "groupmembershipinvitation", {"group": record["id"], "user": _user_by_email(state, key),
                                                     "is_manager": flags["is_manager"]}
    elif model.slug == "project" and name == "users":
        slug, values = "projectmembershipinvitation", {"project": record["id"], "user": _user_by_email(state, key),
                                                       **flags}
    elif model.slug == "project":
        slug, values = "projectgroupmembershipinvitation", {"project": record["id"],
                                                            "group": _group_by_name(state, key), **flags}
    else:  # personal attributes have no invitation model: the role applies at once
        record[name][key] = flags
        return
    values.update(status=PENDING, inviter=inviter)
    records.insert(state, store, catalog.model(slug), values)


def act(state, store, user_id, model: Model, record: dict, action: str) -> dict:
    """accept / reject / cancel of an invitation or membership request."""
    if action not in model.actions:
        raise NotFound()
    if record["status"] != PENDING:
        raise ValidationError([f"This {model.singular.replace('_', ' ')} is no longer pending."])
    invitee = _answerers(state, model, record)
    if action == "cancel":
        allowed = user_id in ({record.get("inviter")} if "inviter" in record else {record.get("user")})
        allowed = allowed or _manages_target(state, user_id, record)
    else:
        allowed = user_id in invitee
    if not allowed:
        raise PermissionDenied()
    record["status"] = {"accept": "Accepted", "reject": "Rejected", "cancel": "Cancelled"}[action]
    if action == "accept":
        _join(state, model, record)
    return record


def _answerers(state, model: Model, record: dict) -> set:
    if model.slug == "groupmembershiprequest":
        return P.group_managers(state, record["group"])
    if model.slug == "projectgroupmembershipinvitation":
        return P.group_managers(state, record["group"])
    return {record.get("user")}


def _manages_target(state, user_id, record: dict) -> bool:
    if "project" in record:
        project = state.table("project").get(record["project"])
        return project is not None and P.level(P.project_flags(state, user_id, project)) >= P.MANAGER
    return user_id in P.group_managers(state, record["group"])


def _join(state, model: Model, record: dict) -> None:
    flags = {flag: bool(record.get(flag)) for flag in ("can_change", "is_manager", "is_owner")}
    users = state.table("user")
    if model.slug in ("groupmembershipinvitation", "groupmembershiprequest"):
        group = state.table("group")[record["group"]]
        group["users"][users[record["user"]]["email"]] = {"is_manager": flags["is_manager"], "is_owner": False}
    elif model.slug == "projectmembershipinvitation":
        state.table("project")[record["project"]]["users"][users[record["user"]]["email"]] = flags
    else:
        group_name = state.table("group")[record["group"]]["name"]
        state.table("project")[record["project"]]["groups"][group_name] = flags


def join_group(state, store, user_id, group: dict) -> dict:
    email = state.table("user")[user_id]["email"]
    if email in group["users"]:
        raise ValidationError(["You are already a member of this group."])
    request = records.insert(state, store, catalog.model("groupmembershiprequest"),
                             {"group": group["id"], "user": user_id, "status": PENDING})
    return request


def leave_group(state, user_id, group: dict) -> None:
    email = state.table("user")[user_id]["email"]
    if email not in group["users"]:
        raise ValidationError(["You are not a member of this group."])
    group["users"].pop(email)
