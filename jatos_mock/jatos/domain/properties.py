"""Binding and validation of study and component properties (models/gui/StudyProperties, ComponentProperties).

JATOS binds request JSON with its StrictJsonMapper: on create an unknown field or a wrong type escapes as a Jackson
mapping error (400 INVALID_JSON), on update it becomes 400 VALIDATION_ERROR "Error in field 'x'". Validation then
reports the first failing rule as "Error in field '<key>' - <message>".
"""

import json
import re

from jatos_mock.core.contract import text as json_text
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import java_text
from jatos_mock.jatos.domain.no_html import NO_HTML_ALLOWED, has_html

DIR_ILLEGAL = re.compile(r'[\s*?"\\\x00/,`<>|:~!§$%&^°]')
RESERVED_DIR_NAMES = ("jatos", "publix", "public", "assets", "study_assets_root", "study_assets")
_HTML_PATH = re.compile(r"^[\w\d_-][\w\d/_-]*\.[\w\d_-]+$")

STRING, BOOL = "string", "boolean"

# JSON key -> (attribute, type) of the bindable study properties
STUDY_FIELDS = {
    "title": ("title", STRING), "description": ("description", STRING), "active": ("active", BOOL),
    "groupStudy": ("group_study", BOOL), "linearStudy": ("linear_study", BOOL),
    "allowPreview": ("allow_preview", BOOL), "dirName": ("dir_name", STRING), "comments": ("comments", STRING),
    "studyInput": ("study_input", STRING), "endRedirectUrl": ("end_redirect_url", STRING),
    "studyEntryMsg": ("study_entry_msg", STRING),
}
STUDY_READ_ONLY = ("studyId", "uuid", "date", "locked")  # @JsonProperty(access = READ_ONLY): silently ignored

COMPONENT_FIELDS = {
    "title": ("title", STRING), "htmlFilePath": ("html_file_path", STRING), "reloadable": ("reloadable", BOOL),
    "active": ("active", BOOL), "comments": ("comments", STRING), "componentInput": ("component_input", STRING),
}
COMPONENT_WRITE_ONLY = {"htmlFileRename": BOOL, "htmlFileExists": BOOL}
COMPONENT_READ_ONLY = ("id", "uuid", "studyId", "date")
_NULLABLE_IN_CONTRACT = ("studyInput", "componentInput", "jsonData")  # the contract itself allows null for these


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def normalize_input_field(body: dict, name: str) -> dict:
    """ApiService.normalizeJsonInputField: the alias jsonData wins; an object or array becomes a JSON string."""
    body = dict(body)
    if "jsonData" in body:
        body[name] = body.pop("jsonData")
    if isinstance(body.get(name), (dict, list)):
        body[name] = compact_json(body[name])
    return body


def bind(body: dict, fields: dict, ignored: tuple, extra: dict | None = None, *, strict_create: bool,
         entity: str = "StudyProperties") -> dict:
    """Returns {attribute: value} for the fields present; wrong fields fail as JATOS's strict mapper does."""
    bound = {}
    extra = extra or {}
    for key, value in body.items():
        if key in ignored:
            continue
        if key in fields:
            attr, kind = fields[key]
        elif key in extra:
            attr, kind = key, extra[key]
        else:
            if strict_create:
                raise errors.InvalidJson(f"Invalid JSON in field '{key}': Unrecognized field \"{key}\" "
                                         f"(class models.gui.{entity}), not marked as ignorable")
            raise errors.ValidationFailed(f"Error in field '{key}'")
        if not _fits(value, kind):
            if strict_create:
                raise errors.InvalidJson(f"Invalid JSON in field '{key}': Expected a JSON {kind}")
            raise errors.ValidationFailed(f"Error in field '{key}'")
        if value is None and key not in _NULLABLE_IN_CONTRACT:
            deviates("M18")  # Jackson binds null to a String field: recorded, so the ledger names why it was taken
        bound[attr] = value
    return bound


def _fits(value, kind: str) -> bool:
    if kind == BOOL:
        return isinstance(value, bool)  # FAIL_ON_NULL_FOR_PRIMITIVES, no coercion
    return value is None or isinstance(value, str)


def invalid_json(text: str | None) -> bool:
    if text is None or text.strip() == "":
        return False
    try:
        json_text.loads(text)
    except ValueError:
        return True
    return False


def dir_name_problem(dir_name: str | None) -> str | None:
    if dir_name is None:
        return None
    if dir_name.strip() == "":
        return "Missing directory name"
    if java_text.counted_length(dir_name) > 255:
        return "Directory name too long"
    if DIR_ILLEGAL.search(dir_name):
        return "Invalid study assets directory name."
    if dir_name in RESERVED_DIR_NAMES:
        return ("Invalid study assets directory name. It can't be one of the following: "
                f"[{', '.join(RESERVED_DIR_NAMES)}].")
    return None


def title_problem(title: str | None) -> str | None:
    """The title rules that Study-, Component- and BatchProperties.validate share, in their order."""
    if title is None or title.strip() == "":
        return "Missing title"
    if java_text.counted_length(title) > 255:
        return "Title too long"
    if has_html(title):
        return NO_HTML_ALLOWED
    return None


def study_problem(p: dict) -> tuple[str, str] | None:
    """StudyProperties.validate, first failure as (json key, message); p holds model attribute names."""
    problem = title_problem(p.get("title"))
    if problem:
        return "title", problem
    problem = dir_name_problem(p.get("dir_name"))
    if problem:
        return "dirName", problem
    for attr, key in (("description", "description"), ("comments", "comments")):
        if has_html(p.get(attr)):
            return key, NO_HTML_ALLOWED
    if invalid_json(p.get("study_input")):
        return "studyInput", "Invalid JSON format"
    for attr, key in (("end_redirect_url", "endRedirectUrl"), ("study_entry_msg", "studyEntryMsg")):
        if has_html(p.get(attr)):
            return key, NO_HTML_ALLOWED
    if p.get("study_entry_msg") and len(p["study_entry_msg"].encode("utf-8")) > 1000:
        return "studyEntryMsg", "Study entry message too long"
    return None


def component_problem(p: dict) -> tuple[str, str] | None:
    """ComponentProperties.validate, first failure as (json key, message)."""
    problem = title_problem(p.get("title"))
    if problem:
        return "title", problem
    path = p.get("html_file_path")
    if path is not None and path.strip() != "":
        if java_text.counted_length(path) > 255:
            return "htmlFilePath", "Path too long"
        if not _HTML_PATH.match(path):
            return "htmlFilePath", ("Not a valid path or filename. Remember to use '/' as folder separator, and to "
                                    "include the file extension. You can leave it empty for now.")
    if has_html(p.get("comments")):
        return "comments", NO_HTML_ALLOWED
    if invalid_json(p.get("component_input")):
        return "componentInput", "Invalid JSON format"
    return None


def raise_if_invalid(problem: tuple[str, str] | None) -> None:
    if problem:
        raise errors.ValidationFailed(f"Error in field '{problem[0]}' - {problem[1]}")
