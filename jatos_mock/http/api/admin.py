"""JATOS API endpoints: admin (Api.status, Api.currentApiTokenMetadata, Api.listLogs, Api.logs)."""

from flask import Blueprint

from jatos_mock.http import views
from jatos_mock.http.endpoint import ANY_ROLE, Call, endpoint
from jatos_mock.http.envelope import ok

bp = Blueprint("admin", __name__, url_prefix="/jatos/api/v1")


@bp.get("/admin/token")
@endpoint("getCurrentApiToken", ANY_ROLE, token_only=True)
def current_token(call: Call):
    with call.store.read() as state:
        return ok(views.token_metadata(state, call.token, call.store.now()))
