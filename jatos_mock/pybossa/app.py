"""create_app(Settings) wires the PyBossa kit: contract, store and fixtures, the core's HTTP pipeline, the API's
routes, CORS, the control API and uploads."""

from pathlib import Path

from flask import Flask, Response, request

from jatos_mock.core.contract.spec import load_spec, spec_text
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.core.faults import ApiFaultProfile, Faults
from jatos_mock.core.http import control as core_control
from jatos_mock.core.http import docs, pipeline
from jatos_mock.core.http.runtime import EXTENSION, Runtime
from jatos_mock.core.state import state_io
from jatos_mock.core.state.fixtures import load_fixture_dir
from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain.fixtures import SECTIONS
from jatos_mock.pybossa.http import control, uploads
from jatos_mock.pybossa.http.endpoint import RATE_LIMIT
from jatos_mock.pybossa.http.ratelimit import PybossaRateLimit
from jatos_mock.pybossa.settings import Settings
from jatos_mock.pybossa.store import Store
from jatos_mock.pybossa.v4_0 import VERSION as PYBOSSA_4_0

FIXTURES = Path(__file__).with_name("fixtures")
# default_settings.CORS_RESOURCES: every /api/* answer may be read cross-origin
PREFLIGHT = {"Access-Control-Allow-Methods": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
             "Access-Control-Max-Age": "21600"}


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    app = Flask("jatos_mock.pybossa")
    app.url_map.strict_slashes = True  # STRICT_SLASHES: /api/project/ is a 404
    app.json.sort_keys = False

    store = state_io.open_store(Store, settings.seed, settings.state_file)
    contract = settings.contract or PYBOSSA_4_0.contract
    validator = ContractValidator(load_spec(contract))
    rt = Runtime(settings=settings, store=store, validator=validator, version=PYBOSSA_4_0)
    rt.fixture_tokens = load_fixture_dir(store, settings.fixtures_dir or FIXTURES, SECTIONS)
    state_io.start_from_fixtures(store, settings.state_file)
    limiter = PybossaRateLimit(settings.rate_limit, settings.rate_window_s, store.clock)
    rt.extras[RATE_LIMIT] = limiter
    rt.on_reset.append(limiter.clear)  # PyBossa keeps its counters in Redis: a reset empties them
    faults = Faults(_fault_profile(validator.by_id), store.clock, seed=settings.seed)
    faults.add_all(settings.faults)
    rt.extras["faults"] = faults
    app.extensions[EXTENSION] = rt

    pipeline.install(app)
    app.before_request(_preflight)
    app.after_request(_cors)
    app.register_blueprint(PYBOSSA_4_0.routes())
    app.register_blueprint(uploads.bp)
    app.register_blueprint(core_control.bp)
    app.register_blueprint(control.bp)
    app.register_blueprint(docs.bp)

    @app.get("/openapi.yaml")
    def openapi_yaml():
        return Response(spec_text(contract), mimetype="application/yaml")

    return app


def _fault_profile(operations) -> ApiFaultProfile:
    defaults = {status: (cls, "") for cls, status in errors.STATUS.items() if cls not in ("TypeError", "DataError",
                                                                                             "AttributeError",
                                                                                             "DBIntegrityError")}
    defaults[429] = ("TooManyRequests", f"429 Too Many Requests: {errors.TOO_MANY_REQUESTS_TEXT}")
    defaults[404] = ("NotFound", f"404 Not Found: {errors.NOT_FOUND_TEXT}")
    return ApiFaultProfile(name="PyBossa", render_error=PYBOSSA_4_0.error, error_codes=PYBOSSA_4_0.error_codes,
                           default_errors=defaults, default_client_error=("BadRequest", "Bad request"),
                           default_server_error=("InternalServerError", "Internal server error"),
                           operations=frozenset(operations), api_prefix="/api", path_example="GET /api/task/{oid}")


def _preflight():
    """Flask-CORS answers an OPTIONS request of /api/* itself: 200, empty, no rate-limit headers."""
    if request.method == "OPTIONS" and request.path.startswith("/api"):
        response = Response("", mimetype="text/html")
        if request.headers.get("Access-Control-Request-Method"):
            response.headers.update(PREFLIGHT)
            asked = request.headers.get("Access-Control-Request-Headers")
            if asked:
                response.headers["Access-Control-Allow-Headers"] = asked
        return response
    return None


def _cors(response: Response) -> Response:
    if request.path.startswith("/api"):
        origin = request.environ.get("HTTP_ORIGIN")  # the header, without the headers object's KeyError
        response.headers["Access-Control-Allow-Origin"] = origin if origin and request.method == "OPTIONS" else "*"
    return response
