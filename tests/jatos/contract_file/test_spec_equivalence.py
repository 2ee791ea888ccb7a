"""`jatos-api.yaml` states the same facts as the JATOS 3.10 spec as published, except for the listed corrections.

Both documents are reduced to facts (prose, examples and our additions - operationIds, links - left out) and
compared: the operations, per operation its tags, deprecation, security, parameters (in/name/required/schema),
request body and responses (status codes, media types, schemas, headers), and per component schema its form,
type, properties (each with its schema, `allOf` merged in), required list and additionalProperties.

Every difference must be listed in INTENTIONAL_DIFFERENCES, and every listed difference is checked to exist as
stated (ours and upstream), so an entry that goes stale fails too.

The published spec is read from ../shared/specs/jatos-api-3.10.yaml next to the repository, or from the file named
by JATOS_MOCK_UPSTREAM_SPEC; the tests skip when it is absent.
"""

from __future__ import annotations

import copy
from html.entities import html5

import pytest

from tests.jatos.contract_file.conftest import (
    ABSENT,
    CONTRACT_PATH,
    check_difference_registry,
    copied_prose,
    published_spec,
)

UPSTREAM_PATH, pytestmark = published_spec("JATOS_MOCK_UPSTREAM_SPEC", "3.10")

AREAS = ["document", "operation", "schema"]
PUBLIX_OPERATIONS = [f"{method} /publix/api/v1/studyResults/{{studyResultUuid}}/openai{tail}"
                     for tail in ("", "/{path}") for method in ("GET", "POST", "DELETE")]
ALLOF_FORM = ["additionalProperties", "allOf"]
PLAIN_OBJECT_FORM = ["additionalProperties", "properties", "required", "type"]
STRING_OR_OBJECT_UPSTREAM = {"nullable": True,
                             "oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": True}]}
STRING_OR_OBJECT_OURS = {"oneOf": [{"type": "string", "nullable": True},
                                   {"type": "object", "additionalProperties": True}]}
# a JSON text as far as a pattern can tell: blanks, scalars, flat arrays and objects of scalars (a subset)
_WS = r"[ \t\n\r]*"
_STRING = r'"([^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
_SCALAR = r"(true|false|null|-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|" + _STRING + ")"
_MEMBER = _STRING + _WS + ":" + _WS + _SCALAR
JSON_TEXT = ("^" + _WS + "(" + _SCALAR + r"|\[" + _WS + "(" + _SCALAR + "(" + _WS + "," + _WS + _SCALAR + ")*)?" + _WS
             + r"\]|\{" + _WS + "(" + _MEMBER + "(" + _WS + "," + _WS + _MEMBER + ")*)?" + _WS + r"\})?" + _WS + "$")
JSON_TEXT_OURS = {"oneOf": [{**STRING_OR_OBJECT_OURS["oneOf"][0], "pattern": JSON_TEXT},
                            STRING_OR_OBJECT_OURS["oneOf"][1]]}
BINARY = {"schema": {"type": "string", "format": "binary"}}
# a study-code type: the aliases of WorkerService, any case (K also as the Kelvin sign, which Java lower-cases to k)
STUDY_CODE_TYPE_PATTERN = (
    "^([PpGg][SsMm]|[Mm][Tt]|[Pp][Ee][Rr][Ss][Oo][Nn][Aa][Ll]([Ss][Ii][Nn][Gg][Ll][Ee]|[Mm][Uu][Ll][T"
    "t][Ii][Pp][Ll][Ee])|[Gg][Ee][Nn][Ee][Rr][Aa][Ll]([Ss][Ii][Nn][Gg][Ll][Ee]|[Mm][Uu][Ll][Tt][Ii][P"
    "p][Ll][Ee])|[Mm][Tt][Uu][Rr][Kk\\u212a])$"
)
# "No HTML allowed" (Jsoup.isValid with an empty safelist) as far as a pattern can state it, never more permissive:
# no '<' and no NUL, and each '&' followed by amp/lt/gt/quot/apos and ';', by a numeric reference to a Unicode scalar
# other than 0 and 0x80-0x9F, or by an ASCII name that is not followed by ';' and is no legacy entity (jsoup's base
# table: the names html.entities has without ';')
_LEGACY = sorted(name for name in html5 if not name.endswith(";"))
_DECIMAL = ("#0*(?!(?:12[89]|1[3-5][0-9]|5529[6-9]|55[3-9][0-9]{2}|56[0-9]{3}|57[0-2][0-9]{2}|573[0-3][0-9]"
            "|5734[0-3]);)(?:[1-9][0-9]{0,5}|10[0-9]{5}|110[0-9]{4}|111[0-3][0-9]{3}|11140[0-9]{2}|11141(?:0[0-9]|1[01]));")
_HEXADECIMAL = ("#[xX]0*(?!(?:[89][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2});)"
                "(?:[1-9a-fA-F][0-9a-fA-F]{0,4}|10[0-9a-fA-F]{4});")
_LEGACY_NAME = ("(?:" + "|".join(n for n in _LEGACY if not n[-1].isdigit()) + ")(?![A-Za-z0-9])|(?:"
                + "|".join(n for n in _LEGACY if n[-1].isdigit()) + ")(?![0-9])")  # as the name jsoup reads
_NAME = ("(?!" + _LEGACY_NAME + ")"
         "(?:[A-Za-z]*[0-9]+[#A-Za-z]|[A-Za-z]+#|[A-Za-z]*[0-9]*"
         r"(?:[\x01-\x22\x24\x25\x27-\x2f\x3a\x3d-\x40\x5b-\x60\x7b-\x7f]|(?=&)|$))")
NO_HTML = r"^(?:[^\x00<&]|&(?:(?:amp|lt|gt|quot|apos);|" + _DECIMAL + "|" + _HEXADECIMAL + "|" + _NAME + "))*$"


def no_html_and(lookahead: str) -> str:
    """NO_HTML behind a lookahead for a field's other rule (a field has one pattern)."""
    return "^(?=" + lookahead + ")" + NO_HTML[1:]


