"""`jatos-api-3.9.yaml` states the same facts as the JATOS 3.9.8 spec as published, except for the listed
completions and corrections.

The published file's one invalid `type: String` (newDirName of the import answer; two validator errors) is corrected
here, in the test, before comparing. Both documents are then reduced to facts as the 3.10 comparison does (conftest:
prose, examples, operationIds and links left out) and compared: operations, per operation its tags, security,
parameters, request body and responses. Every difference must be listed in INTENTIONAL_DIFFERENCES, and every
listed difference is checked to exist as stated, so an entry that goes stale fails too. Component schemas are ours
alone (the published file has none): they are reached through the refined answers listed below.

Where real JATOS 3.9.8 contradicts the published spec, that is a registered deviation (deviations.yaml, J<n>), not a
difference here; the differences here complete or correct the document (its own defects are J19, its missing
parameters J18).

The published spec is read from ../shared/specs/jatos-api-3.9.yaml next to the repository, or from the file named
by JATOS_MOCK_UPSTREAM_SPEC_3_9; the tests skip when it is absent.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV30SpecValidator

from tests.jatos.contract_file.conftest import ABSENT, check_difference_registry, copied_prose, published_spec

CONTRACT_PATH = Path(__file__).resolve().parents[3] / "jatos-api-3.9.yaml"
CONTRACT_3_10 = Path(__file__).resolve().parents[3] / "jatos-api.yaml"
UPSTREAM_PATH, pytestmark = published_spec("JATOS_MOCK_UPSTREAM_SPEC_3_9", "3.9")

# the study code types of the published description, in any letter case (Java's toLowerCase: the Kelvin sign is k)
WORKER_TYPE = ("^([PpGg][SsMm]|[Mm][Tt]|[Pp][Ee][Rr][Ss][Oo][Nn][Aa][Ll]([Ss][Ii][Nn][Gg][Ll][Ee]|[Mm][Uu][Ll][Tt]"
               "[Ii][Pp][Ll][Ee])|[Gg][Ee][Nn][Ee][Rr][Aa][Ll]([Ss][Ii][Nn][Gg][Ll][Ee]|[Mm][Uu][Ll][Tt][Ii][Pp][Ll]"
               "[Ee])|[Mm][Tt][Uu][Rr][Kk\\u212a])$")
V1 = "/jatos/api/v1"
RESULT_EXPORTS = [f"POST {V1}/results{tail}" for tail in ("", "/metadata", "/data", "/files")]
SELECTOR_OPERATIONS = [*RESULT_EXPORTS, f"PUT {V1}/results/delete"]
SELECTORS = ["query:batchId", "query:componentId", "query:componentResultId", "query:componentUuid", "query:groupId",
             "query:studyId", "query:studyResultId", "query:studyUuid"]

# the error statuses each operation lists; the published file lists 200 and 401 only
WITHOUT_LOOKUP = [f"GET {V1}/admin/status", f"GET {V1}/admin/token", f"POST {V1}/studies/create",
                  f"GET {V1}/studies/properties", *SELECTOR_OPERATIONS]
WITH_LOOKUP = [f"GET {V1}/admin/logs/{{filename}}", f"GET {V1}/studies/{{id}}", f"DELETE {V1}/studies/{{id}}",
               f"POST {V1}/studies/{{id}}/components/create", f"DELETE {V1}/studies/{{id}}/components/{{cid}}",
               f"GET {V1}/studies/{{id}}/properties", f"GET {V1}/studies/{{id}}/assets/structure",
               f"GET {V1}/studies/{{id}}/assets/{{filepath}}", f"DELETE {V1}/studies/{{id}}/assets/{{filepath}}",
               f"GET {V1}/studies/{{id}}/log", f"GET {V1}/studies/{{id}}/studyCodes",
               f"GET {V1}/results/files/{{filename}}"]
UPLOADS = {f"POST {V1}/study": ["200", "400", "401", "403", "413", "500"],
           f"POST {V1}/studies/{{id}}/assets/{{filepath}}": ["200", "400", "401", "403", "404", "413", "500"]}
# 404s and a 400 JATOS may answer without a body: documented without content (the body is not checked)
BODILESS = [(f"GET {V1}/admin/logs/{{filename}}", "404"), (f"GET {V1}/studies/{{id}}/log", "404"),
            (f"DELETE {V1}/studies/{{id}}/assets/{{filepath}}", "400")]
ALL_OPERATIONS = WITHOUT_LOOKUP + WITH_LOOKUP + list(UPLOADS)
TEXT = {"content": {"text/plain": {"schema": {"$ref": "#/components/schemas/ErrorText"}}}}
SERVER_ERROR = {"content": {"text/plain": {"schema": {"$ref": "#/components/schemas/ErrorText"}},
                            "text/html": {"schema": {"$ref": "#/components/schemas/ErrorText"}}}}


def _error_responses(status: str, operations: list[str]) -> list[tuple]:
    return [("operation", key, "response", status) for key in operations if (key, status) not in BODILESS]


def _wrapped(schema: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


STUDY = {"id": 1, "uuid": "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11", "title": "Reaction Time Demo", "locked": False,
         "active": True, "groupStudy": False, "linearStudy": False, "allowPreview": False,
         "dirName": "reaction_time_demo", "comments": None, "jsonData": '{"a":1}', "endRedirectUrl": None,
         "studyEntryMsg": None, "componentList": None, "batchList": None, "descriptionHash": None,
         "components": [{"id": 1, "uuid": "c1"}], "batches": [{"id": 1, "uuid": "b1"}],
         "members": [{"username": "admin"}]}
STUDY_3_10 = {**{k: v for k, v in STUDY.items() if k not in ("jsonData", "componentList", "batchList")},
              "studyInput": {"a": 1}, "members": [{"id": 1, "username": "admin"}]}

# The one place that lists how our 3.9 contract differs from the published 3.9 spec on purpose (as the 3.10 test).
INTENTIONAL_DIFFERENCES = [
    {
        "id": "openapi-3.0.3",
        "where": [("document", "openapi")],
        "upstream": "3.0.4",
        "ours": "3.0.3",
        "why": "The OpenAPI version our 3.10 contract and the validators the mock uses are written for; the document "
               "uses nothing of 3.0.4.",
    },
    {
        "id": "info-version-is-the-api-version",
        "where": [("document", "info.version")],
        "upstream": "1.0.3",
        "ours": "1.0.1",
        "why": "JATOS 3.9 reports apiVersion 1.0.1 (Common.jatosApiVersion); the published file says 1.0.3 (J19).",
    },
    {
        "id": "relative-first-server",
        "where": [("document", "servers")],
        "upstream": ["http://localhost:9000", "https://cortex.jatos.org"],
        "ours": ["/", "http://localhost:9000"],
        "why": "A relative first server, so the document works wherever it is served (as our 3.10 contract); no "
               "third party's server.",
    },
    {
        "id": "tags-declared",
        "where": [("document", "tags")],
        "upstream": [],
        "ours": ["admin", "results", "study"],
        "why": "The tags the operations use, declared with a description each.",
    },
    {
        "id": "error-responses-declared",
        "where": [("document", "components.responses")],
        "upstream": [],
        "ours": ["BadRequest", "Forbidden", "NotFound", "ServerError", "TooLarge", "Unauthorized"],
        "why": "The shared plain-text error answers of errors-listed.",
    },
    {
        "id": "own-schemas",
        "where": [("document", "components.schemas")],
        "upstream": [],
        "ours": ["AdminStatus", "AdminStatusLatestStudyRun", "AdminStatusLatestUser", "ApiToken", "ApiVersion",
                 "Batch", "Component", "ComponentResultMetadata", "ErrorText", "JsonText", "ResultFileMetadata",
                 "ResultMetadataDocument", "Study", "StudyResultMetadata", "WrappedAdminStatus", "WrappedApiToken",
                 "WrappedStudy", "WrappedStudyCodes", "WrappedStudyList"],
        "why": "The schemas of the answers answers-described refines.",
    },
    {
        "id": "shared-query-parameters",
        "where": [("document", "components.parameters")],
        "upstream": ["BatchIdParameter", "ComponentIdOrUuidParameter", "ComponentIdParameter",
                     "ComponentResultIdParameter", "ComponentUuidParameter", "GroupIdParameter",
                     "StudyIdOrUuidParameter", "StudyIdParameter", "StudyResultIdParameter", "StudyUuidParameter"],
        "ours": ["BatchIdParameter", "ComponentIdOrUuidParameter", "ComponentIdParameter",
                 "ComponentResultIdParameter", "ComponentUuidParameter", "GroupIdParameter", "IsApiCallParameter",
                 "StudyIdOrUuidParameter", "StudyIdParameter", "StudyResultIdParameter", "StudyUuidParameter",
                 "WithBatchPropertiesParameter", "WithComponentPropertiesParameter"],
        "why": "The two study-property flags written once for both operations (their facts are unchanged), and "
               "isApiCall of parameters-named.",
    },
    *[{
        "id": f"errors-listed-{name}",
        "where": [("operation", key, "responses") for key in operations],
        "upstream": ["200", "401"],
        "ours": statuses,
        "why": "The published file lists 401 only, so no other error could be answered within it. JATOS 3.9 answers "
               "400 (Play's binding or body parser, or JATOS's check), 403 (API use off, no access, a locked study), "
               "404 where something is looked up, 413 for a too large upload, 500 (an IO error's message or the "
               "generic text), each as plain text (ErrorHandler of 3.9.8).",
    } for name, operations, statuses in (
        ("no-lookup", WITHOUT_LOOKUP, ["200", "400", "401", "403", "500"]),
        ("lookup", WITH_LOOKUP, ["200", "400", "401", "403", "404", "500"]),
        ("import", [f"POST {V1}/study"], UPLOADS[f"POST {V1}/study"]),
        ("upload", [f"POST {V1}/studies/{{id}}/assets/{{filepath}}"],
         UPLOADS[f"POST {V1}/studies/{{id}}/assets/{{filepath}}"]),
    )],
    {
        "id": "errors-are-plain-text",
        "where": (_error_responses("400", ALL_OPERATIONS) + _error_responses("403", ALL_OPERATIONS)
                  + _error_responses("404", WITH_LOOKUP + [f"POST {V1}/studies/{{id}}/assets/{{filepath}}"])
                  + _error_responses("413", list(UPLOADS))),
        "upstream": ABSENT,
        "ours": TEXT,
        "why": "As errors-listed: JATOS's message as text/plain, no wrapper, no error code.",
    },
    {
        "id": "server-errors-are-text-or-a-page",
        "where": _error_responses("500", ALL_OPERATIONS),
        "upstream": ABSENT,
        "ours": SERVER_ERROR,
        "why": "As errors-listed; an unexpected error is an HTML page for a client whose Accept mentions html.",
    },
    {
        "id": "errors-without-a-body",
        "where": [("operation", key, "response", status) for key, status in BODILESS],
        "upstream": ABSENT,
        "ours": {},
        "why": "Api.logs and Api.studyLog answer a missing file with notFound() and Api.deleteStudyAssetsFile a "
               "folder with badRequest(), without a body; the same status may carry a message otherwise, so no "
               "content is declared (the body is not checked).",
    },
    {
        "id": "answers-described-token",
        "where": [("operation", f"GET {V1}/admin/token", "response", "200")],
        "upstream": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "ours": _wrapped("WrappedApiToken"),
        "why": "The published file says only 'an object'; 3.9's answer is the {apiVersion, data} wrapper around the "
               "token's metadata (expires, isAdminToken), data null under a session cookie.",
    },
    {
        "id": "answers-described-status",
        "where": [("operation", f"GET {V1}/admin/status", "response", "200")],
        "upstream": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "ours": _wrapped("WrappedAdminStatus"),
        "why": "As answers-described-token: the wrapper around the status counts, latest users and study runs.",
    },
    {
        "id": "answers-described-study",
        "where": [("operation", f"GET {V1}/studies/{{id}}/properties", "response", "200")],
        "upstream": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "ours": _wrapped("WrappedStudy"),
        "proof": {"schema": "WrappedStudy", "valid": {"apiVersion": "1.0.1", "data": STUDY},
                  "invalid": {"apiVersion": "1.1.0", "data": STUDY_3_10}},
        "why": "As answers-described-token: the wrapper around 3.9's study object (jsonData as text, the lazy "
               "componentList and batchList, descriptionHash, members by username); a 3.10 study does not fit.",
    },
    {
        "id": "answers-described-studies",
        "where": [("operation", f"GET {V1}/studies/properties", "response", "200")],
        "upstream": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "ours": _wrapped("WrappedStudyList"),
        "why": "As answers-described-study, a list of studies.",
    },
    {
        "id": "answers-described-study-codes",
        "where": [("operation", f"GET {V1}/studies/{{id}}/studyCodes", "response", "200")],
        "upstream": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "ours": _wrapped("WrappedStudyCodes"),
        "proof": {"schema": "WrappedStudyCodes", "valid": {"apiVersion": "1.0.1", "data": ["AbCdEfGhIjK"]},
                  "invalid": {"apiVersion": "1.0.1", "data": [{"code": "AbCdEfGhIjK"}]}},
        "why": "As answers-described-token: the wrapper around the list of codes.",
    },
    {
        "id": "answers-described-metadata",
        "where": [("operation", f"POST {V1}/results/metadata", "response", "200")],
        "upstream": {"content": {"application/json": {"schema": {"type": "string", "format": "binary"}}}},
        "ours": _wrapped("ResultMetadataDocument"),
        "proof": {"schema": "ResultMetadataDocument", "valid": {"apiVersion": "1.0.1", "data": []},
                  "invalid": {"apiVersion": "1.0.1"}},
        "why": "A JSON answer typed as a binary string fits no JSON document JATOS sends (J19): the metadata "
               "document per study, without apiVersion when isApiCall=false.",
    },
    {
        "id": "single-file-media-range",
        "where": [("operation", f"GET {V1}/results/files/{{filename}}", "response", "200")],
        "upstream": {"content": {"*": {"schema": {"type": "string", "format": "binary"}}}},
        "ours": {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
        "why": "`*` is no media range (J19); the file has its own Content-Type, so any: */* (as our 3.10 contract).",
    },
    {
        "id": "parameters-named-log",
        "where": [("operation", f"GET {V1}/studies/{{id}}/log", "parameters")],
        "upstream": ["path:id"],
        "ours": ["path:id", "query:download", "query:entryLimit"],
        "why": "gui.routes of 3.9.8 binds entryLimit (Integer, -1) and download (Boolean, true) (J18).",
    },
    {
        "id": "parameters-named-log-download",
        "where": [("operation", f"GET {V1}/studies/{{id}}/log", "parameter", "query:download")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "boolean", "default": True}},
        "why": "As parameters-named-log.",
    },
    {
        "id": "parameters-named-log-entryLimit",
        "where": [("operation", f"GET {V1}/studies/{{id}}/log", "parameter", "query:entryLimit")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "integer", "format": "int32", "default": -1}},
        "why": "As parameters-named-log (a Java Integer).",
    },
    {
        "id": "parameters-named-isApiCall",
        "where": [("operation", key, "parameters") for key in RESULT_EXPORTS[:2]],
        "upstream": SELECTORS,
        "ours": sorted([*SELECTORS, "query:isApiCall"]),
        "why": "ResultStreamer reads isApiCall (Boolean, true): false leaves apiVersion out of the metadata (J18).",
    },
    {
        "id": "parameters-named-isApiCall-schema",
        "where": [("operation", key, "parameter", "query:isApiCall") for key in RESULT_EXPORTS[:2]],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "boolean", "default": True}},
        "why": "As parameters-named-isApiCall.",
    },
    {
        "id": "parameters-named-asPlainText",
        "where": [("operation", f"POST {V1}/results/data", "parameters")],
        "upstream": SELECTORS,
        "ours": sorted([*SELECTORS, "query:asPlainText"]),
        "why": "gui.routes of 3.9.8 binds asPlainText (Boolean, false), which chooses between the two media types "
               "the published answer lists (J18).",
    },
    {
        "id": "parameters-named-asPlainText-schema",
        "where": [("operation", f"POST {V1}/results/data", "parameter", "query:asPlainText")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "boolean", "default": False}},
        "why": "As parameters-named-asPlainText.",
    },
]
INTENTIONAL_DIFFERENCES += [
    {
        "id": "study-code-types-spelled",
        "where": [("operation", f"GET {V1}/studies/{{id}}/studyCodes", "parameter", "query:type")],
        "upstream": {"required": True, "schema": {"type": "string"}},
        "ours": {"required": True, "schema": {"type": "string", "pattern": WORKER_TYPE}},
        "why": "The published description names the five types and their short forms; the pattern states them (in "
               "any letter case, as StudyLinkService takes them), so a generated request does not send a text "
               "the document excludes (JATOS: 400 Unknown worker type).",
    },
    {
        "id": "study-code-comment-may-be-empty",
        "where": [("operation", f"GET {V1}/studies/{{id}}/studyCodes", "parameter", "query:comment")],
        "upstream": {"required": False, "schema": {"type": "string"}},
        "ours": {"required": False, "allowEmptyValue": True, "schema": {"type": "string"}},
        "why": "The published description says the comment 'can be left empty'; `comment=` is that empty comment "
               "(routes: comment: String).",
    },
    *[{
        "id": f"study-code-{name}-bounded",
        "where": [("operation", f"GET {V1}/studies/{{id}}/studyCodes", "parameter", f"query:{name}")],
        "upstream": {"required": False, "schema": {"type": "integer", **low}},
        "ours": {"required": False, "schema": {"type": "integer", **low, **bounds}},
        "why": f"The number's Java type (routes: {name}: {java}): Play cannot bind a larger number and answers "
               "400 bad request, so the document's integer is this one.",
    } for name, java, low, bounds in (
        ("amount", "Integer", {}, {"minimum": -2**31, "maximum": 2**31 - 1}),
        ("batchId", "Long", {"minimum": 1}, {"maximum": 2**63 - 1}),
    )],
    {
        "id": "uuid-selectors-may-be-empty",
        "where": [("operation", key, "parameter", f"query:{name}") for key in SELECTOR_OPERATIONS
                  for name in ("componentUuid", "studyUuid")],
        "upstream": {"required": False, "schema": {"type": "string"}},
        "ours": {"required": False, "allowEmptyValue": True, "schema": {"type": "string"}},
        "why": "A text selector: Play binds `studyUuid=` as the UUID \"\", which selects nothing (no error); the "
               "document's string type admits the empty text.",
    },
]


def _rules_3_10() -> dict:
    """The text rules of our 3.10 contract's study properties (StudyProperties.validate is the same in 3.9.8)."""
    schema = yaml.safe_load(CONTRACT_3_10.read_text(encoding="utf-8"))["components"]["schemas"]
    fields = schema["StudyPropertiesUpdate"]["properties"]
    return {"title": {key: fields["title"][key] for key in ("minLength", "maxLength", "pattern")},
            "noHtml": {"pattern": fields["description"]["pattern"]},
            "jsonText": {"format": "json-text"}}  # jatos-mock's format: blank or a JSON document as text


