"""schemathesis (in-process, `spec` fidelity) against the admin, users and tokens operations."""

import schemathesis

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

OPERATIONS = ("getAdminStatus", "getCurrentApiToken", "listLogFiles", "getLogFile", "listUsers", "createUser",
              "checkUserExists", "getUser", "updateUser", "deleteUser", "changeUserRole", "createApiToken",
              "listApiTokensOfUser", "getApiToken", "toggleApiTokenActive", "deleteApiToken")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          ignored_auth, negative_data_rejection]

app = create_app(Settings(seed=1, fidelity="spec"))
runtime = app.extensions["jatos_mock"]
ADMIN_TOKEN = next(t["token"] for t in runtime.fixture_tokens if t["username"] == "admin")

schema = schemathesis.openapi.from_dict(load_spec(None))
schema.app = app
schema.config.update(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
schema.config.generation.update(max_examples=10, database="none")
schema = schema.include(operation_id=list(OPERATIONS))


@schema.parametrize()
def test_users_admin_tokens_conform(case):
    runtime.store.reset()  # every example starts from the fixtures (fixtures run once per test, not per example)
    runtime.ledger.clear()
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    # and the mock's own response validation found nothing either
    assert [v.describe() for v in runtime.ledger.entries(unregistered_only=True) if v.kind != "unmatched"] == []
