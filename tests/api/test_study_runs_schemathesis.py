"""schemathesis in-process against the mock in `spec` fidelity, restricted to the study-run operations.

The deprecated GET studies/{id}/studyCodes is left out: the contract documents only its 200, so every error answer
(unknown study, no access) would count as undocumented although the spec leaves no other choice.
"""

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, ignored_auth, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)

from jatos_mock.app import create_app
from jatos_mock.settings import Settings
from tests.conftest import REPO

OPERATIONS = ["createBatch", "listBatches", "getBatch", "updateBatch", "deleteBatch", "getBatchSession",
              "updateBatchSession", "listGroupsOfBatch", "getGroupSession", "updateGroupSession",
              "getOrCreateStudyCodes", "getStudyCode", "toggleStudyCodeActive", "proxyOpenAiGet", "proxyOpenAiPost",
              "proxyOpenAiDelete", "proxyOpenAiPathGet", "proxyOpenAiPathPost", "proxyOpenAiPathDelete"]

app = create_app(Settings(seed=1, fidelity="spec"))
token = next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")
schema = schemathesis.openapi.from_path(REPO / "jatos-api.yaml").include(operation_id=OPERATIONS)
schema.app = app
schema.config.update(headers={"Authorization": f"Bearer {token}"})
schema.config.generation.update(max_examples=6, database="none")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          ignored_auth, negative_data_rejection]


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
def test_study_run_operations_conform_in_spec_fidelity(case):
    case.call_and_validate(checks=CHECKS)