def _created_study_body(rules: dict | None) -> dict:
    text = {"type": "string"}
    no_html = {**text, **rules["noHtml"]} if rules else text
    properties = {"title": {**text, **rules["title"]} if rules else text, "description": no_html,
                  "comments": no_html, "jsonData": {**text, **rules["jsonText"]} if rules else text,
                  "endRedirectUrl": no_html, "groupStudy": {"type": "boolean"}, "linearStudy": {"type": "boolean"},
                  "allowPreview": {"type": "boolean"}}
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "properties": properties, "required": ["title"]}}}}


def _file_part_body(name: str, required: bool, archive: bool = False) -> dict:
    media = {"schema": {"type": "object", "properties": {name: {"type": "string", "format": "binary"}},
                        **({"required": [name]} if required else {})}}
    if archive:
        media["encoding"] = {name: {"contentType": "application/zip"}}
    return {"content": {"multipart/form-data": media}}


INTENTIONAL_DIFFERENCES += [
    {
        "id": "created-study-validated",
        "where": [("operation", f"POST {V1}/studies/create", "requestBody")],
        "upstream": _created_study_body(None),
        "ours": _created_study_body(_rules_3_10()),
        "why": "StudyProperties.validate refuses a blank or too long title, HTML in the texts and a jsonData that is "
               "no JSON text (400 with its message); the patterns of our 3.10 contract and the json-text format "
               "state these rules, so a generated request does not send what JATOS refuses as invalid properties.",
    },
    {
        "id": "import-takes-a-study-archive",
        "where": [("operation", f"POST {V1}/study", "requestBody")],
        "upstream": _file_part_body("study", required=False),
        "ours": _file_part_body("study", required=True, archive=True),
        "why": "The published description: a study 'in the JATOS study archive file format'; without the part JATOS "
               "answers 400 File missing, and with a file that is no ZIP 400 Unpacking ZIP archive failed.",
    },
    {
        "id": "upload-takes-a-file",
        "where": [("operation", f"POST {V1}/studies/{{id}}/assets/{{filepath}}", "requestBody")],
        "upstream": _file_part_body("studyAssetsFile", required=False),
        "ours": _file_part_body("studyAssetsFile", required=True),
        "why": "The operation uploads that file; without the part JATOS answers 400 File missing.",
    },
]
LISTED = {key: entry for entry in INTENTIONAL_DIFFERENCES for key in entry["where"]}
AREAS = ["document", "operation"]


