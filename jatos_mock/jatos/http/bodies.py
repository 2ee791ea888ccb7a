"""JATOS's request-body handling: Play's body parsers (before auth) and ApiService's JSON readers (in handlers)."""

import json
import math
import re

from jatos_mock.core.contract.text import TOO_DEEP, replace_lone_surrogates, too_deep
from jatos_mock.jatos.errors import InvalidJson, InvalidRequest, UnsupportedMediaType

RAW = "raw"    # BodyParser.Raw: any Content-Type; the handler parses JSON itself
JSON = "json"  # BodyParser.Json: JSON Content-Type required, parsed before auth
ANY = "any"    # Play's default AnyContent parser: JSON parsed before auth when the Content-Type says JSON
ARCHIVE = "archive"  # AnyContent too, where a body not read as JSON is an archive: kept on disk (http/uploads.py)

JSON_SYNTAX = "Invalid JSON. Please check the syntax (quotes, commas, braces)."
NOT_PARSED = object()


def mime_of(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def is_json_type(content_type: str | None) -> bool:
    return mime_of(content_type) in ("application/json", "text/json")


def _reject_constant(name):
    raise ValueError(f"Non-standard token '{name}'")


def _jackson_double(text: str):
    # A double too large for Java becomes Infinity, which Jackson writes back as the string "Infinity"
    # (JsonWriteFeature.WRITE_NAN_AS_STRINGS, on by default): stored values keep that string, never bare Infinity.
    value = float(text)
    return value if math.isfinite(value) else ("Infinity" if value > 0 else "-Infinity")


_decoder = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_jackson_double)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def jackson_read(text: str):
    """Like Jackson's readTree: the first JSON value counts, trailing content is ignored."""
    stripped = text.lstrip()
    if not stripped:
        raise ValueError("No content to map due to end-of-input")
    if too_deep(stripped):  # the mock's one depth rule (Jackson 2.13's 1000 levels), before any parsing
        raise ValueError(TOO_DEEP)
    value, _ = _decoder.raw_decode(stripped)
    # Jackson accepts an escaped lone surrogate; whatever JATOS then writes (JDBC, files) holds '?' instead
    return replace_lone_surrogates(value) if _SURROGATE_ESCAPE.search(stripped) else value


# AnyContent's parsers that buffer the body in memory (BufferingBodyParser): text, XML, JSON, forms
_IN_MEMORY = ("text/plain", "text/xml", "application/xml", "text/json", "application/json",
              "application/x-www-form-urlencoded")


def parser_limit(kind: str, content_type: str | None, config) -> int:
    """The most Play's parser takes of this body: one it parses in memory up to play.http.parser.maxMemoryBuffer, a
    multipart or raw one (BodyParser.Raw, AnyContent's other types) up to maxDiskBuffer (Play's BodyParser.java)."""
    mime = mime_of(content_type)
    xml = mime.startswith("application/") and mime.endswith("+xml")  # PlayBodyParsers.ApplicationXmlMatcher
    in_memory = kind == JSON or (kind != RAW and (mime in _IN_MEMORY or xml))
    return config.max_memory_bytes if in_memory else config.max_upload_bytes


def parse_before_auth(kind: str, content_type: str | None, body: bytes):
    """What Play's body parser does before the action runs. Returns parsed JSON or NOT_PARSED."""
    if kind == JSON:
        if not is_json_type(content_type):
            raise ClientUnsupported("Expected application/json")  # Play Java BodyParser.Json
        return _play_json(body)
    if kind in (ANY, ARCHIVE) and is_json_type(content_type) and body:
        return _play_json(body)
    return NOT_PARSED


def _play_json(body: bytes):
    try:
        return jackson_read(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InvalidJson(JSON_SYNTAX) from None


class ClientUnsupported(UnsupportedMediaType):
    """Play's 415 from BodyParser.Json, answered by ErrorHandler.onClientError as CLIENT_ERROR."""

    code = "CLIENT_ERROR"


def json_from_body(body: bytes):
    """ApiService.getJsonFromBody for BodyParser.Raw endpoints."""
    if not body:
        raise InvalidRequest("Request body is empty")
    try:
        return jackson_read(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidJson(f"Invalid JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InvalidJson(f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        raise InvalidJson(f"Invalid JSON: {exc}") from None


def json_object_from_body(body: bytes) -> dict:
    """getJsonFromBody followed by normalizeJsonInputField's object check."""
    value = json_from_body(body)
    if not isinstance(value, dict):
        raise InvalidJson("Request body is not a JSON object")
    return value


def field_from_json(data, name: str, java_type: str):
    """ApiService.getFieldFromJson with Jackson's lenient default mapper (123 -> "123", "true"/1 -> true)."""
    if not isinstance(data, dict) or name not in data:
        raise InvalidRequest(f"Missing {name} field")
    value = data[name]
    if value is None:
        return None
    wrong = InvalidRequest(f"'{name}' field must be of type {java_type}")
    if java_type == "String":
        if isinstance(value, (dict, list)):
            raise wrong
        return _as_text(value)
    if java_type == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return value != 0
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise wrong
    if java_type in ("Long", "Integer"):
        bits = 64 if java_type == "Long" else 32
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            number = int(value.strip())
        else:
            raise wrong
        if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
            raise wrong
        return number
    raise ValueError(f"unsupported type {java_type}")


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)
