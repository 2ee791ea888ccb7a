"""The resource views (api/api_base.py APIBase get, post, put, delete), one set for every resource: parse, one
domain call under the store's lock, and PyBossa's answer (200 with the row; 204 empty; the error object whose
`target` is the resource)."""

import json

from flask import Response, request

from jatos_mock.core.http.runtime import runtime
from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import access, query, rows, writes
from jatos_mock.pybossa.domain.resources import RESOURCES, Resource
from jatos_mock.pybossa.http import answers, uploads
from jatos_mock.pybossa.http.caller import caller as caller_of
from jatos_mock.pybossa.http.endpoint import api_view, empty
from jatos_mock.pybossa.http.host import host_url
from jatos_mock.pybossa.http.jwt import require_project_jwt
from jatos_mock.pybossa.models import dictize

# our contract's operations of a resource: (name, method, with an id)
OPERATIONS = (("get", "GET", False), ("post", "POST", False), ("get_one", "GET", True), ("put_one", "PUT", True),
              ("delete_one", "DELETE", True))


def resource_view(resource: Resource, operation: str):
    """The Flask view of one operation of /api/<resource> or /api/<resource>/<int:oid> (one bucket for all)."""

    @api_view(f"api.api_{resource.name}", f"api_{resource.name}.{operation}", jsonp=True,
              reuse=operation in ("get", "get_one"))
    def view(oid=None):
        method = request.method
        action = {"HEAD": "GET", "DELETE": "DELETE"}.get(method, method)
        try:
            if method in ("GET", "HEAD"):
                return _get(resource, oid)
            if resource.name == "user" and method in ("POST", "DELETE"):  # UserAPI: no creating, no deleting
                raise errors.MethodNotAllowed()
            if method == "POST":
                return _post(resource)
            if method == "PUT":
                return _put(resource, oid)
            return _delete(resource, oid)
        except errors.PybossaError as exc:
            if resource.name == "user" and method == "DELETE":
                action = "DEL"  # UserAPI.delete names its action so
            return answers.error_object(exc, resource.name, action)

    view.__name__ = f"api_{resource.name}_{operation}"
    return view


def _get(resource: Resource, oid):
    rt = runtime()
    views = rt.version.views
    base = host_url()
    args = request.args.to_dict()  # the first value of each name, as MultiDict.get reads it, without its KeyErrors
    with rt.store.read() as state:
        me = caller_of(state)
        if oid is None:
            hits = query.select(state, me, resource.model, rows.table_of(resource.model), args)
            items = []
            for hit in hits:
                item = views.item(state, me, resource.name, hit.row, args, base)
                if hit.headline:
                    item["headline"] = hit.headline
                if hit.rank:
                    item["rank"] = hit.rank
                if access.can(state, me, "read", resource.name, hit.row):
                    items.append(item)  # items the caller may not read are dropped silently
            return answers.json_answer(items)
        row = writes.find(state, resource, oid)
        item = views.item(state, me, resource.name, row, args, base)
        access.ensure(state, me, "read", resource.name, row)
        return answers.json_answer(item)


def _json_body():
    """json.loads(request.data), as PyBossa reads every body (a form's fields are not in request.data)."""
    raw = request.get_data(cache=True, parse_form_data=True)
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise errors.ValueError_(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise errors.ServerError("UnicodeDecodeError", str(exc)) from None


def _post(resource: Resource):
    rt = runtime()
    query.check_args(resource.model, request.args)
    with rt.store.write() as state:
        me = caller_of(state)
        data = uploads.receive(state, me, resource, rt) if uploads.is_upload(resource) else None
        if data is None:
            data = _json_body()
        row = writes.create(state, me, resource, data, rt.store.now(), new_uuid=rt.store.new_uuid,
                            args_external_uid=request.args.get("external_uid"),
                            check_jwt=lambda project: require_project_jwt(project, forbidden=True))
        return answers.json_answer(dictize(row))


def _put(resource: Resource, oid: int):
    rt = runtime()
    query.check_args(resource.model, request.args)
    with rt.store.write() as state:
        me = caller_of(state)
        row = writes.find(state, resource, oid)
        access.ensure(state, me, "update", resource.name, row)
        upload = uploads.receive(state, me, resource, rt) if uploads.is_upload(resource) else None
        data = None if upload is not None else _json_body()
        row = writes.update(state, me, resource, oid, data, rt.store.now(), upload=upload)
        return answers.json_answer(dictize(row))


def _delete(resource: Resource, oid: int) -> Response:
    rt = runtime()
    query.check_args(resource.model, request.args)
    with rt.store.write() as state:
        writes.delete(state, caller_of(state), resource, oid)
    return empty()


VIEWS = {(name, operation): resource_view(resource, operation) for name, resource in RESOURCES.items()
         for operation, _, _ in OPERATIONS}
