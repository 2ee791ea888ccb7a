"""JATOS API endpoints: admin (Api.status, Api.currentApiTokenMetadata, Api.listLogs, Api.logs)."""

import functools
from urllib.parse import unquote_plus

from flask import Blueprint, Response, abort, request

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import admin_status
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.endpoint import ADMIN, ANY_ROLE, Call, endpoint
from jatos_mock.jatos.http.errors import error_response
from jatos_mock.jatos.http.params import Bool, Int

bp = Blueprint("admin", __name__)

LOG_NOT_FOUND = "Log file not found"


@bp.get("/admin/status")
@endpoint("getAdminStatus", ADMIN, reuse=True)
def status(call: Call):
    with call.store.read() as state:
        return ok(admin_status.status(state, call.user, call.store.now()))


@bp.get("/admin/token")
@endpoint("getCurrentApiToken", ANY_ROLE, reuse=True)
def current_token(call: Call):
    with call.store.read() as state:
        return ok(call.views.token_metadata(state, call.token, call.store.now()))


@bp.get("/admin/logs/list")
@endpoint("listLogFiles", ADMIN)
def list_logs(call: Call):
    # Api.listLogs: always the flattened listing of the logs folder
    return ok(call.runtime.extras["app_log"].nodes())


def _one_segment(view):
    """Play's :filename is one raw segment: a/b matches no route (an encoded %2F does)."""

    @functools.wraps(view)
    def run(**path_values):
        raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path
        if "/" in raw.split("?", 1)[0].split("/admin/logs/", 1)[-1]:
            abort(404)
        return view(**path_values)

    return run


_LOG_QUERY = {"limit": Int(-1), "reverse": Bool(False)}


def _log_query() -> dict:
    """JATOS's undocumented `limit` (Int, -1) and `reverse` (Boolean, false), bound before auth as Play does (A36);
    asked only when the request gives one of them."""
    if ("limit" in request.args or "reverse" in request.args) and deviates("A36"):
        return _LOG_QUERY
    return {}


@bp.get("/admin/logs/<path:filename>")
@_one_segment
@endpoint("getLogFile", ADMIN, query=_log_query)
def log_file(call: Call, filename: str, limit: int = -1, reverse: bool = False):
    app_log = call.runtime.extras["app_log"]
    name = app_log.resolve(unquote_plus(filename))  # Api.logs: the segment is URL-decoded once more
    if name is None:
        return error_response(errors.NotFound(LOG_NOT_FOUND))
    if reverse:
        lines = app_log.lines(name)[::-1]
        if limit != -1:  # Api.logs: -1 means every line; 0 and other negatives give none
            lines = lines[:limit] if limit > 0 else []
        return Response((line + "\n" for line in lines), content_type="text/plain; charset=UTF-8")
    content = app_log.content(name)
    return Response(content, mimetype="application/octet-stream",
                    headers={"Content-Disposition": content_disposition("attachment", f"jatos_logs_{name}")})
