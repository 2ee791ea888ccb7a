"""The data API: `/api/{portal}/{app}/{model}/[{id}/[{action}/]]` for every model of the catalog.

A handler parses, makes its domain calls under the store's lock (a failure rolls the write back whole) and
answers dynamic-rest's envelope. Writes exist on the private portal only (the public portal's views are
read-only: 405); a record the reader may not see is 404, one they may see but not change 403.
"""

from datetime import UTC, datetime

from flask import request

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model
from jatos_mock.brainstem.deviations import deviates
from jatos_mock.brainstem.domain import approvals, memberships, query, records, subject_logs
from jatos_mock.brainstem.domain import permissions as P
from jatos_mock.brainstem.domain.render import check_request_fields, render
from jatos_mock.brainstem.domain.tokens import require
from jatos_mock.brainstem.errors import MethodNotAllowed, NotFound, PermissionDenied
from jatos_mock.brainstem.http import envelope
from jatos_mock.brainstem.http.endpoint import Call, endpoint


def resolve(app: str, slug: str, portal: str) -> Model:
    """The model a URL names; the clients' other slugs (PY2's underscore invitation slugs, MATLAB's `auth/group`)
    are BS3."""
    model = catalog.ROUTES.get((app, slug))
    if model is None:
        raise NotFound()
    if (app != model.app or slug != model.slug) and not deviates("BS3"):
        raise NotFound()
    if portal == "public" and model.access in (catalog.APPROVAL, catalog.INVITATION):
        raise NotFound()  # private-only endpoints (docs)
    return model


def _reader(call: Call, portal: str) -> int | None:
    return require(call.user_id) if portal == "private" else call.user_id


def _writer(call: Call, portal: str) -> int:
    if portal != "private":
        raise MethodNotAllowed(request.method)
    return require(call.user_id)


def _visible(state, user_id, portal):
    return lambda model, record: P.can_read(state, user_id, model, record, portal)


def _get(state, model: Model, record_id: str, user_id, portal: str) -> dict:
    key = record_id
    if model.int_ids:
        key = int(record_id) if record_id.isdigit() else None
    record = state.table(model.slug).get(key)
    if record is None or not P.can_read(state, user_id, model, record, portal):
        raise NotFound()
    return record


@endpoint()
def list_records(call: Call, portal: str, app: str, model: str):
    m = resolve(app, model, portal)
    user_id = _reader(call, portal)
    args = request.args
    filters = query.parse_filters(args)
    tree = query.request_fields(args)
    limit, offset = query.page_bounds(args)
    with call.store.read() as state:
        check_request_fields(m, tree)
        test = query.matcher(state, m, filters)
        keys = query.sort_keys(m, args)
        visible = _visible(state, user_id, portal)
        found = [r for r in state.table(m.slug).values()
                 if visible(m, r) and test(r)]
        found = query.apply_sort(state, m, found, keys)  # no sort[]: creation order (open question 2, BS11)
        page = [render(state, m, r, tree, visible) for r in found[offset:offset + limit]]
    return envelope.listing(m.plural, page, len(found), limit, offset, with_count=deviates("BS1"))


@endpoint()
def get_record(call: Call, portal: str, app: str, model: str, id: str):
    m = resolve(app, model, portal)
    user_id = _reader(call, portal)
    tree = query.request_fields(request.args)
    with call.store.read() as state:
        check_request_fields(m, tree)
        record = _get(state, m, id, user_id, portal)
        return envelope.detail(m.singular, render(state, m, record, tree, _visible(state, user_id, portal)))


@endpoint()
def create_record(call: Call, portal: str, app: str, model: str):
    m = resolve(app, model, portal)
    user_id = _writer(call, portal)
    if not m.creatable:
        raise MethodNotAllowed(request.method)
    body = records.body_object(call.body())
    with call.store.write() as state:
        values = records.validate(state, m, body, partial=False)
        if not P.can_create(state, user_id, m, values):
            raise PermissionDenied()
        if m.approval:
            approval, proposed = approvals.propose(state, call.store, user_id, m, values)
            return envelope.detail(approval.singular, render(state, approval, proposed), 201)
        record = records.insert(state, call.store, m, {**values, **_owned(state, call, m, user_id)})
        return envelope.detail(m.singular, render(state, m, record), 201)