# an asset path IOUtils.getFileInStudyAssetsDir takes (download and delete), and an upload target
ASSET_PATH = r'^(?!/? *$)(?!//)(?!/?(?:\.?/)*\.\.(?:/|$))[^\x00-\x1F\x7F\\<>:"|?*]+$'
UPLOAD_PATH = r'^(?! *//)(?! */?(?:\.?/)*\.\.(?:/| *$))[^\x00-\x1F\x7F\\<>:"|?*]+$'
TITLE_NOT_BLANK = "[^\\t-\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
TITLE = no_html_and("[\\s\\S]*" + TITLE_NOT_BLANK)
HTML_FILE_PATH = ("^([\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*"
                  "|[\\w-][\\w/-]*\\.[\\w-]+)$")
METADATA_DATA = {
    "properties": {"size": {"type": "integer", "format": "int64"}, "sizeHumanReadable": {"type": "string"},
                   "filename": {"type": "string"}},
    "required": ["size", "sizeHumanReadable"],
    "additionalProperties": False,
}
STUDY = {"id": 5, "uuid": "5c8e7b40-1d3a-4a0f-9a51-93e2f1d6c0aa", "title": "Potato Compass", "locked": False,
         "active": True, "groupStudy": False, "linearStudy": False, "allowPreview": False, "dirName": "potato_compass",
         "members": [{"id": 1, "username": "admin"}], "components": [{"id": 7, "uuid": "c7"}],
         "batches": [{"id": 5, "uuid": "b5"}]}
COMPONENT_RESULT = {"id": 3, "componentId": 7, "componentUuid": "c7", "componentState": "FINISHED",
                    "isQuotaReached": False}

COMPONENT_FIELDS = ["active", "comments", "componentInput", "htmlFilePath", "htmlFileRename", "reloadable", "title"]
COMPONENT_READ_ONLY = ["date", "id", "studyId", "uuid"]  # ComponentProperties ignores them
COMPONENT_WRITE_ONLY = ["htmlFileExists"]  # bound as a boolean, then ignored

