"""JATOS 3.9's admin endpoints (Api.testToken, Api.status, Api.logs of 3.9.8)."""

from urllib.parse import unquote_plus

from flask import Blueprint, Response

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos.domain import admin_status
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.v3_9.endpoint import ADMIN, USER, endpoint39
from jatos_mock.jatos.v3_9.envelope import empty

bp = Blueprint("admin39", __name__)


@bp.get("/admin/token")
@endpoint39("getCurrentApiToken", USER)
def current_token(call):
    if call.token is None:  # signed in by session cookie: Api.testToken wraps null
        return ok(None)
    with call.store.read() as state:
        return ok(call.views.token_metadata(state, call.token, call.store.now()))


@bp.get("/admin/status")
@endpoint39("getAdminStatus", ADMIN)
def status(call):
    with call.store.read() as state:
        return ok(admin_status.status(state, call.user, call.store.now()))


@bp.get("/admin/logs/<filename>")
@endpoint39("getLogFile", ADMIN)
def log_file(call, filename: str):
    app_log = call.runtime.extras["app_log"]
    name = app_log.resolve(unquote_plus(filename))  # Admin.logs: decoded again, confined to the logs folder
    if name is None:
        return empty(404)  # notFound() without a body
    return Response(app_log.content(name), mimetype="application/octet-stream",
                    headers={"Content-Disposition": content_disposition("attachment", f"jatos_logs_{name}")})
