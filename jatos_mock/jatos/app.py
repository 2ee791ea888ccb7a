"""create_app(Settings) wires the layers: contract, store and fixtures, HTTP pipeline, blueprints, control API."""

from flask import Flask, Response
from werkzeug.routing import PathConverter

from jatos_mock.core.contract.spec import load_spec, spec_text
from jatos_mock.core.contract.text import make_room_for_deep_documents
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.core.faults import Faults
from jatos_mock.core.http import control, docs, pipeline
from jatos_mock.core.http.runtime import EXTENSION, Runtime
from jatos_mock.core.http.version_routing import VersionedFlask, split_routes
from jatos_mock.core.state import state_io
from jatos_mock.jatos.domain.fixtures import load_fixtures
from jatos_mock.jatos.http import base_path, config_control, gui, uploads
from jatos_mock.jatos.http import control as jatos_control
from jatos_mock.jatos.http.app_log import APPLICATION_LOG, LOADER_LOG, AppLog
from jatos_mock.jatos.http.fault_profile import running_fault_profile
from jatos_mock.jatos.resources import default_fixtures_dir
from jatos_mock.jatos.settings import Settings
from jatos_mock.jatos.store import Store
from jatos_mock.jatos.versions import resolve, served


class AnyPathConverter(PathConverter):
    """Play's `*filepath` is `.+` on the raw path: leading, doubled and trailing slashes stay in the value.

    Keeps the name `path`, because openapi-core's Flask integration only knows Werkzeug's converter names.
    """

    regex = r"[\s\S]+?"  # Play matches the still-encoded path, so a decoded newline (%0A) must match too
    part_isolating = False


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    settings.version = resolve(settings.version)  # an unknown version: UnknownVersion naming the known ones
    make_room_for_deep_documents()
    app = VersionedFlask("jatos_mock")
    app.request_class = uploads.StreamingRequest  # upload parts are written to disk as they arrive
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False  # Play routes no OPTIONS of its own: 404 like any unrouted method
    app.url_map.converters["path"] = AnyPathConverter
    app.url_map.merge_slashes = False
    app.json.sort_keys = False

    store = state_io.open_store(Store, settings.seed, settings.state_file)
    versions = served()
    default = versions[settings.version]
    validators = {name: _validator(settings.contract if name == settings.version else None, v.contract)
                  for name, v in versions.items()}
    contract = settings.contract or default.contract
    store.api_version = default.name  # state files say which version wrote them
    rt = Runtime(settings=settings, store=store, validator=validators[default.name], version=default,
                 others={name: (v, validators[name]) for name, v in versions.items() if v is not default})
    config_control.install(rt, config_control.start_config(settings, settings.fixtures_dir))  # ConfigError if bad
    rt.fixture_tokens = load_fixtures(store, settings.fixtures_dir or default_fixtures_dir())
    state_io.start_from_fixtures(store, settings.state_file)
    faults = Faults(running_fault_profile(rt), store.clock, seed=settings.seed)  # the running version's contract ids
    faults.add_all(settings.faults)
    rt.extras["faults"] = faults
    rt.extras["app_log"] = _start_app_log(rt)
    app.extensions[EXTENSION] = rt

    pipeline.install(app)
    app.wsgi_app = base_path.BasePath(app.wsgi_app, rt)  # jatos.urlBasePath: every route under the base path
    app.before_request(base_path.refuse_outside)
    blueprints = {}
    for name, version in versions.items():
        routes = version.routes()
        app.register_blueprint(routes)
        blueprints[name] = routes.name
    app.register_blueprint(control.bp)
    app.register_blueprint(jatos_control.bp)
    app.register_blueprint(config_control.bp)  # /__mock__/config
    app.register_blueprint(docs.bp)
    app.register_blueprint(gui.bp)  # /ping, /jatos, sign-in and the GUI's token routes: no API operations

    @app.get("/openapi.yaml")
    def openapi_yaml():  # JATOS serves its spec at /openapi.yaml too (under the base path, as every route)
        served_contract = contract if rt.request_version is default else rt.request_version.contract
        if served_contract is None:
            return Response(f"no contract for JATOS {rt.request_version.name} yet", status=404,
                            mimetype="text/plain")
        spec = base_path.with_servers_under(spec_text(served_contract), base_path.context())
        return Response(spec, mimetype="application/yaml")

    split_routes(app, blueprints, default.name)  # each version routes in its own table
    return app


def _validator(override, contract) -> ContractValidator | None:
    path = override or contract
    return ContractValidator(load_spec(path)) if path is not None else None


def _start_app_log(rt: Runtime) -> AppLog:
    """The mock's own log files for GET admin/logs: the loader's start-up lines, then one line per request."""
    app_log = AppLog(rt.store.now)
    app_log.write(APPLICATION_LOG, f"jatos_mock started: JATOS {rt.version.name} API")
    app_log.write(LOADER_LOG, f"jatos_mock: fidelity {rt.settings.fidelity}, seed {rt.settings.seed}")
    with rt.store.read() as state:
        app_log.write(LOADER_LOG, f"jatos_mock: loaded {len(state.users)} users, {len(state.tokens)} API tokens, "
                                  f"{len(state.studies)} studies, {len(state.study_results)} study results")
    return app_log