# The one place that lists how our contract differs from the published spec on purpose.
# where: fact keys (see the fact functions below); upstream/ours: the value of each of those facts in either file;
# proof (optional): an instance whose validity flips between the two files because of the difference.
INTENTIONAL_DIFFERENCES = [
    {
        "id": "A-study-envelope-satisfiable",
        "where": [("schema", "ApiEnvelopeStudy", "form")],
        "upstream": ALLOF_FORM,
        "ours": PLAIN_OBJECT_FORM,
        "proof": {"schema": "ApiEnvelopeStudy", "instance": {"apiVersion": "1.1.0", "data": STUDY},
                  "upstream_valid": False, "ours_valid": True},
        "why": "allOf + a sibling additionalProperties:false (without sibling properties) rejects every envelope. "
               "Restated as a plain object with the same properties, required list and additionalProperties:false.",
    },
    {
        "id": "B-component-create-satisfiable",
        "where": [("schema", "ComponentCreate", "form")],
        "upstream": ALLOF_FORM,
        "ours": PLAIN_OBJECT_FORM,
        "proof": {"schema": "ComponentCreate", "instance": {"title": "x"}, "upstream_valid": False,
                  "ours_valid": True},
        "why": "Same defect as A: no request body could ever be valid. Restated as a plain object with "
               "ComponentUpsert's properties, required [title] and additionalProperties:false.",
    },
    {
        "id": "B-component-update-plain-object",
        "where": [("schema", "ComponentUpdate", "form")],
        "upstream": ["allOf"],
        "ours": ["additionalProperties", "properties", "type"],
        "proof": {"schema": "ComponentUpdate", "instance": {"title": "ok", "x": 1}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "Restated as a plain object like ComponentCreate (B), closed as JATOS's strict mapper is: an unknown "
               "key gives 400 \"Error in field '<key>'\".",
    },
    {
        "id": "B-component-update-closed",
        "where": [("schema", "ComponentUpdate", "additionalProperties")],
        "upstream": ABSENT,
        "ours": False,
        "why": "As B-component-update-plain-object.",
    },
    {
        "id": "B-component-update-read-only-fields",
        "where": [("schema", "ComponentUpdate", "properties")],
        "upstream": COMPONENT_FIELDS,
        "ours": sorted([*COMPONENT_FIELDS, *COMPONENT_READ_ONLY, *COMPONENT_WRITE_ONLY]),
        "why": "A fetched component's read-only fields, which JATOS ignores on update whatever their value, are "
               "allowed, so a client that PATCHes back what it read is valid.",
    },
    {
        "id": "B-component-update-read-only-any",
        "where": [("schema", "ComponentUpdate", "property", name) for name in COMPONENT_READ_ONLY],
        "upstream": ABSENT,
        "ours": {},
        "why": "As B-component-update-read-only-fields: any value, as JATOS ignores it.",
    },
    {
        "id": "B-component-update-htmlFileExists",
        "where": [("schema", "ComponentUpdate", "property", "htmlFileExists")],
        "upstream": ABSENT,
        "ours": {"type": "boolean"},
        "proof": {"schema": "ComponentUpdate", "instance": {"htmlFileExists": "yes"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "JATOS binds htmlFileExists as a boolean (a string is 'Error in field', as the mock answers) and "
               "then ignores it; so a fetched component PATCHed back is valid, a wrong type is not.",
    },
    {
        "id": "C-studyInput-nullable",
        "where": [("schema", name, "property", "studyInput") for name in ("StudyPropertiesUpdate", "StudyCreate")],
        "upstream": STRING_OR_OBJECT_UPSTREAM,
        "ours": JSON_TEXT_OURS,
        "proof": {"schema": "StudyCreate", "instance": {"title": "x", "studyInput": None}, "upstream_valid": False,
                  "ours_valid": True},
        "why": "OAS 3.0.3 ignores nullable without a sibling type, so null was rejected although meant to be valid; "
               "nullable moved into the string branch. That branch also carries StudyProperties.validate's rule "
               "(blank or a JSON text, else 400 'Invalid JSON format') as far as a pattern can: blanks, JSON scalars "
               "and flat arrays and objects of scalars.",
    },
    {
        "id": "C-componentInput-nullable",
        "where": [("schema", name, "property", "componentInput")
                  for name in ("ComponentUpsert", "ComponentCreate", "ComponentUpdate")],
        "upstream": STRING_OR_OBJECT_UPSTREAM,
        "ours": JSON_TEXT_OURS,
        "proof": {"schema": "ComponentUpdate", "instance": {"componentInput": None}, "upstream_valid": False,
                  "ours_valid": True},
        "why": "As C-studyInput-nullable.",
    },
    {
        "id": "C-batchInput-nullable",
        "where": [("schema", name, "property", "batchInput") for name in ("UpdateBatch", "CreateBatch")],
        "upstream": STRING_OR_OBJECT_UPSTREAM,
        "ours": JSON_TEXT_OURS,
        "proof": {"schema": "UpdateBatch", "instance": {"batchInput": None}, "upstream_valid": False,
                  "ours_valid": True},
        "why": "As C-studyInput-nullable.",
    },
    {
        "id": "D-relative-server",
        "where": [("document", "servers")],
        "upstream": ["http://localhost:9000", "https://cortex.jatos.org"],
        "ours": ["/", "http://localhost:9000"],
        "why": "Absolute servers make validators reject requests to any other host or port (openapi-core: "
               "ServerNotFound). The public cortex.jatos.org instance is dropped so that no tool reading our "
               "contract is pointed at it.",
    },
    {
        "id": "E-publix-without-token",
        "where": [("operation", key, "security") for key in PUBLIX_OPERATIONS],
        "upstream": "inherited",
        "ours": [],
        "why": "The /publix OpenAI proxy is called by running studies and needs no JATOS API token (as its own text "
               "says), but inherited the global BearerAuth.",
    },
    {
        "id": "F-result-file-media-type",
        "where": [("operation", "GET /jatos/api/v1/results/files/{filename}", "response", "200")],
        "upstream": {"content": {"*": BINARY}},
        "ours": {"content": {"application/octet-stream": BINARY}},
        "why": "'*' is not a valid media range; any file is served, declared as application/octet-stream.",
    },
    {
        "id": "G-metadata-data-is-object",
        "where": [("schema", "ResultsMetadataComponentResultList", "property", "data")],
        "upstream": METADATA_DATA,
        "ours": {"type": "object", **METADATA_DATA},
        "proof": {"schema": "ResultsMetadataComponentResultList", "instance": {**COMPONENT_RESULT, "data": "1 KB"},
                  "upstream_valid": True, "ours_valid": False},
        "why": "Without type: object, any non-object value passed although the field is an object.",
    },
    {
        "id": "G-deprecated-study-codes-get-is-json",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "response", "200")],
        "upstream": {},
        "ours": {"content": {"application/json": {}}},
        "why": "JATOS answers this old route like the POST route, with JSON; the published response declared no "
               "content at all. Declared schema-less, so only the media type is checked.",
    },
    {
        "id": "G-415-is-json",
        "where": [("operation", "POST /jatos/api/v1/studies", "response", "415")],
        "upstream": {},
        "ours": {"content": {"application/json": {}}},
        "why": "JATOS answers a wrong Content-Type with its JSON error envelope; the published response declared "
               "no content. Declared schema-less, so only the media type is checked.",
    },
    {
        "id": "publix-tag-declared",
        "where": [("document", "tags")],
        "upstream": ["admin", "results", "study", "study-runs"],
        "ours": ["admin", "publix", "results", "study", "study-runs"],
        "why": "The publix operations use the tag publix, which the published spec never declares.",
    },
    {
        "id": "H-user-update-400-listed",
        "where": [("operation", "PATCH /jatos/api/v1/users/{id}", "responses")],
        "upstream": ["200", "401", "403", "404"],
        "ours": ["200", "400", "401", "403", "404"],
        "why": "Typed input without a documented 400: Api.updateUser answers 400 (INVALID_REQUEST, INVALID_JSON, "
               "VALIDATION_ERROR) for an empty, malformed or invalid body (A11).",
    },
    {
        "id": "H-user-update-400-response",
        "where": [("operation", "PATCH /jatos/api/v1/users/{id}", "response", "400")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelopeError"}}}},
        "why": "As H-user-update-400-listed: the shared BadRequestError response.",
    },
    {
        "id": "I-user-create-password-rule",
        "where": [("schema", "UserCreate", "other keywords")],
        "upstream": {},
        "ours": {"anyOf": [
            {"required": ["authMethod"], "properties": {"authMethod": {"enum": ["LDAP"]}}},
            {"required": ["password"], "properties": {"password": {
                "minLength": 7,
                "pattern": "[^\\t-\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
                           "\\ufeff]"}}},
        ]},
        "proof": {"schema": "UserCreate", "instance": {"username": "ab", "name": "A B"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "NewUserProperties.validate: a DB user (the default authMethod) needs a password that is not blank and "
               "has at least jatos.user.password.length (default 7) characters; JATOS answers 400 otherwise.",
    },
    {
        "id": "I-user-create-password-rule-form",
        "where": [("schema", "UserCreate", "form")],
        "upstream": ["properties", "required", "type"],
        "ours": ["anyOf", "properties", "required", "type"],
        "why": "As I-user-create-password-rule (the anyOf that states it).",
    },
    {
        "id": "I-user-create-username-rule",
        "where": [("schema", "UserCreate", "property", "username")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "minLength": 1, "maxLength": 255,
                 "pattern": r"^(?![\s\S]*&(?:" + _LEGACY_NAME + r"))[A-Za-z0-9_@.+&'=~-]+$"},
        "proof": {"schema": "UserCreate", "instance": {"username": "", "name": "A B", "authMethod": "LDAP"},
                  "upstream_valid": True, "ours_valid": False},
        "why": "NewUserProperties.validate: username not empty, only letters, digits and -_@.+&'=~, at most 255 "
               "characters, then no HTML: with no ';', '#' or '<' in a username only a legacy entity name without "
               "';' is HTML ('tom&lt'), which the pattern refuses exactly. JATOS takes any Unicode letter or "
               "digit, which a pattern read alike by Python and ECMA cannot state: ASCII only here, the rest is "
               "deviation M8.",
    },
    {
        "id": "I-user-name-rule",
        "where": [("schema", name, "property", "name") for name in ("UserCreate", "UserUpdate")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "maxLength": 255,
                 "pattern": no_html_and("[\\s\\S]*[^\\t-\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029"
                                        "\\u202f\\u205f\\u3000\\ufeff]")},
        "proof": {"schema": "UserUpdate", "instance": {"name": " "}, "upstream_valid": True, "ours_valid": False},
        "why": "NewUserProperties.validate / UserProperties.validate: name not blank, at most 255 characters, no HTML "
               "(NO_HTML); JATOS answers 400 VALIDATION_ERROR otherwise.",
    },
    {
        "id": "I-user-create-email-no-html",
        "where": [("schema", "UserCreate", "property", "email")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "pattern": NO_HTML},
        "proof": {"schema": "UserCreate", "instance": {"username": "ab", "name": "A B", "authMethod": "LDAP",
                                                       "email": "<b>x</b>"},
                  "upstream_valid": True, "ours_valid": False},
        "why": "NewUserProperties.validate: no HTML in the email (NO_HTML; 400 VALIDATION_ERROR).",
    },
    {
        "id": "I-user-update-email-no-html",
        "where": [("schema", "UserUpdate", "property", "email")],
        "upstream": {"type": "string", "nullable": True},
        "ours": {"type": "string", "nullable": True, "pattern": NO_HTML},
        "proof": {"schema": "UserUpdate", "instance": {"email": "tom&amp.jerry@example.org"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "UserProperties.validate: no HTML in the email (NO_HTML: '&amp' lacks its ';'; 400 "
               "VALIDATION_ERROR).",
    },
    {
        "id": "I-user-update-password-rule",
        "where": [("schema", "UserUpdate", "property", "password")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "minLength": 7,
                 "pattern": "[^\\t-\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
                            "\\ufeff]"},
        "proof": {"schema": "UserUpdate", "instance": {"password": "short"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "UserProperties.validate: a new password is not blank and has at least jatos.user.password.length "
               "(default 7) characters (400 VALIDATION_ERROR).",
    },
    {
        "id": "S-import-deprecated-flags",
        "where": [("operation", "POST /jatos/api/v1/study", "parameter", f"query:{name}")
                  for name in ("keepProperties", "keepAssets", "keepCurrentAssetsName")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "boolean", "default": False}},
        "why": "Api.importStudy reads the query flags of POST /studies with the same defaults (A21); documented as "
               "POST /studies documents them.",
    },
    {
        "id": "S-import-deprecated-renameAssets",
        "where": [("operation", "POST /jatos/api/v1/study", "parameter", "query:renameAssets")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "boolean", "default": True}},
        "why": "As S-import-deprecated-flags.",
    },
    {
        "id": "S-import-deprecated-parameters",
        "where": [("operation", "POST /jatos/api/v1/study", "parameters")],
        "upstream": [],
        "ours": ["query:keepAssets", "query:keepCurrentAssetsName", "query:keepProperties", "query:renameAssets"],
        "why": "As S-import-deprecated-flags.",
    },
    {
        "id": "S-import-deprecated-body",
        "where": [("operation", "POST /jatos/api/v1/study", "requestBody")],
        "upstream": ABSENT,
        "ours": {"required": True, "content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": {"study": BINARY["schema"]},
                                               "required": ["study"]},
                                    "encoding": {"study": {"contentType": "application/zip"}}},
            "application/zip": BINARY, "application/octet-stream": BINARY}},
        "why": "The operation imports a .jzip and cannot be called without one (ApiService.extractFile: 400 'File "
               "missing'); documented with POST /studies' archive media types (A21).",
    },
    {
        "id": "S-import-deprecated-responses",
        "where": [("operation", "POST /jatos/api/v1/study", "responses")],
        "upstream": ["201"],
        "ours": ["200", "201", "400", "401", "403", "413"],
        "why": "Api.importStudy answers 200 when it overwrites an installed study, 400 for a missing or invalid "
               "archive or another Content-Type, 401/403 as every operation (A21), 413 as TOO-LARGE-413 says.",
    },
    {
        "id": "S-import-deprecated-200",
        "where": [("operation", "POST /jatos/api/v1/study", "response", "200")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelopeStudy"}}}},
        "why": "As S-import-deprecated-responses: the study envelope, as POST /studies' 200.",
    },
    {
        "id": "S-deprecated-study-routes-errors",
        "where": [("operation", f"POST /jatos/api/v1/{path}", "response", status)
                  for path in ("study", "studies/create") for status in ("400", "401", "403")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelopeError"}}}},
        "why": "The shared BadRequestError/UnauthorizedError/ForbiddenError responses for what the deprecated study "
               "routes answer (A21, A22).",
    },
    {
        "id": "S-create-deprecated-body",
        "where": [("operation", "POST /jatos/api/v1/studies/create", "requestBody")],
        "upstream": ABSENT,
        "ours": {"required": True,
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StudyCreate"}}}},
        "why": "Api.createStudy reads the new study's properties from the body (any Content-Type) and answers 400 "
               "without them (A22); documented as POST /studies' JSON body.",
    },
    {
        "id": "S-create-deprecated-responses",
        "where": [("operation", "POST /jatos/api/v1/studies/create", "responses")],
        "upstream": ["201"],
        "ours": ["201", "400", "401", "403"],
        "why": "Api.createStudy answers 400 for a bad body, 403 for a taken dirName (renameAssets is forced to "
               "false), 401/403 as every operation (A22).",
    },
    {
        "id": "S-import-or-create-body-required",
        "where": [("operation", "POST /jatos/api/v1/studies", "requestBody")],
        "upstream": {"required": False, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/StudyCreate"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {"study": BINARY["schema"]},
                                               "required": ["study"]},
                                    "encoding": {"study": {"contentType": "application/zip"}}},
            "application/zip": BINARY, "application/octet-stream": BINARY}},
        "ours": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/StudyCreate"}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {"study": BINARY["schema"]},
                                               "required": ["study"]},
                                    "encoding": {"study": {"contentType": "application/zip"}}},
            "application/zip": BINARY, "application/octet-stream": BINARY}},
        "why": "Without a body JATOS answers 400 (INVALID_JSON for JSON, MISSING_FILE 'File missing' for an import): "
               "the body is required.",
    },
    {
        "id": "S-study-properties-list-400-listed",
        "where": [("operation", "GET /jatos/api/v1/studies/properties", "responses")],
        "upstream": ["200", "401", "403"],
        "ours": ["200", "400", "401", "403"],
        "why": "Typed Boolean query parameters without a documented 400: a value Play cannot bind is 400 "
               "CLIENT_ERROR.",
    },
    {
        "id": "S-study-log-404-listed",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/log", "responses")],
        "upstream": ["200", "400", "401", "403"],
        "ours": ["200", "400", "401", "403", "404"],
        "why": "Api.studyLog answers 404 \"Study doesn't exist.\" and, with download=true, \"Study log file doesn't "
               "exist\" (A32); the published spec has no 404, so an unknown study could not be answered at all.",
    },
    {
        "id": "S-study-routes-new-error-responses",
        "where": [("operation", "GET /jatos/api/v1/studies/properties", "response", "400"),
                  ("operation", "GET /jatos/api/v1/studies/{id}/log", "response", "404")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelopeError"}}}},
        "why": "As S-study-properties-list-400-listed and S-study-log-404-listed: the shared BadRequestError and "
               "NotFoundError responses.",
    },
    {
        "id": "R-file-componentResultId-long",
        "where": [("operation", "GET /jatos/api/v1/results/files/{filename}", "parameter", "query:componentResultId")],
        "upstream": {"required": True, "schema": {"type": "integer", "minimum": 1}},
        "ours": {"required": True, "schema": {"type": "integer", "format": "int64", "minimum": 1}},
        "why": "routes: componentResultId is a Java Long; a larger number does not bind (400 CLIENT_ERROR).",
    },
    {
        "id": "B-batch-maxima-int32",
        "where": [("schema", name, "property", key) for name in ("Batch", "CreateBatch", "UpdateBatch")
                  for key in ("maxActiveMembers", "maxTotalMembers")],
        "upstream": {"type": "integer", "nullable": True},
        "ours": {"type": "integer", "format": "int32", "nullable": True},
        "why": "BatchProperties holds them as Java Integers: a larger number is a mapping error (400).",
    },
    {
        "id": "B-batch-maxTotalWorkers-int32",
        "where": [("schema", "Batch", "property", "maxTotalWorkers")],
        "upstream": {"type": "integer", "nullable": True},
        "ours": {"type": "integer", "format": "int32", "nullable": True},
        "why": "As B-batch-maxima-int32.",
    },
    {
        "id": "B-batch-maxTotalWorkers-int32-input",
        "where": [("schema", name, "property", "maxTotalWorkers") for name in ("CreateBatch", "UpdateBatch")],
        "upstream": {"type": "integer", "nullable": True, "minimum": 1},
        "ours": {"type": "integer", "format": "int32", "nullable": True, "minimum": 1},
        "why": "As B-batch-maxima-int32.",
    },
    {
        "id": "C-component-title-rule",
        "where": [("schema", name, "property", "title")
                  for name in ("ComponentUpsert", "ComponentCreate", "ComponentUpdate")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": TITLE},
        "proof": {"schema": "ComponentUpsert", "instance": {"title": " "}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "ComponentProperties.validate: 'Missing title' (blank), 'Title too long' above 255, 'No HTML "
               "allowed' (400), as S-study-title-rule.",
    },
    {
        "id": "C-component-comments-no-html",
        "where": [("schema", name, "property", "comments")
                  for name in ("ComponentUpsert", "ComponentCreate", "ComponentUpdate")],
        "upstream": {"type": "string", "nullable": True},
        "ours": {"type": "string", "nullable": True, "pattern": NO_HTML},
        "proof": {"schema": "ComponentUpsert", "instance": {"title": "x", "comments": "<b>x</b>"},
                  "upstream_valid": True, "ours_valid": False},
        "why": "ComponentProperties.validate: 'No HTML allowed' in comments (400), as S-study-texts-no-html.",
    },
    {
        "id": "B-batch-title-rule",
        "where": [("schema", name, "property", "title") for name in ("CreateBatch", "UpdateBatch")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": TITLE},
        "proof": {"schema": "UpdateBatch", "instance": {"title": " "}, "upstream_valid": True, "ours_valid": False},
        "why": "BatchProperties.validate: 'Missing title' (blank), 'Title too long' above 255, 'No HTML allowed' "
               "(400), as S-study-title-rule.",
    },
    {
        "id": "B-batch-comments-no-html",
        "where": [("schema", name, "property", "comments") for name in ("CreateBatch", "UpdateBatch")],
        "upstream": {"type": "string", "nullable": True},
        "ours": {"type": "string", "nullable": True, "pattern": NO_HTML},
        "proof": {"schema": "UpdateBatch", "instance": {"comments": "5 &lt 6"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "BatchProperties.validate: 'No HTML allowed' in comments (400), as S-study-texts-no-html.",
    },
    {
        "id": "C-component-htmlFilePath-rule",
        "where": [("schema", name, "property", "htmlFilePath")
                  for name in ("ComponentUpsert", "ComponentCreate", "ComponentUpdate")],
        "upstream": {"type": "string", "nullable": True},
        "ours": {"type": "string", "nullable": True, "maxLength": 255, "pattern": HTML_FILE_PATH},
        "proof": {"schema": "ComponentUpsert", "instance": {"title": "x", "htmlFilePath": "no-extension"},
                  "upstream_valid": True, "ours_valid": False},
        "why": "ComponentProperties.validate: blank, or a relative path to a file with an extension ('Not a valid "
               "path or filename'), at most 255 characters ('Path too long'); else 400 VALIDATION_ERROR.",
    },
    {
        "id": "AS-asset-path-rule",
        "where": [("operation", f"{method} /jatos/api/v1/studies/{{id}}/assets/{{filepath}}", "parameter",
                   "path:filepath") for method in ("GET", "DELETE")],
        "upstream": {"required": True, "allowReserved": True, "schema": {"type": "string"}},
        "ours": {"required": True, "allowReserved": True, "schema": {"type": "string", "pattern": ASSET_PATH}},
        "why": "IOUtils.getFileInStudyAssetsDir: blank, a control character or \\ < > : \" | ? * "
               "(REGEX_LEGAL_IN_PATH), absolute, or leaving the assets is refused (400; 500 in JATOS, A29/A31).",
    },
    {
        "id": "AS-upload-path-rule",
        "where": [("operation", "POST /jatos/api/v1/studies/{id}/assets/{filepath}", "parameter", "path:filepath")],
        "upstream": {"required": True, "allowReserved": False, "schema": {"type": "string"}},
        "ours": {"required": True, "allowReserved": False, "schema": {"type": "string", "pattern": UPLOAD_PATH}},
        "why": "ApiService.getAssetsFilePath: the trimmed target, as AS-asset-path-rule but blank means the top "
               "(400 VALIDATION_ERROR 'Invalid path').",
    },
    {
        "id": "S-study-log-entryLimit-int32",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/log", "parameter", "query:entryLimit")],
        "upstream": {"required": False, "schema": {"type": "integer", "default": -1}},
        "ours": {"required": False, "schema": {"type": "integer", "format": "int32", "default": -1}},
        "why": "routes: entryLimit is a Java Int; a larger number does not bind and is answered with 400 "
               "CLIENT_ERROR.",
    },
    {
        "id": "S-study-title-rule",
        "where": [("schema", name, "property", "title") for name in ("StudyPropertiesUpdate", "StudyCreate")],
        "upstream": {"type": "string"},
        "ours": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": TITLE},
        "proof": {"schema": "StudyCreate", "instance": {"title": " "}, "upstream_valid": True, "ours_valid": False},
        "why": "StudyProperties.validate: 'Missing title' (blank), 'Title too long' above 255, 'No HTML allowed' "
               "(NO_HTML; 400 VALIDATION_ERROR): one pattern, NO_HTML behind a lookahead for a non-blank "
               "character.",
    },
    {
        "id": "S-study-dirName-rule",
        "where": [("schema", name, "property", "dirName") for name in ("StudyPropertiesUpdate", "StudyCreate")],
        "upstream": {"type": "string", "deprecated": True},
        "ours": {"type": "string", "deprecated": True, "minLength": 1, "maxLength": 255,
                 "pattern": r'^[^\t-\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000'
                            r'*?"\\\x00/,`<>|:~!§$%&^°]+$',
                 "not": {"enum": ["jatos", "publix", "public", "assets", "study_assets_root", "study_assets"]}},
        "proof": {"schema": "StudyCreate", "instance": {"title": "x", "dirName": "a b"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "StudyProperties.validate: dirName not blank, at most 255 characters, no whitespace or "
               "* ? \" \\ NUL / , ` < > | : ~ ! § $ % & ^ °, not a reserved name (400 VALIDATION_ERROR).",
    },
    {
        "id": "S-study-studyEntryMsg-length",
        "where": [("schema", name, "property", "studyEntryMsg") for name in ("StudyPropertiesUpdate", "StudyCreate")],
        "upstream": {"type": "string", "nullable": True},
        "ours": {"type": "string", "nullable": True, "maxLength": 1000, "pattern": NO_HTML},
        "proof": {"schema": "StudyCreate", "instance": {"title": "x", "studyEntryMsg": "m" * 1001},
                  "upstream_valid": True, "ours_valid": False},
        "why": "StudyProperties.validate: 'Study entry message too long' above 1000 bytes; 1000 characters is the "
               "part JSON Schema can state. 'No HTML allowed' as S-study-texts-no-html.",
    },
    {
        "id": "S-study-texts-no-html",
        "where": [("schema", name, "property", prop) for name in ("StudyPropertiesUpdate", "StudyCreate")
                  for prop in ("description", "comments", "endRedirectUrl")],
        "upstream": {"type": "string", "nullable": True},
        "ours": {"type": "string", "nullable": True, "pattern": NO_HTML},
        "proof": {"schema": "StudyCreate", "instance": {"title": "x", "description": "a < b"}, "upstream_valid": True,
                  "ours_valid": False},
        "why": "StudyProperties.validate: 'No HTML allowed' (Jsoup.isValid with an empty safelist) for description, "
               "comments, endRedirectUrl and studyEntryMsg (400 VALIDATION_ERROR); NO_HTML admits no text JATOS "
               "refuses, and is stricter where a pattern cannot follow Jsoup (entity names, CDATA).",
    },
    {
        "id": "SC-type-aliases",
        "where": [("operation", "POST /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:type")],
        "upstream": {"required": False, "schema": {"type": "string"}},
        "ours": {"required": False, "schema": {"type": "string", "pattern": STUDY_CODE_TYPE_PATTERN}},
        "why": "WorkerService: only the aliases the text lists, in any letter case, give study codes; a blank type is "
               "400 'Error in field 'type' - Invalid type', any other value 400 'Unknown type' (the Jatos and "
               "MTSandbox aliases 400 UNSPECIFIED, B17).",
    },
    {
        "id": "SC-batchId-long",
        "where": [("operation", "POST /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:batchId")],
        "upstream": {"required": False, "schema": {"type": "integer", "minimum": 1}},
        "ours": {"required": False, "schema": {"type": "integer", "format": "int64", "minimum": 1}},
        "why": "routes: batchId is a Java Long; a larger number does not bind and is answered with 400 CLIENT_ERROR.",
    },
    {
        "id": "SC-comment-rule",
        "where": [("operation", "POST /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:comment")],
        "upstream": {"required": False, "schema": {"type": "string"}},
        "ours": {"required": False, "allowEmptyValue": True,
                 "schema": {"type": "string", "maxLength": 255, "pattern": NO_HTML}},
        "why": "StudyCodeProperties.validate: 'Comment too long' above 255, 'No HTML allowed' (NO_HTML) (400 "
               "VALIDATION_ERROR). `comment=` binds to the empty comment, which JATOS takes: allowEmptyValue.",
    },
    {
        "id": "SC-amount-range",
        "where": [("operation", "POST /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:amount")],
        "upstream": {"required": False, "schema": {"type": "integer"}},
        "ours": {"required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
        "why": "StudyCodeProperties.validate: 'Amount must be > 0 and <= 1000' for every type (B16), as in the body.",
    },
    {
        "id": "SC-body-rules",
        "where": [("operation", "POST /jatos/api/v1/studies/{id}/studyCodes", "requestBody")],
        "upstream": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
            "batchId": {"type": "integer", "minimum": 1}, "type": {"type": "string"}, "comment": {"type": "string"},
            "amount": {"type": "integer", "minimum": 1}}}}}},
        "ours": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
            "batchId": {"type": "integer", "format": "int64", "minimum": 1},
            "type": {"type": "string", "pattern": STUDY_CODE_TYPE_PATTERN},
            "comment": {"type": "string", "maxLength": 255, "pattern": NO_HTML},
            "amount": {"type": "integer", "minimum": 1, "maximum": 1000}}}}}},
        "why": "The body fields carry the rules of their query twins (SC-type-aliases, SC-batchId-long, "
               "SC-comment-rule, SC-amount-range).",
    },
    {
        "id": "SC-deprecated-get-parameters",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "parameters")],
        "upstream": ["path:id"],
        "ours": ["path:id", "query:amount", "query:batchId", "query:comment", "query:type"],
        "why": "gui.routes sends the old GET route to POST's action (Api.getOrGenerateStudyCodes, B18): it needs "
               "type and takes batchId, comment and amount. Documented as POST documents them.",
    },
    {
        "id": "SC-deprecated-get-type",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:type")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "string", "pattern": STUDY_CODE_TYPE_PATTERN}},
        "why": "As SC-deprecated-get-parameters, with SC-type-aliases.",
    },
    {
        "id": "SC-deprecated-get-batchId",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:batchId")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "integer", "format": "int64", "minimum": 1}},
        "why": "As SC-deprecated-get-parameters, with SC-batchId-long.",
    },
    {
        "id": "SC-deprecated-get-comment",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:comment")],
        "upstream": ABSENT,
        "ours": {"required": False, "allowEmptyValue": True,
                 "schema": {"type": "string", "maxLength": 255, "pattern": NO_HTML}},
        "why": "As SC-deprecated-get-parameters, with SC-comment-rule.",
    },
    {
        "id": "SC-deprecated-get-amount",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "parameter", "query:amount")],
        "upstream": ABSENT,
        "ours": {"required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
        "why": "As SC-deprecated-get-parameters, with SC-amount-range.",
    },
    {
        "id": "SC-deprecated-get-body",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "requestBody")],
        "upstream": ABSENT,
        "ours": {"required": False, "content": {"application/json": {"schema": {"type": "object", "properties": {
            "batchId": {"type": "integer", "format": "int64", "minimum": 1},
            "type": {"type": "string", "pattern": STUDY_CODE_TYPE_PATTERN},
            "comment": {"type": "string", "maxLength": 255, "pattern": NO_HTML},
            "amount": {"type": "integer", "minimum": 1, "maximum": 1000}}}}}},
        "why": "As SC-deprecated-get-parameters: POST's action reads the same JSON body (SC-body-rules).",
    },
    {
        "id": "SC-deprecated-get-responses",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "responses")],
        "upstream": ["200"],
        "ours": ["200", "400", "401", "403", "404"],
        "why": "The operation runs under the global BearerAuth, so a missing or bad token is 401, and POST's action "
               "answers 400 (type, amount, comment), 403 (no access) and 404 (study or batch) (B18); the published "
               "spec left no status for any of them.",
    },
    {
        "id": "RD-deprecated-put-parameters",
        "where": [("operation", "PUT /jatos/api/v1/results/delete", "parameters")],
        "upstream": [],
        "ours": ["query:batchId", "query:componentId", "query:componentResultId", "query:componentUuid",
                 "query:groupId", "query:studyId", "query:studyResultId", "query:studyUuid"],
        "why": "gui.routes sends the old PUT route to POST's action (Api.removeResults, B27): results are chosen with "
               "the same query selectors, documented with POST's shared parameters.",
    },
    {
        "id": "RD-deprecated-put-id-selectors",
        "where": [("operation", "PUT /jatos/api/v1/results/delete", "parameter", f"query:{name}")
                  for name in ("studyId", "componentId", "componentResultId", "studyResultId", "batchId", "groupId")],
        "upstream": ABSENT,
        "ours": {"required": False, "style": "form", "explode": True,
                 "schema": {"type": "array", "items": {"type": "integer"}}},
        "why": "As RD-deprecated-put-parameters.",
    },
    {
        "id": "RD-deprecated-put-uuid-selectors",
        "where": [("operation", "PUT /jatos/api/v1/results/delete", "parameter", f"query:{name}")
                  for name in ("studyUuid", "componentUuid")],
        "upstream": ABSENT,
        "ours": {"required": False, "style": "form", "explode": True,
                 "schema": {"type": "array", "items": {"type": "string"}}},
        "why": "As RD-deprecated-put-parameters.",
    },
    {
        "id": "RD-deprecated-put-body",
        "where": [("operation", "PUT /jatos/api/v1/results/delete", "requestBody")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"type": "object", "properties": {
            **{name: {"oneOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "integer"},
                                {"type": "string"}]}
               for name in ("studyIds", "componentIds", "componentResultIds", "studyResultIds", "batchIds",
                            "groupIds")},
            **{name: {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}
               for name in ("studyUuids", "componentUuids")}}}}}},
        "why": "As RD-deprecated-put-parameters: POST's shared JSON selection body (ResultIdsJsonBody).",
    },
    {
        "id": "RD-deprecated-put-responses",
        "where": [("operation", "PUT /jatos/api/v1/results/delete", "responses")],
        "upstream": ["200"],
        "ours": ["200", "400", "401", "403"],
        "why": "The operation runs under the global BearerAuth, so a missing or bad token is 401, and POST's action "
               "answers 400 (malformed selection) and 403 (no access, locked study) (B27); the published spec left no "
               "status for any of them.",
    },
    {
        "id": "SC-RD-deprecated-error-responses",
        "where": [("operation", "GET /jatos/api/v1/studies/{id}/studyCodes", "response", status)
                  for status in ("400", "401", "403", "404")]
                 + [("operation", "PUT /jatos/api/v1/results/delete", "response", status)
                    for status in ("400", "401", "403")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelopeError"}}}},
        "why": "As SC-deprecated-get-responses and RD-deprecated-put-responses: the shared BadRequestError, "
               "UnauthorizedError, ForbiddenError and NotFoundError responses, as the POST twins use them.",
    },
    {
        "id": "TOO-LARGE-413",
        "where": [("operation", f"POST /jatos/api/v1/{path}", "response", "413")
                  for path in ("study", "studies", "studies/{id}/assets/{filepath}", "studies/{id}/assets")],
        "upstream": ABSENT,
        "ours": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelopeError"}}}},
        "why": "A body over Play's parser limit (play.http.parser.maxDiskBuffer in JATOS's application.conf; the "
               "mock's upload limit) is refused by Play before the action: ErrorHandler.onClientError answers 413 "
               "TOO_LARGE 'Request entity too large'. Documented on the operations that take archives and files.",
    },
    {
        "id": "TOO-LARGE-413-listed",
        "where": [("operation", "POST /jatos/api/v1/studies", "responses")],
        "upstream": ["200", "201", "400", "401", "403", "415"],
        "ours": ["200", "201", "400", "401", "403", "413", "415"],
        "why": "As TOO-LARGE-413.",
    },
    {
        "id": "TOO-LARGE-413-listed-for-assets",
        "where": [("operation", f"POST /jatos/api/v1/{path}", "responses")
                  for path in ("studies/{id}/assets/{filepath}", "studies/{id}/assets")],
        "upstream": ["200", "201", "400", "401", "403", "404"],
        "ours": ["200", "201", "400", "401", "403", "404", "413"],
        "why": "As TOO-LARGE-413.",
    },
    {
        "id": "TOO-LARGE-response-declared",
        "where": [("document", "components.responses")],
        "upstream": ["BadRequestError", "ForbiddenError", "NotFoundError", "TooManyRequestsError",
                     "UnauthorizedError"],
        "ours": ["BadRequestError", "ForbiddenError", "NotFoundError", "TooLargeError", "TooManyRequestsError",
                 "UnauthorizedError"],
        "why": "The shared response of TOO-LARGE-413.",
    },
]
LISTED = {key: entry for entry in INTENTIONAL_DIFFERENCES for key in entry["where"]}