def _owned(state, call: Call, m: Model, user_id: int) -> dict:
    """What a new record gets from its creator: the creator is sole owner of a project or personal attribute
    (docs: others only via PATCH) and of a group; a subject log names its author; procedures carry timestamps."""
    email = state.table("user")[user_id]["email"]
    extra = {}
    if "users" in m.field_map and m.slug == "group":
        extra["users"] = {email: {"is_manager": True, "is_owner": True}}
    elif "users" in m.field_map:
        extra["users"] = {email: {"can_change": True, "is_manager": True, "is_owner": True}}
    if m.slug == "subjectlog":
        extra["user"] = user_id
    if "created_at" in m.field_map:
        extra["created_at"] = extra["updated_at"] = _iso(call.store.now())
    return extra


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat().replace("+00:00", "Z")


@endpoint()
def update_record(call: Call, portal: str, app: str, model: str, id: str):
    return _change(call, portal, app, model, id, partial=True)


@endpoint()
def replace_record(call: Call, portal: str, app: str, model: str, id: str):
    """PUT: a full replacement (required fields again), on every model the caller may change; the screenshots'
    Allow header lists PUT on detail views (decision for open question 10, BS15)."""
    return _change(call, portal, app, model, id, partial=False)


def _change(call: Call, portal: str, app: str, model: str, record_id: str, partial: bool):
    m = resolve(app, model, portal)
    user_id = _writer(call, portal)
    body = records.body_object(call.body())
    with call.store.write() as state:
        record = _get(state, m, record_id, user_id, portal)
        if m.access in (catalog.APPROVAL, catalog.INVITATION):
            raise MethodNotAllowed(request.method)
        values = records.validate(state, m, body, partial=partial, record_id=record["id"])
        if m.approval:
            approval, proposed = approvals.propose(state, call.store, user_id, m, values, record["id"])
            return envelope.detail(approval.singular, render(state, approval, proposed))
        roles_only = not values and any(name in body for name in ("users", "groups"))
        if not roles_only and not P.can_write(state, user_id, m, record):
            raise PermissionDenied()
        if "updated_at" in m.field_map:
            values["updated_at"] = _iso(call.store.now())
        records.update(state, m, record["id"], values)
        memberships.change_roles(state, call.store, user_id, m, record, body)
        return envelope.detail(m.singular, render(state, m, record))


@endpoint()
def delete_record(call: Call, portal: str, app: str, model: str, id: str):
    m = resolve(app, model, portal)
    user_id = _writer(call, portal)
    with call.store.write() as state:
        record = _get(state, m, id, user_id, portal)
        if m.access in (catalog.SHARED, catalog.APPROVAL) or m.slug == "user":  # admin-only deletes (docs)
            allowed = P.is_staff(state, user_id)
        else:
            allowed = P.can_write(state, user_id, m, record) and m.access != catalog.INVITATION
        if not allowed:
            raise PermissionDenied()
        records.remove(state, m, record["id"])
    return envelope.no_content()


def _action(call: Call, portal: str, app: str, model: str, id: str, action: str, slash: bool):
    m = resolve(app, model, portal)
    if not slash and not deviates("BS2"):
        raise NotFound()
    if action not in m.actions:
        raise NotFound()
    method = "PATCH" if m.access == catalog.APPROVAL or action.endswith("_entry") else "GET"
    if request.method != method:
        raise MethodNotAllowed(request.method)
    user_id = _writer(call, portal)  # actions change state, even the GET ones: private portal only
    body = records.body_object(call.body()) if method == "PATCH" else {}
    with call.store.write() as state:
        record = _get(state, m, id, user_id, portal)
        if m.access == catalog.APPROVAL:
            record = approvals.review(state, call.store, user_id, m, record, action)
        elif m.access == catalog.INVITATION:
            record = memberships.act(state, call.store, user_id, m, record, action)
        elif m.slug == "group" and action == "join":
            request_model = catalog.model("groupmembershiprequest")
            created = memberships.join_group(state, call.store, user_id, record)
            return envelope.detail(request_model.singular, render(state, request_model, created))
        elif m.slug == "group":
            memberships.leave_group(state, user_id, record)
        else:
            if not P.can_write(state, user_id, m, record):
                raise PermissionDenied()
            subject_logs.change_entries(record, action, body)
        return envelope.detail(m.singular, render(state, m, record))


@endpoint()
def get_record_action(call: Call, portal: str, app: str, model: str, id: str, action: str):
    return _action(call, portal, app, model, id, action, slash=True)


@endpoint()
def patch_record_action(call: Call, portal: str, app: str, model: str, id: str, action: str):
    return _action(call, portal, app, model, id, action, slash=True)


@endpoint()
def get_record_action_no_slash(call: Call, portal: str, app: str, model: str, id: str, action: str):
    return _action(call, portal, app, model, id, action, slash=False)


@endpoint()
def patch_record_action_no_slash(call: Call, portal: str, app: str, model: str, id: str, action: str):
    return _action(call, portal, app, model, id, action, slash=False)