def corrected(upstream: dict) -> dict:
    """The published spec with its invalid `type: String` entries made `string` (the shared file stays as it is)."""
    fixed = copy.deepcopy(upstream)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "String":
                node["type"] = "string"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(fixed)
    return fixed


@pytest.fixture(scope="module")
def published(oas) -> dict:
    return oas.load_yaml(UPSTREAM_PATH)


@pytest.fixture(scope="module")
def upstream(published) -> dict:
    return corrected(published)


@pytest.fixture(scope="module")
def contract39(oas) -> dict:
    return oas.load_yaml(CONTRACT_PATH)


def unlisted(diffs: dict) -> str:
    return "\n".join(f"{key}:\n  upstream: {up!r}\n  ours:     {our!r}"
                     for key, (up, our) in sorted(diffs.items(), key=str) if key not in LISTED)


def misstated(area: str, upstream_facts: dict, our_facts: dict) -> list[str]:
    """The ids of listed differences of `area` whose facts are not as INTENTIONAL_DIFFERENCES states them."""
    return [entry["id"] for entry in INTENTIONAL_DIFFERENCES for key in entry["where"] if key[0] == area
            and (upstream_facts.get(key, ABSENT), our_facts.get(key, ABSENT)) != (entry["upstream"], entry["ours"])]


