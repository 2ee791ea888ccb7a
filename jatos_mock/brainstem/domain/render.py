"""A record as the API shows it: dynamic-rest's serializer output, with `include[]`/`exclude[]` applied.

Relations are ids (UUID strings; integers for users and groups), to-many relations lists; reverse relations are
read from the children's foreign keys here, so they always agree with them. `links` names every non-empty to-many
relation as "<name>/" (dynamic_rest/links.py merge_link_object: no canonical route, so the field name; an empty
relation gets no link). An included relation is embedded in place, as BrainSTEM's docs describe and both clients
expect (dynamic-rest's default would sideload it into a top-level list): the decision for open question 3, which
follows the docs; a bare name keeps the ids, as the engine does (BS8).
"""

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model
from jatos_mock.brainstem.deviations import deviates
from jatos_mock.brainstem.domain.permissions import project_flags
from jatos_mock.brainstem.domain.records import points_at
from jatos_mock.brainstem.errors import ParseError


def reverse_ids(state, f: catalog.Field, record_id) -> list:
    children = state.table(f.target)
    return [cid for cid, child in children.items() if points_at(child.get(f.via), record_id)]


def field_value(state, model: Model, record: dict, name: str):
    """The value of one field as rendered without includes (computed fields too)."""
    if name == "id":
        return record["id"]
    f = model.field_map[name]
    if f.kind == catalog.REVERSE:
        return reverse_ids(state, f, record["id"])
    if model.slug == "user" and name in _USER_COMPUTED:
        return _USER_COMPUTED[name](state, record)
    value = record.get(name)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return _plain(value)
    return value


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def check_request_fields(model: Model, tree: dict) -> None:
    """dynamic-rest refuses an include/exclude name the serializer lacks (serializers.py get_fields)."""
    for name, sub in tree.items():
        if name == "*":
            continue
        f = model.field_map.get(name)
        if f is None and name not in ("id", "links"):
            raise ParseError(f'"{name}" is not a valid field name for "{model.singular}".')
        if isinstance(sub, dict) and f is not None and f.kind in catalog.RELATIONS:
            check_request_fields(catalog.model(f.target), sub)


def render(state, model: Model, record: dict, tree: dict | None = None, visible=None) -> dict:
    """The record's JSON object. `tree` is the parsed include/exclude map (name -> True, False or a sub-map);
    `visible(model, record)` says which embedded records the reader may see."""
    tree = tree or {}
    only_included = tree.get("*") is False  # exclude[]=*: nothing but what include[] names
    out = {}
    names = ["id", *[f.name for f in model.fields]]
    for name in names:
        wanted = tree.get(name)
        if wanted is False or (only_included and wanted is None and name != "id"):
            continue
        value = field_value(state, model, record, name)
        f = model.field_map.get(name)
        if f is not None and f.kind in catalog.RELATIONS:
            if wanted is True and not deviates("BS8"):  # the docs: a bare name includes the full records
                wanted = {}
            if isinstance(wanted, dict):
                value = _embed(state, f, value, wanted, visible)
        out[name] = value
    if model.to_many and tree.get("links") is not False and not only_included:
        links = {f.name: f"{f.name}/" for f in model.to_many if field_value(state, model, record, f.name)}
        out["links"] = links
    return out


def _embed(state, f: catalog.Field, value, sub: dict, visible):
    target = catalog.model(f.target)
    table = state.table(f.target)

    def one(rid):
        related = table.get(rid)
        if related is None or (visible is not None and not visible(target, related)):
            return None
        return render(state, target, related, sub, visible)

    if f.kind in catalog.TO_MANY:
        return [item for item in map(one, value) if item is not None]
    return one(value) if value is not None else None


def _groups_own(state, user: dict) -> list:
    return [{"id": gid, "name": g["name"]} for gid, g in state.table("group").items()
            if user["email"] in (g.get("users") or {})]


def _active_projects(state, user: dict) -> list:
    return [pid for pid, p in state.table("project").items() if project_flags(state, user["id"], p) is not None]


_USER_COMPUTED = {"groups_own_json": _groups_own, "active_projects": _active_projects}
