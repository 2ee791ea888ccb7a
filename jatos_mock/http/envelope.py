"""JATOS's JSON envelope (modules/common/app/general/common/ApiEnvelope.java).

Key order apiVersion, message, data; errors carry only {code, message}. Compact JSON, UTF-8, no charset parameter.
"""

import json

from flask import Response

from jatos_mock.contract.text import escape_lone_surrogates

API_VERSION = "1.1.0"  # Common.jatosApiVersion, independent of the JATOS version

# ApiEnvelope.ErrorCode, in source order
ERROR_CODES = ("VALIDATION_ERROR", "INVALID_REQUEST", "INVALID_JSON", "INVALID_AUTH_METHOD", "INVALID_API_TOKEN",
               "NOT_FOUND", "FILE_ALREADY_EXISTS", "IMPORT_EXPORT_ERROR", "AUTH_ERROR", "NO_ACCESS", "LDAP_ERROR",
               "FORBIDDEN", "CONFIG_ERROR", "WRONG_CONTENT_TYPE", "MISSING_FILE", "IO_ERROR", "STUDY_LOCKED",
               "TOO_LARGE", "CLIENT_ERROR", "OPENAI_ERROR", "UNSPECIFIED", "UNEXPECTED_ERROR")

_MISSING = object()


def dumps(value) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. from a parsed studyInput: Jackson escapes it
        return escape_lone_surrogates(text).encode("utf-8")


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(dumps(body), status=status, mimetype="application/json", headers=headers)
    response.json_document = body  # response validation checks this instead of parsing the bytes again
    return response


def envelope(data=_MISSING, message: str | None = None) -> dict:
    body = {"apiVersion": API_VERSION}
    if message is not None:
        body["message"] = message
    if data is not _MISSING:
        body["data"] = data
    return body


def ok(data=_MISSING, message: str | None = None, status: int = 200, headers: dict | None = None) -> Response:
    return json_response(envelope(data, message), status, headers)


def error(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    return json_response({"apiVersion": API_VERSION, "error": {"code": code, "message": message}}, status, headers)
