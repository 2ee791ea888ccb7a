"""Creating, changing and deleting records: DRF's serializer validation over the catalog, uniqueness, and what a
removal does to the records pointing at the removed one (one place)."""

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model
from jatos_mock.brainstem.domain import fields as F
from jatos_mock.brainstem.errors import ValidationError


def body_object(body) -> dict:
    """A write's JSON body must be an object (rest_framework/serializers.py Serializer.to_internal_value)."""
    if not isinstance(body, dict):
        kind = "list" if isinstance(body, list) else type(body).__name__
        raise ValidationError({"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]})
    return body


def validate(state, model: Model, body: dict, *, partial: bool, record_id=None) -> dict:
    """The writable fields of `body` as the record stores them; a {field: [messages]} 400 for every bad field.

    Read-only fields and unknown keys are ignored, as DRF does; role maps (`users`, `groups`) are left to
    memberships.py. `partial` (PATCH) skips the required check of absent fields.
    """
    values, errors = {}, {}
    for f in model.fields:
        if f.read_only or f.kind == catalog.ACCESS or (f.create_only and record_id is not None):
            continue
        if f.name not in body:
            if f.required and not partial:
                errors[f.name] = [F.REQUIRED]
            continue
        try:
            values[f.name] = F.convert(state, f, body[f.name])
        except F.Invalid as exc:
            errors[f.name] = exc.messages
    for name in model.unique:
        if name in values and name not in errors and taken(state, model, name, values[name], record_id):
            errors[name] = [f"{model.slug} with this {name.replace('_', ' ')} already exists."]
    if errors:
        raise ValidationError(errors)
    return values


def taken(state, model: Model, name: str, value, record_id) -> bool:
    return any(r.get(name) == value and rid != record_id for rid, r in state.table(model.slug).items())


def new_id(state, store, model: Model):
    if not model.int_ids:
        return store.new_uuid()
    number = state.next_ids.get(model.slug, 1)
    state.next_ids[model.slug] = number + 1
    return number


def blank(model: Model) -> dict:
    """A record with every stored field at its default (reverse relations are read, not stored)."""
    record = {}
    for f in model.fields:
        if f.kind == catalog.REVERSE:
            continue
        if f.kind in (catalog.M2M, catalog.TAGS):
            record[f.name] = []
        elif f.kind == catalog.ACCESS:
            record[f.name] = {}
        elif f.kind == catalog.BOOL and f.default is None:  # Django's BooleanField is never null
            record[f.name] = False
        elif isinstance(f.default, (list, dict)):
            record[f.name] = type(f.default)(f.default)
        else:
            record[f.name] = f.default
    return record


def insert(state, store, model: Model, values: dict, record_id=None) -> dict:
    record_id = record_id if record_id is not None else new_id(state, store, model)
    record = {"id": record_id, **blank(model), **values}
    table = state.table(model.slug)
    table[record_id] = record
    return table[record_id]


def update(state, model: Model, record_id, values: dict) -> dict:
    table = state.table(model.slug)
    for name, value in values.items():
        table[record_id][name] = value
    return table[record_id]


def remove(state, model: Model, record_id) -> None:
    """Deletes a record. Records whose required foreign key points at it go too (CASCADE), optional foreign keys
    become null (SET_NULL), and to-many lists drop the id: Django's on_delete as BrainSTEM's docs imply (children
    of a project, subject or session have no life of their own)."""
    state.table(model.slug).pop(record_id, None)
    for other in catalog.MODELS:
        for f in other.fields:
            if f.target != model.slug or f.kind not in (catalog.FK, catalog.M2M):
                continue
            table = state.table(other.slug)
            for rid in [rid for rid, r in table.items() if points_at(r.get(f.name), record_id)]:
                if rid not in table:
                    continue
                if f.kind == catalog.M2M:
                    table[rid][f.name] = [x for x in table[rid][f.name] if x != record_id]
                elif f.required:
                    remove(state, other, rid)
                else:
                    table[rid][f.name] = None


def points_at(value, record_id) -> bool:
    """Whether a foreign key (an id) or a to-many list holds `record_id`."""
    return value == record_id or (isinstance(value, list) and record_id in value)