def unlisted(diffs: dict) -> str:
    return "\n".join(f"{key}:\n  upstream: {up!r}\n  ours:     {our!r}"
                     for key, (up, our) in sorted(diffs.items(), key=str) if key not in LISTED)


@pytest.fixture(scope="module")
def upstream(oas) -> dict:
    return oas.load_yaml(UPSTREAM_PATH)


def test_same_operations_as_upstream(contract, upstream, oas):
    assert sorted(oas.operations(contract)) == sorted(oas.operations(upstream))


@pytest.mark.parametrize("area", AREAS)
def test_facts_match_upstream_except_the_listed_differences(contract, upstream, oas, area):
    diffs = oas.differences(oas.facts[area](upstream), oas.facts[area](contract))
    assert unlisted(diffs) == "", "differences from the published spec that INTENTIONAL_DIFFERENCES does not list"


@pytest.mark.parametrize("entry", INTENTIONAL_DIFFERENCES, ids=lambda entry: entry["id"])
def test_listed_difference_exists_as_stated(contract, upstream, oas, entry):
    area = entry["where"][0][0]
    upstream_facts, our_facts = oas.facts[area](upstream), oas.facts[area](contract)
    for key in entry["where"]:
        assert upstream_facts.get(key, ABSENT) == entry["upstream"], f"upstream {key}"
        assert our_facts.get(key, ABSENT) == entry["ours"], f"ours {key}"
    assert entry["upstream"] != entry["ours"]
    proof = entry.get("proof")
    if proof:
        upstream_errors = oas.schema_errors(upstream, proof["schema"], proof["instance"])
        our_errors = oas.schema_errors(contract, proof["schema"], proof["instance"])
        assert (not upstream_errors) is proof["upstream_valid"], upstream_errors
        assert (not our_errors) is proof["ours_valid"], our_errors


