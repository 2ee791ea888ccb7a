"""Batches and groups of a study (services/gui/BatchService, GroupResult)."""

import json as _json

from jatos_mock.core.contract import text as json_text
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import jackson, study_log
from jatos_mock.jatos.domain.no_html import NO_HTML_ALLOWED, has_html
from jatos_mock.jatos.domain.properties import title_problem
from jatos_mock.jatos.domain.workers import worker_type_from_alias
from jatos_mock.jatos.models import Batch, GroupResult, State, Study


def add_batch(state: State, study: Study, uuid: str, title: str, *, allowed_worker_types: list[str] | None = None,
              **properties) -> Batch:
    """Appends a batch to the study; the JatosWorkers of all current members join it
    (BatchService.initAndPersistBatch)."""
    batch = Batch(id=state.next_id("batch"), uuid=uuid, study_id=study.id, title=title,
                  allowed_worker_types=list(allowed_worker_types or []), **properties)
    for user_id in study.member_ids:
        worker_id = state.users[user_id].worker_id
        if worker_id is not None:
            batch.worker_ids.append(worker_id)
            state.workers[worker_id].batch_ids.append(batch.id)
    state.batches[batch.id] = batch
    study.batch_ids.append(batch.id)
    return batch


def add_default_batch(state: State, study: Study, uuid: str) -> Batch:
    """BatchService.createDefaultBatch: 'Default', PersonalMultiple + PersonalSingle, no maxima, no input."""
    return add_batch(state, study, uuid, "Default", allowed_worker_types=["PersonalMultiple", "PersonalSingle"])


def add_group(state: State, batch: Batch, start_date: int, **properties) -> GroupResult:
    group = GroupResult(id=state.next_id("group"), batch_id=batch.id, start_date=start_date, **properties)
    state.groups[group.id] = group
    return group


# --- batch properties: binding, validation, create, update, delete (Api.createBatch/updateBatch/deleteBatch) ---


# BatchProperties fields as JSON keys, with the Java type StrictJsonMapper binds them to
BATCH_FIELDS = {"id": "Long", "uuid": "String", "title": "String", "active": "boolean",
                "maxActiveMembers": "Integer", "maxTotalMembers": "Integer", "maxTotalWorkers": "Integer",
                "allowedWorkerTypes": "Set<String>", "comments": "String", "batchInput": "String"}


class BindingError(Exception):
    """A Jackson mapping problem while binding a batch body; `field` is Jackson's path name."""

    def __init__(self, field: str, detail: str):
        super().__init__(detail)
        self.field = field
        self.detail = detail


def batch_properties(batch: Batch) -> dict:
    """The batch as BatchProperties (BatchService.bindToProperties), JSON key -> value."""
    return {"id": batch.id, "uuid": batch.uuid, "title": batch.title, "active": batch.active,
            "maxActiveMembers": batch.max_active_members, "maxTotalMembers": batch.max_total_members,
            "maxTotalWorkers": batch.max_total_workers, "allowedWorkerTypes": list(batch.allowed_worker_types),
            "comments": batch.comments, "batchInput": batch.batch_input}


def normalize_input_field(body: dict) -> dict:
    """ApiService.normalizeJsonInputField: jsonData replaces batchInput; objects and arrays become JSON text."""
    body = dict(body)
    if "jsonData" in body and deviates("B19"):  # BatchProperties: @JsonAlias("jsonData")
        body["batchInput"] = body.pop("jsonData")
    value = body.get("batchInput")
    if isinstance(value, (dict, list)):
        body["batchInput"] = _json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return body


def _bind_value(key: str, java_type: str, value):
    if java_type == "boolean":
        if not isinstance(value, bool):
            what = "null" if value is None else type(value).__name__
            raise BindingError(key, f"Cannot coerce {what} to `boolean` value")
        return value
    if value is None:
        return None
    if java_type == "String":
        if not isinstance(value, str):
            raise BindingError(key, "Cannot deserialize value of type `java.lang.String` from "
                                    f"{jackson.unexpected(value)}")
        return value
    if java_type in ("Integer", "Long"):
        bits = 32 if java_type == "Integer" else 64
        if isinstance(value, bool) or not isinstance(value, int):
            raise BindingError(key, f"Cannot deserialize value of type `java.lang.{java_type}` from "
                                    f"{jackson.unexpected(value)}")
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            raise BindingError(key, f"Numeric value ({value}) out of range of {java_type}")
        return value
    # Set<String>
    if not isinstance(value, list):
        raise BindingError(key, f"Cannot deserialize value of type `java.util.HashSet<java.lang.String>` from "
                                f"{jackson.unexpected(value)}")
    if any(not isinstance(item, str) for item in value):
        raise BindingError("unknown", "Cannot deserialize value of type `java.lang.String` from non-string value")
    return list(dict.fromkeys(value))


