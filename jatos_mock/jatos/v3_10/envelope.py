"""JATOS 3.10's JSON envelope (modules/common/app/general/common/ApiEnvelope.java).

Key order apiVersion, message, data; errors carry only {code, message}.
"""

from flask import Response

from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.reply import MISSING, Reply

API_VERSION = "1.1.0"  # Common.jatosApiVersion, independent of the JATOS version

# ApiEnvelope.ErrorCode, in source order
ERROR_CODES = ("VALIDATION_ERROR", "INVALID_REQUEST", "INVALID_JSON", "INVALID_AUTH_METHOD", "INVALID_API_TOKEN",
               "NOT_FOUND", "FILE_ALREADY_EXISTS", "IMPORT_EXPORT_ERROR", "AUTH_ERROR", "NO_ACCESS", "LDAP_ERROR",
               "FORBIDDEN", "CONFIG_ERROR", "WRONG_CONTENT_TYPE", "MISSING_FILE", "IO_ERROR", "STUDY_LOCKED",
               "TOO_LARGE", "CLIENT_ERROR", "OPENAI_ERROR", "UNSPECIFIED", "UNEXPECTED_ERROR")


def render(reply: Reply) -> Response:
    body = {"apiVersion": API_VERSION}
    if reply.message is not None:
        body["message"] = reply.message
    if reply.data is not MISSING:
        body["data"] = reply.data
    return json_response(body, reply.status, reply.headers)


def error(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    return json_response({"apiVersion": API_VERSION, "error": {"code": code, "message": message}}, status, headers)
