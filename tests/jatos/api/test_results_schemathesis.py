"""schemathesis, in-process and in `spec` fidelity, on the results operations only (the full suite is contracts/)."""

import schemathesis
from hypothesis import HealthCheck, settings

from jatos_mock.core.conformance.engine import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.contract import load_spec
from jatos_mock.jatos.settings import Settings

APP = create_app(Settings(seed=1, fidelity="spec"))
TOKEN = next(t["token"] for t in APP.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")
SCHEMA = schemathesis.openapi.from_dict(load_spec()).include(path_regex="^/jatos/api/v1/results")
SCHEMA.app = APP
SCHEMA.config.generation.update(max_examples=8, database="none")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          ignored_auth, negative_data_rejection]


@SCHEMA.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_results_operations_conform(case):
    APP.extensions["jatos_mock"].store.reset()
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)