def test_difference_registry_is_well_formed():
    check_difference_registry(INTENTIONAL_DIFFERENCES)


@pytest.mark.parametrize("change, area", [
    (lambda d: d["paths"]["/jatos/api/v1/users"]["get"]["responses"].pop("403"), "operation"),
    (lambda d: d["paths"]["/jatos/api/v1/users"]["post"]["responses"]["201"]["content"].update(
        {"text/plain": {"schema": {"type": "string"}}}), "operation"),
    (lambda d: d["paths"]["/jatos/api/v1/studies/{id}/log"]["get"]["parameters"][1].update(required=True),
     "operation"),
    (lambda d: d["components"]["schemas"]["Batch"]["properties"]["title"].update(type="integer"), "schema"),
    (lambda d: d["components"]["schemas"]["ApiEnvelopeStudy"]["required"].remove("data"), "schema"),
    (lambda d: d["components"]["schemas"]["ApiEnvelopeUser"]["allOf"][1]["required"].clear(), "schema"),
    (lambda d: d["paths"].pop("/jatos/api/v1/admin/token"), "document"),
], ids=["status-code-dropped", "media-type-added", "parameter-made-required", "property-type-changed",
        "required-field-dropped", "allOf-branch-changed", "path-dropped"])
def test_the_comparison_notices_a_change(contract, upstream, oas, change, area):
    changed = copy.deepcopy(contract)
    change(changed)
    assert unlisted(oas.differences(oas.facts[area](upstream), oas.facts[area](changed))) != ""


def test_no_prose_is_copied_from_the_published_spec(contract, upstream):
    """Facts are shared; descriptions and summaries are our own words (the repo hook allows at most 15%)."""
    assert copied_prose(UPSTREAM_PATH, CONTRACT_PATH, upstream, contract, 50) == []
