"""The control API under /__mock__/ (not part of JATOS): reset, fixture tokens, and more as the mock grows.

Bound to loopback callers by default, so a mock reachable from elsewhere cannot be reset by others.
"""

import ipaddress

from flask import Blueprint, request

from jatos_mock.http.envelope import json_response
from jatos_mock.http.runtime import runtime

bp = Blueprint("control", __name__, url_prefix="/__mock__")


@bp.before_request
def _loopback_only():
    if not runtime().settings.control_loopback_only:
        return None
    try:
        if ipaddress.ip_address((request.remote_addr or "").split("%")[0]).is_loopback:
            return None
    except ValueError:
        pass
    return json_response({"error": "the control API answers loopback callers only"}, 403)


@bp.post("/reset")
def reset():
    rt = runtime()
    rt.store.reset()
    return json_response({"reset": True})


@bp.get("/tokens")
def fixture_tokens():
    return json_response([{k: t[k] for k in ("username", "roles", "token")} for t in runtime().fixture_tokens])


