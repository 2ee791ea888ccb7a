"""Request and response validation against the contract with compiled (jsonschema_rs) validators.

openapi-core stays the reference: tests/jatos/contract_layer/test_cross_check.py checks that this validator and
openapi-core agree on generated valid and invalid requests and responses.
"""

import re
import threading
from dataclasses import dataclass, field

import jsonschema_rs

from jatos_mock.core.contract import text as json_text
from jatos_mock.core.contract.schemas import convert_components, rooted
from jatos_mock.core.contract.spec import iter_operations
from jatos_mock.core.contract.text import replace_lone_surrogates

NOT_GIVEN = object()
JSON_TEXT = "json-text"  # our string format: blank or a JSON document written as text (an API's input data)


def is_json_text(value: str) -> bool:
    if not value.strip():
        return True
    try:
        json_text.loads(value)
    except ValueError:
        return False
    return True


FORMATS = {JSON_TEXT: is_json_text}
_INTEGER = re.compile(r"[-+]?\d+")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    schema: dict
    allow_empty: bool = False


@dataclass
class Operation:
    operation_id: str | None
    method: str
    template: str
    parameters: list[Parameter]
    body_required: bool
    body_media: dict[str, dict | None]  # media type -> schema (None: no schema)
    responses: dict[str, dict[str, dict | None]]  # status -> media type -> schema
    secured: bool
    deprecated: bool = False
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"


