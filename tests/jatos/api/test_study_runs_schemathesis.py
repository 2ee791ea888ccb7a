"""schemathesis in-process against the mock in `spec` fidelity, restricted to the study-run operations.

Every case starts from the fixtures (store reset): a case that deleted batches or generated codes does not change
what the next one sees, so a failure replays alike.
"""

import pytest
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
from jatos_mock.jatos.settings import Settings
from tests.conftest import REPO

OPERATIONS = ["createBatch", "listBatches", "getBatch", "updateBatch", "deleteBatch", "getBatchSession",
              "updateBatchSession", "listGroupsOfBatch", "getGroupSession", "updateGroupSession",
              "getOrCreateStudyCodes", "getStudyCodesDeprecated", "getStudyCode", "toggleStudyCodeActive",
              "proxyOpenAiGet", "proxyOpenAiPost", "proxyOpenAiDelete", "proxyOpenAiPathGet", "proxyOpenAiPathPost",
              "proxyOpenAiPathDelete"]

app = create_app(Settings(seed=1, fidelity="spec"))
token = next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")
schema = schemathesis.openapi.from_path(REPO / "jatos-api.yaml").include(operation_id=OPERATIONS)
schema.app = app
schema.config.update(headers={"Authorization": f"Bearer {token}"})
schema.config.generation.update(max_examples=6, database="none")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          ignored_auth, negative_data_rejection]


# Play matches '*path' on the still percent-encoded path, so a %0A in the proxy path is routed like any other.
def test_a_newline_in_the_proxy_path_is_routed():
    r = app.test_client().post("/publix/api/v1/studyResults/nope/openai/a%0Ab")
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "OPENAI_ERROR"  # the gate, not a route miss


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
def test_study_run_operations_conform_in_spec_fidelity(case):
    app.extensions["jatos_mock"].store.reset()
    case.call_and_validate(checks=CHECKS)
