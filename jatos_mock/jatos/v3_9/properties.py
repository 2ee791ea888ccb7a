"""JATOS 3.9's binding of study and component properties: Play 2.7's default Jackson mapper (unknown keys ignored,
scalars coerced, a type mismatch a JsonMappingException, which ErrorHandler answers as 500 with its message), then
StudyProperties/ComponentProperties.validate of 3.9.8, whose first message is the whole 400 answer."""

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import jackson
from jatos_mock.jatos.domain.no_html import NO_HTML_ALLOWED, has_html
from jatos_mock.jatos.domain.properties import dir_name_problem, invalid_json, title_problem
from jatos_mock.jatos.v3_9.envelope import IO_EXCEPTION

STRING, BOOLEAN = "java.lang.String", "boolean"

# JSON key -> (model attribute or None for validated-only keys, Java type) of what 3.9's creation binds
STUDY_FIELDS = {
    "uuid": (None, STRING), "title": ("title", STRING), "description": ("description", STRING),
    "dirName": (None, STRING), "comments": ("comments", STRING), "jsonData": ("study_input", STRING),
    "endRedirectUrl": ("end_redirect_url", STRING), "studyEntryMsg": ("study_entry_msg", STRING),
    "groupStudy": ("group_study", BOOLEAN), "linearStudy": ("linear_study", BOOLEAN),
    "allowPreview": ("allow_preview", BOOLEAN),
}
COMPONENT_FIELDS = {
    "uuid": (None, STRING), "title": ("title", STRING), "htmlFilePath": ("html_file_path", STRING),
    "reloadable": ("reloadable", BOOLEAN), "comments": ("comments", STRING), "jsonData": ("component_input", STRING),
}


def no_object() -> errors.JatosError:
    """No, a non-JSON or a non-object body: 3.9.8's NPE (J17); the document asks for a JSON object, so in spec
    fidelity a bad request."""
    return errors.UnexpectedError() if deviates("J17") else errors.BadRequest("Expecting a JSON object")


def _mapping_error(java_type: str, found: str) -> errors.JatosError:
    if not deviates("J17"):  # the document's types: a bad request
        return errors.BadRequest(f"Cannot deserialize value of type `{java_type}` from {found}")
    return errors.ServerError(f"Cannot deserialize value of type `{java_type}` from {found}", IO_EXCEPTION)


def _coerce(value, java_type: str):
    """Jackson 2 with Play's defaults: scalars become text; booleans take true/false, their strings and numbers."""
    if not isinstance(value, str if java_type == STRING else bool):
        deviates("J11")  # recorded, so the ledger names why a body the contract refuses was taken
    if value is None:
        return False if java_type == BOOLEAN else None  # a null primitive is false (FAIL_ON_NULL_FOR_PRIMITIVES off)
    if isinstance(value, (dict, list)):
        raise _mapping_error(java_type, jackson.unexpected(value))
    if java_type == STRING:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return repr(value)
        return str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        raise _mapping_error(java_type, f'{jackson.kind(value)} "{value}": only "true" or "false" recognized')
    if isinstance(value, int):
        return value != 0
    raise _mapping_error(java_type, f"{jackson.kind(value)} value ({value})")


def bind(body, fields: dict) -> tuple[dict, dict]:
    """(model attributes bound, every known key's coerced value); other keys are ignored."""
    if not isinstance(body, dict):  # Json.fromJson of a non-object: an NPE in 3.9 (no body) or a mapping error
        raise no_object()
    bound, seen = {}, {}
    for key, value in body.items():
        if key not in fields:
            continue
        attr, java_type = fields[key]
        seen[key] = _coerce(value, java_type)
        if attr is not None:
            bound[attr] = seen[key]
    return bound, seen


def _dir_name_problem(dir_name: str | None) -> str | None:
    """3.10's rules; 3.9 says one message for an illegal character and a reserved name."""
    problem = dir_name_problem(dir_name)
    return "Invalid directory name" if problem and problem.startswith("Invalid") else problem


def study_problem(seen: dict) -> str | None:
    """StudyProperties.validate of 3.9.8, in its order."""
    if has_html(seen.get("uuid")):
        return NO_HTML_ALLOWED
    problem = title_problem(seen.get("title")) or _dir_name_problem(seen.get("dirName"))
    if problem:
        return problem
    if has_html(seen.get("comments")):
        return NO_HTML_ALLOWED
    if invalid_json(seen.get("jsonData")):
        return "Invalid JSON format"
    if any(has_html(seen.get(key)) for key in ("description", "endRedirectUrl", "studyEntryMsg")):
        return NO_HTML_ALLOWED
    if seen.get("studyEntryMsg") and len(seen["studyEntryMsg"].encode("utf-8")) > 1000:
        return "Study entry message too long"
    return None


def component_problem(seen: dict) -> str | None:
    """ComponentProperties.validate of 3.9.8, in its order (the path rules are 3.10's, unchanged)."""
    from jatos_mock.jatos.domain.properties import component_problem as path_and_title

    if has_html(seen.get("uuid")):
        return NO_HTML_ALLOWED
    problem = path_and_title({"title": seen.get("title"), "html_file_path": seen.get("htmlFilePath"),
                              "comments": seen.get("comments")})
    if problem:
        return problem[1]
    if invalid_json(seen.get("jsonData")):
        return "Invalid JSON format"
    return None


def raise_if_invalid(problem: str | None) -> None:
    if problem:
        raise errors.BadRequest(problem)