def bind_properties(body: dict, base: dict) -> dict:
    """StrictJsonMapper: each given key replaces the base value; unknown keys and wrong types fail."""
    props = dict(base)
    for key, value in body.items():
        java_type = BATCH_FIELDS.get(key)
        if java_type is None:
            raise BindingError(key, f'Unrecognized field "{key}" (class models.gui.BatchProperties), '
                                    "not marked as ignorable")
        props[key] = _bind_value(key, java_type, value)
    return props


def _field_error(key: str, message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(f"Error in field '{key}' - {message}")  # ApiService.validateProps


def batch_problem(props: dict) -> tuple[str, str] | None:
    """BatchProperties.validate, first failure as (JSON key, message); the API and archive imports
    (BatchService.validate) both ask it."""
    if has_html(props.get("uuid")):
        return "uuid", NO_HTML_ALLOWED
    problem = title_problem(props.get("title"))
    if problem:
        return "title", problem
    if deviates("B20"):  # BatchProperties.validate: maxima >= 1 and total >= active
        for key, label in (("maxActiveMembers", "max active member"), ("maxTotalMembers", "max total member"),
                           ("maxTotalWorkers", "max total worker")):
            if props.get(key) is not None and props[key] < 1:
                return key, f"Batch's {label} size must be at least 1."
        active_max, total_max = props.get("maxActiveMembers"), props.get("maxTotalMembers")
        if active_max is not None and total_max is not None and total_max < active_max:
            return "maxTotalMembers", "Maximum total members must be greater than or equal to maximum active members."
    if has_html(props.get("comments")):
        return "comments", NO_HTML_ALLOWED
    batch_input = props.get("batchInput")
    if batch_input and batch_input.strip():  # JsonUtils.isValid: Jackson reads a blank text as a missing node
        try:
            json_text.loads(batch_input)
        except ValueError:
            return "batchInput", "Invalid JSON format"
    types = props.get("allowedWorkerTypes")
    if types is None:
        if deviates("M1"):  # BatchProperties.validate iterates a null set: NPE
            raise errors.UnexpectedError()
        return "allowedWorkerTypes", "Missing allowed worker types"
    if deviates("B21"):  # WorkerService.extractWorkerType: only the aliases
        for value in types:
            if worker_type_from_alias(value) is None:
                return "allowedWorkerTypes", f"Invalid worker type: {value}"
    return None


def validate_properties(props: dict) -> None:
    """BatchProperties.validate: the first problem found is reported as 400 VALIDATION_ERROR."""
    problem = batch_problem(props)
    if problem:
        raise _field_error(*problem)


def _stored_input(text: str | None) -> str | None:
    if not text or not text.strip():
        return None  # an empty or blank batchInput is stored as null
    return _json.dumps(_json.loads(text), ensure_ascii=False, separators=(",", ":"))


def _apply(batch: Batch, props: dict) -> None:
    # BatchService.bindToBatch: worker types in canonical form
    batch.title = props["title"]
    batch.active = props["active"]
    batch.max_active_members = props.get("maxActiveMembers")
    batch.max_total_members = props.get("maxTotalMembers")
    batch.max_total_workers = props.get("maxTotalWorkers")
    batch.allowed_worker_types = list(dict.fromkeys(worker_type_from_alias(t) or t
                                                    for t in props["allowedWorkerTypes"]))
    batch.comments = props.get("comments")
    batch.batch_input = _stored_input(props.get("batchInput"))


NEW_BATCH = {"id": None, "uuid": None, "title": None, "active": True, "maxActiveMembers": None,
             "maxTotalMembers": None, "maxTotalWorkers": None, "allowedWorkerTypes": [], "comments": None,
             "batchInput": None}


def create_batch(state: State, study: Study, body: dict, uuid: str, now_ms: int, logs_enabled: bool = True) -> Batch:
    """Api.createBatch: strict binding (errors: INVALID_JSON), validation, no default worker types, appended."""
    try:
        props = bind_properties(normalize_input_field(body), NEW_BATCH)
    except BindingError as exc:
        if deviates("B22"):  # Api.createBatch lets Jackson's mapping exception reach the ErrorHandler
            raise errors.InvalidJson(f"Invalid JSON in field '{exc.field}': {exc.detail}") from None
        raise errors.ValidationFailed(f"Error in field '{exc.field}'") from None
    validate_properties(props)
    batch = add_batch(state, study, uuid, props["title"])
    _apply(batch, props)
    study_log.log(state, study, now_ms, "Created batch", logs_enabled)
    return batch


def update_batch(state: State, batch: Batch, body: dict) -> Batch:
    """Api.updateBatch: the body is merged onto the current properties, then the whole result is validated."""
    try:
        props = bind_properties(normalize_input_field(body), batch_properties(batch))
    except BindingError as exc:
        raise errors.ValidationFailed(f"Error in field '{exc.field}'") from None  # StrictJsonMapper.updateFromJson
    validate_properties(props)
    _apply(batch, props)
    return batch


def groups_of(state: State, batch: Batch) -> list[GroupResult]:
    """All GroupResults of the batch in any state, ascending id (GroupResultDao.findAllByBatch)."""
    return sorted((g for g in state.groups.values() if g.batch_id == batch.id), key=lambda g: g.id)
