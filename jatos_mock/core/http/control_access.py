"""Who may use the control API (/__mock__/): loopback callers whose Host names the listen address, and for
state-changing calls a request no web page can send without a CORS preflight (a JSON body or our header)."""

import ipaddress

from flask import current_app, request

from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime

CONTROL_HEADER = "X-Jatos-Mock-Control"  # any value; a custom header makes a browser ask first (CORS preflight)
LISTEN_CONFIG = "JATOS_MOCK_LISTEN"  # (host, port) the server listens on; set by server.MockServer
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_SAFE_METHODS = ("GET", "HEAD")


def _is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address((address or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def _host_allowed(host_header: str) -> bool:
    """The Host header names a loopback name or the configured host, with the listen port (when known)."""
    host = host_header.strip().lower()
    name, sep, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not sep:
        name, port = host, ""
    listen = current_app.config.get(LISTEN_CONFIG)
    configured = (listen[0] if listen else runtime().settings.host).lower()
    names = set(_LOOPBACK_NAMES)
    if configured not in ("0.0.0.0", "::", ""):
        names.add(f"[{configured}]" if ":" in configured else configured)
    if name not in names:
        return False
    if listen is None:
        return port == "" or port.isdigit()  # not run by MockServer (a test client): any port
    return (port or "80") == str(listen[1])


def refusal() -> str | None:
    """Why the current caller may not use the control API (None: it may); /docs asks the same before it lists
    tokens. Loopback callers only and a Host naming the listen address, unless the settings open the API."""
    if not runtime().settings.control_loopback_only:
        return None
    if not _is_loopback(request.remote_addr):
        return "the control API answers loopback callers only"
    if not _host_allowed(request.host or ""):
        return "the control API answers requests whose Host is the listen address only"
    return None


def _non_simple() -> bool:
    """A request a browser sends cross-origin only after a preflight: a JSON content type or our header."""
    if request.headers.get(CONTROL_HEADER) is not None:
        return True
    return request.mimetype == "application/json"


def guard():
    """The control API's before-request check: a refused caller, or a state-changing call a web page could send,
    gets 403."""
    problem = refusal()
    if problem is not None:
        return json_response({"error": problem}, 403)
    if request.method not in _SAFE_METHODS and not _non_simple():
        return json_response({"error": f"a state-changing control call needs Content-Type: application/json or the "
                                       f"{CONTROL_HEADER} header (so that no web page can send it)"}, 403)
    return None