def media_match(declared: dict, content_type: str | None) -> str | None:
    """The declared media type that covers a Content-Type (exact, 'type/*' or '*/*'), ignoring parameters."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in declared:
        return mime
    major = mime.split("/")[0]
    for candidate in (f"{major}/*", "*/*"):
        if candidate in declared:
            return candidate
    return None


def is_json_media(media: str) -> bool:
    """A single JSON document: application/json, text/json or a +json suffix (not ndjson, which is lines)."""
    return media in ("application/json", "text/json") or media.endswith("+json")


class ContractValidator:
    def __init__(self, spec: dict):
        self.spec = spec
        self.components = convert_components(spec)
        self._compiled: dict[int, object] = {}
        self._compile_lock = threading.Lock()
        self.operations: dict[tuple[str, str], Operation] = {}
        global_security = spec.get("security", [])
        for method, template, op, path_params in iter_operations(spec):
            params = {(p["name"], p["in"]): p for p in map(self._deref, path_params)}
            params.update({(p["name"], p["in"]): p for p in map(self._deref, op.get("parameters", []))})
            body = self._deref(op.get("requestBody") or {})
            responses = {}
            for status, response in op.get("responses", {}).items():
                response = self._deref(response)
                content = response.get("content") or {}
                responses[str(status)] = {m: (c or {}).get("schema") for m, c in content.items()}
            security = op.get("security", global_security)
            self.operations[(method, template)] = Operation(
                operation_id=op.get("operationId"), method=method, template=template,
                parameters=[Parameter(p["name"], p["in"], bool(p.get("required")), p.get("schema", {}),
                                      bool(p.get("allowEmptyValue"))) for p in params.values()],
                body_required=bool(body.get("required")),
                body_media={m: (c or {}).get("schema") for m, c in (body.get("content") or {}).items()},
                responses=responses, secured=any(security), deprecated=bool(op.get("deprecated")), raw=op)
        self.by_id = {op.operation_id: op for op in self.operations.values() if op.operation_id}

    def _deref(self, node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            section, name = node["$ref"].split("/")[-2:]
            node = self.spec["components"][section][name]
        return node

    def operation(self, method: str, template: str) -> Operation | None:
        found = self.operations.get((method, template))
        if found is None and method == "HEAD":  # Play answers HEAD with the GET route, body dropped
            found = self.operations.get(("GET", template))
        return found

    # --- schema checks ---
    def _validator(self, schema: dict):
        key = id(schema)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._compile_lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    compiled = jsonschema_rs.Draft4Validator(rooted(schema, self.components), validate_formats=True,
                                                             formats=FORMATS)
                    self._compiled[key] = (compiled, schema)  # keep the schema alive so its id stays unique
                    return compiled
        return compiled[0]

    def check(self, schema: dict | None, instance, where: str) -> list[str]:
        """The first problem only: collecting every error costs ~15x more, and one is enough to act on."""
        if not schema:
            return []
        try:
            try:
                self._validator(schema).validate(instance)
            except UnicodeEncodeError:  # a lone surrogate (from a JSON escape) is not UTF-8: Rust refuses it
                self._validator(schema).validate(replace_lone_surrogates(instance))
            except ValueError as error:
                if "Recursion limit" not in str(error):
                    raise
                # jsonschema_rs takes ~255 levels; no schema of the contract reaches that deep, so what lies below
                # is free-form: validate the document with it cut off there
                self._validator(schema).validate(replace_lone_surrogates(_pruned(instance)))
        except jsonschema_rs.ValidationError as error:
            location = "/".join(str(p) for p in error.instance_path)
            message = error.message
            if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Pattern):  # the regex helps nobody here
                message = message.rsplit(' does not match "', 1)[0] + " does not match the contract's pattern"
            return [f"{where}{'/' + location if location else ''}: {message}"]
        return []

    # --- requests ---
    def validate_request(self, op: Operation, path_params: dict[str, str], query: dict[str, list[str]],
                         content_type: str | None, body: bytes, form_names: set[str] | None = None) -> list[str]:
        problems = []
        for param in op.parameters:
            if param.location == "path":
                raw = [path_params[param.name]] if param.name in path_params else []
            elif param.location == "query":
                raw = query.get(param.name, [])
            else:
                continue  # header and cookie parameters: none in the JATOS API
            if not raw:
                if param.required:
                    problems.append(f"{param.location} parameter '{param.name}' is required")
                continue
            empty = param.location == "query" and raw == [""]
            if empty and param.allow_empty and param.schema.get("type") not in ("string", "array"):
                continue  # allowEmptyValue: `?flag=` is the parameter sent without a value, not a value to check
            if empty and not param.allow_empty and param.schema.get("type") != "array":
                problems.append(f"query parameter '{param.name}' must not be empty")  # OpenAPI allowEmptyValue
                continue
            value, error = coerce(param.schema, raw)
            if error:
                problems.append(f"{param.location} parameter '{param.name}': {error}")
            else:
                problems += self.check(param.schema, value, f"{param.location} parameter '{param.name}'")
        problems += self.validate_request_body(op, content_type, body, form_names)
        return problems

    def validate_request_body(self, op: Operation, content_type: str | None, body: bytes,
                              form_names: set[str] | None) -> list[str]:
        if not op.body_media:
            return []
        if not body and not form_names:
            return ["request body is required"] if op.body_required else []
        media = media_match(op.body_media, content_type)
        if media is None:
            return [f"request media type {content_type or '(none)'!r} is not one of {sorted(op.body_media)}"]
        schema = self._deref(op.body_media[media] or {})
        if is_json_media(media):
            try:
                instance = json_text.loads(body)
            except (ValueError, RecursionError) as exc:
                return [f"request body is not valid JSON: {exc}"]
            return self.check(schema, instance, "request body")
        if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
            missing = [name for name in schema.get("required", []) if name not in (form_names or set())]
            return [f"request body: required part '{name}' is missing" for name in missing]
        return []  # binary media (zip, octet-stream): any bytes

    # --- responses ---
    def validate_response(self, op: Operation, method: str, status: int, content_type: str | None,
                          body: bytes | None, document=NOT_GIVEN) -> list[str]:
        """`document` is the JSON value behind `body` when the caller has it (saves parsing it again)."""
        declared = op.responses.get(str(status))
        if declared is None:  # a response without content is documented too: its media map is empty, not None
            declared = op.responses.get(f"{str(status)[0]}XX")
        if declared is None:
            declared = op.responses.get("default")
        if declared is None:
            return [f"status {status} is not documented (documented: {', '.join(sorted(op.responses))})"]
        if method == "HEAD" or not declared:
            return []  # no content declared: the body is not checked
        media = media_match(declared, content_type)
        if media is None:
            return [f"response media type {content_type or '(none)'!r} is not one of {sorted(declared)}"]
        if is_json_media(media) and document is not NOT_GIVEN:
            return self.check(declared[media], document, "response body")
        if is_json_media(media) and body is not None:
            try:
                instance = json_text.loads(body)
            except (ValueError, RecursionError) as exc:
                return [f"response body is not valid JSON: {exc}"]
            return self.check(declared[media], instance, "response body")
        return []


PRUNE_DEPTH = 128


def _pruned(instance, depth: int = PRUNE_DEPTH):
    """A copy of a JSON value with every array or object `depth` levels down emptied (iterative)."""
    def shell(value):
        return [] if isinstance(value, list) else {}
    top = shell(instance) if isinstance(instance, (list, dict)) else instance
    pending = [(instance, top, 1)] if isinstance(instance, (list, dict)) else []
    while pending:
        source, copy, level = pending.pop()
        items = enumerate(source) if isinstance(source, list) else source.items()
        for key, value in items:
            if isinstance(value, (list, dict)):
                child = shell(value)
                if level < depth:
                    pending.append((value, child, level + 1))
                value = child
            if isinstance(copy, list):
                copy.append(value)
            else:
                copy[key] = value
    return top


def coerce(schema: dict, raw: list[str]):
    """Deserialises query/path strings as OpenAPI's form/simple styles do. Returns (value, error)."""
    kind = schema.get("type")
    if kind == "array":
        values = [v for item in raw for v in item.split(",")] if len(raw) == 1 and "," in raw[0] else raw
        items = []
        for value in values:
            item, error = coerce(schema.get("items", {}), [value])
            if error:
                return None, error
            items.append(item)
        return items, None
    text = raw[0]
    if kind == "integer":
        return (int(text), None) if _INTEGER.fullmatch(text) else (None, f"{text!r} is not an integer")
    if kind == "number":
        return (float(text), None) if _NUMBER.fullmatch(text) else (None, f"{text!r} is not a number")
    if kind == "boolean":
        lowered = text.lower()
        return (lowered == "true", None) if lowered in ("true", "false") else (None, f"{text!r} is not a boolean")
    return text, None