def test_the_published_spec_is_invalid_only_by_its_string_type_and_the_correction_fixes_it(published, upstream):
    errors = [str(error) for error in OpenAPIV30SpecValidator(published).iter_errors()]
    assert len(errors) == 2 and "'String' is not valid" in errors[1]  # both errors are the one `type: String`
    assert list(OpenAPIV30SpecValidator(upstream).iter_errors()) == []
    validate(upstream)
    newdir = upstream["paths"][f"{V1}/study"]["post"]["responses"]["200"]["content"]["application/json"]
    assert newdir["schema"]["properties"]["newDirName"]["type"] == "string"


def test_same_operations_as_upstream(contract39, upstream, oas):
    assert sorted(oas.operations(contract39)) == sorted(oas.operations(upstream))
    assert len(oas.operations(contract39)) == 23


@pytest.mark.parametrize("area", AREAS)
def test_facts_match_upstream_except_the_listed_differences(contract39, upstream, oas, area):
    diffs = oas.differences(oas.facts[area](upstream), oas.facts[area](contract39))
    assert unlisted(diffs) == "", "differences from the published 3.9 spec that INTENTIONAL_DIFFERENCES does not list"


def test_the_published_spec_has_no_schemas_of_its_own(upstream, oas):
    """So there are no schema facts to compare; ours are reached through the answers listed as described."""
    assert oas.facts["schema"](upstream) == {}


