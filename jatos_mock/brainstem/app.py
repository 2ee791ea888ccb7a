"""create_app(Settings) wires the BrainSTEM mock: contract, store and fixtures, the core's HTTP pipeline, the API's
routes, the control API (the core's and BrainSTEM's additions), the docs page."""

from flask import Flask, Response

from jatos_mock.brainstem import control as brainstem_control
from jatos_mock.brainstem.fault_profile import brainstem_fault_profile
from jatos_mock.brainstem.fixtures import load_fixtures
from jatos_mock.brainstem.resources import default_fixtures_dir
from jatos_mock.brainstem.settings import Settings
from jatos_mock.brainstem.store import Store
from jatos_mock.brainstem.version import VERSION
from jatos_mock.core.contract.spec import load_spec, spec_text
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.core.faults import Faults
from jatos_mock.core.http import control, docs, pipeline
from jatos_mock.core.http.runtime import EXTENSION, Runtime
from jatos_mock.core.state import state_io


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings()
    app = Flask("jatos_mock.brainstem")
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.url_map.merge_slashes = False
    app.json.sort_keys = False

    store = state_io.open_store(Store, settings.seed, settings.state_file)
    contract = settings.contract or VERSION.contract
    validator = ContractValidator(load_spec(contract))
    rt = Runtime(settings=settings, store=store, validator=validator, version=VERSION)
    rt.fixture_tokens = load_fixtures(store, settings.fixtures_dir or default_fixtures_dir())
    state_io.start_from_fixtures(store, settings.state_file)
    faults = Faults(brainstem_fault_profile(VERSION, validator.by_id), store.clock, seed=settings.seed)
    faults.add_all(settings.faults)
    rt.extras["faults"] = faults
    app.extensions[EXTENSION] = rt

    pipeline.install(app)
    app.register_blueprint(VERSION.routes())
    app.register_blueprint(brainstem_control.bp)
    app.register_blueprint(control.bp)
    app.register_blueprint(docs.bp)

    @app.get("/openapi.yaml")
    def openapi_yaml():
        return Response(spec_text(contract), mimetype="application/yaml")

    return app
