"""schemathesis against the study, asset, member, log and component operations, in `spec` fidelity, in-process."""

import pytest

schemathesis = pytest.importorskip("schemathesis")

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

OPERATIONS = {
    "importOrCreateStudy", "importStudyDeprecated", "createStudyDeprecated", "exportStudy", "deleteStudy",
    "getStudyProperties",
    "updateStudyProperties", "listStudyProperties", "getStudyAssetsStructure", "downloadStudyAsset",
    "deleteStudyAsset", "uploadStudyAsset", "uploadStudyAssetToRoot", "checkStudyExists", "listStudyMembers",
    "addStudyMember", "removeStudyMember", "getStudyLog",
    "listComponents", "createComponent", "getComponent", "updateComponent", "deleteComponent",
}

schemathesis.serializer.alias("application/zip", "application/octet-stream")
APP = create_app(Settings(seed=3, fidelity="spec"))
TOKEN = next(t["token"] for t in APP.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")
# operations only an admin may call: with the researcher's token they would never get past the 403
ADMIN_OPERATIONS = {"checkStudyExists"}
ADMIN_TOKEN = next(t["token"] for t in APP.extensions["jatos_mock"].fixture_tokens if t["username"] == "admin")

schema = schemathesis.openapi.from_dict(load_spec(None))
schema.app = APP
schema = schema.include(name=[op.ok().label for op in schema.get_all_operations()
                              if op.ok().definition.raw.get("operationId") in OPERATIONS])
schema.config.update(headers={"Authorization": f"Bearer {TOKEN}"})
schema.config.seed = 1
schema.config.generation.update(max_examples=8, database="none")
schema.config.phases.update(phases=["examples", "fuzzing"])


@schema.parametrize()
def test_study_operations_conform(case):
    APP.extensions["jatos_mock"].store.reset()
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
              ignored_auth, negative_data_rejection]
    headers = ({"Authorization": f"Bearer {ADMIN_TOKEN}"}
               if case.operation.definition.raw.get("operationId") in ADMIN_OPERATIONS else None)
    case.call_and_validate(checks=checks, headers=headers)


def test_every_listed_operation_is_in_the_contract():
    included = {op.ok().definition.raw.get("operationId") for op in schema.get_all_operations()}
    assert included == OPERATIONS
