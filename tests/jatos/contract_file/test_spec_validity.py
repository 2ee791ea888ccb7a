"""`jatos-api.yaml` is a valid OpenAPI 3.0.3 document that tools can use as it is.

Checks the document on its own (no published spec needed): the validator accepts it, every operation has a unique
operationId, every link leads somewhere real, and the published defects that tools trip over are gone.
"""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

REALISTIC_STUDY = {
    "id": 5,
    "uuid": "5c8e7b40-1d3a-4a0f-9a51-93e2f1d6c0aa",
    "title": "Potato Compass",
    "description": "Which way does the potato point?",
    "locked": False,
    "active": True,
    "groupStudy": False,
    "linearStudy": False,
    "allowPreview": False,
    "dirName": "potato_compass",
    "comments": None,
    "studyInput": "{}",
    "endRedirectUrl": None,
    "studyEntryMsg": None,
    "members": [{"id": 1, "username": "admin"}],
    "components": [
        {"id": 7, "uuid": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"},
        {"id": 8, "uuid": "1f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "title": "Intro", "htmlFilePath": "intro.html",
         "reloadable": False, "active": True, "comments": None, "componentInput": ""},
    ],
    "batches": [{"id": 5, "uuid": "2a1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}],
}
PUBLIX_PREFIX = "/publix/"


def all_links(contract, oas):
    """(source operation, status, link name, link) for every link in the document."""
    for key, op in oas.operations(contract).items():
        for status, response in op["responses"].items():
            for name, link in oas.resolve(contract, response).get("links", {}).items():
                yield key, status, name, oas.resolve(contract, link)


def operation_parameters(contract, oas, key: str) -> set[tuple[str, str]]:
    """(in, name) of every parameter of an operation, path-level ones included."""
    method, path = key.split(" ", 1)
    params = contract["paths"][path].get("parameters", []) + oas.operations(contract)[key].get("parameters", [])
    return {(p["in"], p["name"]) for p in (oas.resolve(contract, p) for p in params)}


def walk_pointer(contract, oas, schema: dict, pointer: str) -> dict:
    """The schema of the field a JSON pointer designates, or an AssertionError naming the missing step."""
    for token in [t for t in pointer.split("/") if t]:
        schema = oas.flatten(contract, schema)
        if token in schema.get("properties", {}):
            schema = schema["properties"][token]
        elif token.isdigit() and schema.get("type") == "array":
            schema = schema["items"]
        else:
            raise AssertionError(f"no field {token!r} at this step of {pointer!r}: {schema}")
    return oas.resolve(contract, schema)


def schema_nodes(node, where="#"):
    """Every mapping in the document with its JSON pointer."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from schema_nodes(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from schema_nodes(value, f"{where}/{i}")


def test_openapi_spec_validator_accepts_the_contract(contract):
    validate(contract)


def test_document_header(contract):
    assert contract["openapi"] == "3.0.3"
    assert contract["info"]["version"] == "1.1.0"
    assert "jatos-mock" in contract["info"]["title"]
    assert list(contract) == ["openapi", "info", "servers", "tags", "security", "paths", "components"]


def test_the_contract_has_all_66_operations_and_the_4_deprecated_ones(contract, oas):
    ops = oas.operations(contract)
    assert len(ops) == 66
    assert sorted(k for k, op in ops.items() if op.get("deprecated")) == [
        "GET /jatos/api/v1/studies/{id}/studyCodes",
        "POST /jatos/api/v1/studies/create",
        "POST /jatos/api/v1/study",
        "PUT /jatos/api/v1/results/delete",
    ]


def test_every_operation_has_a_unique_camel_case_operation_id(contract, oas):
    ids = [op.get("operationId") for op in oas.operations(contract).values()]
    assert None not in ids
    assert [i for i in ids if not re.fullmatch(r"[a-z][a-zA-Z0-9]*", i)] == []
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)


def test_every_operation_has_a_summary_and_tag_and_every_response_a_description(contract, oas):
    for key, op in oas.operations(contract).items():
        assert op.get("summary") and op.get("tags"), key
        for status, response in op["responses"].items():
            assert oas.resolve(contract, response).get("description"), f"{key} {status}"


def test_every_reference_resolves(contract, oas):
    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(contract):
        assert oas.resolve(contract, ref) is not None, ref


def test_every_link_targets_an_existing_operation_and_parameter_and_reads_an_existing_field(contract, oas):
    ops_by_id = {op["operationId"]: key for key, op in oas.operations(contract).items()}
    links = list(all_links(contract, oas))
    assert links, "the contract has no links"
    for source, status, name, link in links:
        where = f"{source} {status} links.{name}"
        assert "operationId" in link and "operationRef" not in link, where
        assert link["operationId"] in ops_by_id, f"{where}: unknown operationId {link['operationId']}"
        target_params = operation_parameters(contract, oas, ops_by_id[link["operationId"]])
        assert link.get("parameters"), f"{where}: no parameters"
        for param, expression in link["parameters"].items():
            location, _, pname = param.rpartition(".")
            matching = {(i, n) for i, n in target_params if n == pname and (not location or i == location)}
            assert matching, f"{where}: {link['operationId']} has no parameter {param}"
            match = re.fullmatch(r"\$response\.body#(/.*)", expression)
            assert match, f"{where}: unexpected expression {expression}"
            response = oas.resolve(contract, oas.operations(contract)[source]["responses"][status])
            schema = response["content"]["application/json"]["schema"]
            field = walk_pointer(contract, oas, schema, match.group(1))
            assert field.get("type") in ("integer", "string"), f"{where}: {expression} is not a scalar id"


# The resource chains the stateful phase of schemathesis should follow: (source operationId, status) -> targets.
EXPECTED_CHAINS = {
    ("importOrCreateStudy", "201"): {"getStudyProperties", "updateStudyProperties", "exportStudy", "deleteStudy",
                                     "listComponents", "createComponent", "listBatches", "createBatch",
                                     "getStudyAssetsStructure", "listStudyMembers", "getStudyLog",
                                     "getOrCreateStudyCodes"},
    ("createComponent", "201"): {"getComponent", "updateComponent", "deleteComponent"},
    ("createBatch", "201"): {"getBatch", "updateBatch", "deleteBatch", "getBatchSession", "updateBatchSession",
                             "listGroupsOfBatch"},
    ("getBatch", "200"): {"updateBatch", "deleteBatch", "getBatchSession", "updateBatchSession", "listGroupsOfBatch"},
    ("createUser", "201"): {"getUser", "updateUser", "deleteUser", "changeUserRole", "createApiToken",
                            "listApiTokensOfUser"},
    ("createApiToken", "201"): {"getApiToken", "toggleApiTokenActive", "deleteApiToken"},
}
STUDY_SOURCES = [("importOrCreateStudy", "200"), ("importStudyDeprecated", "201"), ("createStudyDeprecated", "201")]


@pytest.mark.parametrize("source", list(EXPECTED_CHAINS) + STUDY_SOURCES, ids=lambda s: f"{s[0]}-{s[1]}")
def test_main_resource_chains_are_linked(contract, oas, source):
    expected = EXPECTED_CHAINS.get(source, EXPECTED_CHAINS[("importOrCreateStudy", "201")])
    linked = {link["operationId"] for key, status, _, link in all_links(contract, oas)
              if oas.operations(contract)[key]["operationId"] == source[0] and status == source[1]}
    assert expected <= linked, f"missing links: {sorted(expected - linked)}"


def test_no_nullable_beside_a_composition_without_type(contract):
    """OAS 3.0.3 honours `nullable` only next to `type`; beside a bare oneOf/anyOf/allOf it is ignored (bug C)."""
    found = [where for where, node in schema_nodes(contract)
             if node.get("nullable") and "type" not in node and {"oneOf", "anyOf", "allOf"} & set(node)]
    assert found == []


def test_no_all_of_with_a_sibling_additional_properties_false(contract):
    """`allOf` + a sibling `additionalProperties: false` without sibling `properties` rejects everything (bugs A, B)."""
    found = [where for where, node in schema_nodes(contract)
             if "allOf" in node and node.get("additionalProperties") is False and "properties" not in node]
    assert found == []


@pytest.mark.parametrize("envelope", [
    {"apiVersion": "1.1.0", "data": REALISTIC_STUDY},
    {"apiVersion": "1.1.0", "message": "Study created", "data": REALISTIC_STUDY},
], ids=["plain", "with-message"])
def test_study_envelope_accepts_a_realistic_study(contract, oas, envelope):
    assert oas.schema_errors(contract, "ApiEnvelopeStudy", envelope) == []


@pytest.mark.parametrize("envelope", [
    {"apiVersion": "1.1.0"},
    {"apiVersion": "1.1.0", "data": REALISTIC_STUDY, "unexpected": 1},
    {"data": REALISTIC_STUDY},
], ids=["no-data", "extra-key", "no-apiVersion"])
def test_study_envelope_still_rejects_malformed_envelopes(contract, oas, envelope):
    assert oas.schema_errors(contract, "ApiEnvelopeStudy", envelope) != []


def test_study_envelope_has_the_fields_of_the_success_envelope_plus_data(contract, oas):
    ours = oas.flatten(contract, contract["components"]["schemas"]["ApiEnvelopeStudy"])
    success = oas.flatten(contract, contract["components"]["schemas"]["ApiEnvelopeSuccess"])
    assert ours["properties"] == {**success["properties"], "data": {"$ref": "#/components/schemas/Study"}}
    assert ours["required"] == success["required"] + ["data"]


@pytest.mark.parametrize("body", [
    {"title": "x"},
    {"title": "Intro", "htmlFilePath": "intro.html", "reloadable": True, "active": False, "comments": None,
     "componentInput": {"language": "en"}},
    {"title": "Intro", "componentInput": '{"language": "en"}'},
    {"title": "Intro", "componentInput": None},
], ids=["title-only", "all-fields", "input-as-text", "input-null"])
def test_component_create_accepts_valid_bodies(contract, oas, body):
    assert oas.schema_errors(contract, "ComponentCreate", body) == []


@pytest.mark.parametrize("body", [{}, {"title": "x", "unknownKey": 1}, {"title": 5}],
                         ids=["no-title", "unknown-key", "title-not-a-string"])
def test_component_create_rejects_invalid_bodies(contract, oas, body):
    assert oas.schema_errors(contract, "ComponentCreate", body) != []


def test_component_create_keeps_the_properties_of_component_upsert(contract):
    schemas = contract["components"]["schemas"]
    assert schemas["ComponentCreate"]["properties"] == schemas["ComponentUpsert"]["properties"]


@pytest.mark.parametrize("schema, body", [
    ("StudyCreate", {"title": "x", "studyInput": None}),
    ("StudyPropertiesUpdate", {"studyInput": None}),
    ("ComponentUpdate", {"componentInput": None}),
    ("UpdateBatch", {"batchInput": None}),
    ("CreateBatch", {"title": "b", "batchInput": None}),
])
def test_json_inputs_accept_null(contract, oas, schema, body):
    assert oas.schema_errors(contract, schema, body) == []


@pytest.mark.parametrize("schema, body", [
    ("StudyPropertiesUpdate", {"studyInput": 5}),
    ("UpdateBatch", {"batchInput": [1]}),
    ("ComponentUpdate", {"componentInput": True}),
])
def test_json_inputs_reject_other_types(contract, oas, schema, body):
    assert oas.schema_errors(contract, schema, body) != []


def test_publix_operations_need_no_token_and_the_others_inherit_bearer_auth(contract, oas):
    assert contract["security"] == [{"BearerAuth": []}]
    assert contract["components"]["securitySchemes"]["BearerAuth"] == {
        **contract["components"]["securitySchemes"]["BearerAuth"], "type": "http", "scheme": "bearer"}
    ops = oas.operations(contract)
    publix = {key: op.get("security") for key, op in ops.items() if key.split(" ", 1)[1].startswith(PUBLIX_PREFIX)}
    assert len(publix) == 6
    assert set(map(repr, publix.values())) == {"[]"}
    assert [key for key, op in ops.items() if key not in publix and "security" in op] == []


def test_first_server_is_relative(contract):
    urls = [server["url"] for server in contract["servers"]]
    assert urls[0] == "/"
    assert "http://localhost:9000" in urls


def test_every_media_type_is_a_concrete_type_or_a_valid_range(contract, oas):
    found = set()
    for op in oas.operations(contract).values():
        bodies = [op.get("requestBody", {})] + list(op["responses"].values())
        for body in bodies:
            found |= set(oas.resolve(contract, body).get("content", {}))
    assert {"application/json", "application/zip", "application/octet-stream"} <= found
    assert [mt for mt in found if not re.fullmatch(r"[\w.+-]+/[\w.+-]+|[\w.+-]+/\*|\*/\*", mt)] == []
