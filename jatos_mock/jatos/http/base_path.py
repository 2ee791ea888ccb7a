"""`jatos.urlBasePath`: JATOS sets Play's application context to it (conf/application.conf: play.http.context =
${jatos.urlBasePath}), so every route (API, publix, GUI, /ping, /openapi.yaml, and the mock's /docs) lives under
the base path and a request outside it matches no route (404, as Play answers). Links and redirects JATOS builds
carry the base path (reverse routes, Common.getJatosUrlBasePath()). The mock's own control API stays at
/__mock__/, so a test can reach it whatever the configuration.

The base path is moved into WSGI's SCRIPT_NAME, so routes, contract templates and faults see the path JATOS's routes
file names (`/jatos/api/v1/...`) and `request.script_root` is the base (without its trailing '/').
"""

from flask import abort, request

from jatos_mock.core.http.runtime import Runtime
from jatos_mock.jatos.http import config_control

OUTSIDE = "jatos_mock.outside_base_path"
CONTROL = "/__mock__"


class BasePath:
    """WSGI middleware: strips the running configuration's base path, or marks a request outside it."""

    def __init__(self, wsgi_app, rt: Runtime):
        self.wsgi_app = wsgi_app
        self.rt = rt

    def __call__(self, environ, start_response):
        base = config_control.current(self.rt).base_path
        path = environ.get("PATH_INFO", "")
        if base != "/" and not (path == CONTROL or path.startswith(CONTROL + "/")):
            if path.startswith(base):
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + base[:-1]
                environ["PATH_INFO"] = path[len(base) - 1:]
            else:
                environ[OUTSIDE] = True
        return self.wsgi_app(environ, start_response)


def refuse_outside():
    """Before-request hook: a request outside the base path is a routing miss (Play's router has no such route)."""
    if request.environ.get(OUTSIDE):
        abort(404)


def context() -> str:
    """The request's base path as JATOS writes it into links and redirects: '/' or '/base/'."""
    return request.script_root + "/"


def with_servers_under(spec: bytes, base: str) -> bytes:
    """The contract's text with each `servers` URL moved under the base path ('/' -> '/base', 'http://h:9000' ->
    'http://h:9000/base'): its paths start with /jatos/api/v1, so a client joins server and path as JATOS routes
    them."""
    if base == "/":
        return spec
    lines = spec.decode("utf-8").split("\n")
    in_servers = False
    for index, line in enumerate(lines):
        if line.startswith("servers:"):
            in_servers = True
        elif in_servers and line[:1] not in ("", " ", "#"):
            break  # the next top-level key
        elif in_servers and line.lstrip().startswith("- url: "):
            head, url = line.split("- url: ", 1)
            lines[index] = f"{head}- url: {url.strip().rstrip('/')}{base[:-1]}"
    return "\n".join(lines).encode("utf-8")