@pytest.mark.parametrize("entry", INTENTIONAL_DIFFERENCES, ids=lambda entry: entry["id"])
def test_listed_difference_exists_as_stated(contract39, upstream, oas, entry):
    area = entry["where"][0][0]
    upstream_facts, our_facts = oas.facts[area](upstream), oas.facts[area](contract39)
    for key in entry["where"]:
        assert upstream_facts.get(key, ABSENT) == entry["upstream"], f"upstream {key}"
        assert our_facts.get(key, ABSENT) == entry["ours"], f"ours {key}"
    assert entry["upstream"] != entry["ours"]
    proof = entry.get("proof")
    if proof:
        assert oas.schema_errors(contract39, proof["schema"], proof["valid"]) == []
        assert oas.schema_errors(contract39, proof["schema"], proof["invalid"]) != []


def test_difference_registry_is_well_formed():
    check_difference_registry(INTENTIONAL_DIFFERENCES)


@pytest.mark.parametrize("change, area", [
    (lambda d: d["paths"][f"{V1}/admin/token"]["get"]["responses"].pop("403"), "operation"),
    (lambda d: d["paths"][f"{V1}/study"]["post"]["parameters"][0]["schema"].update(default=True), "operation"),
    (lambda d: d["paths"][f"{V1}/studies/{{id}}/studyCodes"]["get"]["parameters"][1].update(required=False),
     "operation"),
    (lambda d: d["paths"][f"{V1}/studies/{{id}}"]["get"]["responses"]["200"]["content"].update(
        {"application/json": {"schema": {"type": "object"}}}), "operation"),
    (lambda d: d["paths"][f"{V1}/results/delete"].update(post=d["paths"][f"{V1}/results/delete"]["put"]),
     "document"),
    (lambda d: d["paths"].pop(f"{V1}/studies/create"), "document"),
], ids=["status-code-dropped", "default-changed", "parameter-made-optional", "media-type-added", "method-added",
        "path-dropped"])
def test_the_comparison_notices_a_change(contract39, upstream, oas, change, area):
    changed = copy.deepcopy(contract39)
    change(changed)
    upstream_facts, changed_facts = oas.facts[area](upstream), oas.facts[area](changed)
    assert unlisted(oas.differences(upstream_facts, changed_facts)) != "" or misstated(area, upstream_facts,
                                                                                     changed_facts)


def test_no_prose_is_copied_from_the_published_spec(contract39, upstream):
    """Facts are shared; descriptions and summaries are our own words."""
    assert copied_prose(UPSTREAM_PATH, CONTRACT_PATH, upstream, contract39, 30) == []
