"""JSON answers as JATOS's Jackson writes them: compact, UTF-8, no charset parameter, key order kept."""

import json

from flask import Response

from jatos_mock.core.contract.text import escape_lone_surrogates


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
