"""Taxonomy and resource writes go through approvals (docs api/taxonomies/*, api/resources/*): a POST or PATCH on
e.g. `species` stores a `speciesapproval` (action Add or Change, status Pending, the proposed fields) and answers it
as `{"species_approval": {...}}`; a reviewer (a staff account in the mock) accepts it, which creates or changes
the species, or rejects it, with `PATCH .../speciesapproval/<id>/accept/` or `/reject/` and no body.
"""

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model
from jatos_mock.brainstem.domain import permissions as P
from jatos_mock.brainstem.domain import records
from jatos_mock.brainstem.errors import NotFound, PermissionDenied, ValidationError


def propose(state, store, user_id, model: Model, values: dict, instance_id=None) -> tuple[Model, dict]:
    approval = catalog.model(model.approval)
    proposed = dict(values)
    if instance_id is not None:  # a change proposes the record as it would be after it
        current = state.table(model.slug)[instance_id]
        proposed = {f.name: current.get(f.name) for f in model.fields if f.kind != catalog.REVERSE} | values
    record = records.insert(state, store, approval, {
        **proposed, "instance_id": instance_id, "action": "Change" if instance_id is not None else "Add",
        "user": user_id, "reviewer": None, "status": "Pending"})
    return approval, record


def review(state, store, user_id, approval: Model, record: dict, action: str) -> dict:
    if action not in approval.actions:
        raise NotFound()
    if not P.is_staff(state, user_id):
        raise PermissionDenied()
    if record["status"] != "Pending":
        raise ValidationError([f"This approval was already {record['status'].lower()}."])
    target = catalog.model(approval.approves)
    record["reviewer"] = user_id
    if action == "reject":
        record["status"] = "Rejected"
        return record
    values = {f.name: record.get(f.name) for f in target.fields if f.kind != catalog.REVERSE}
    if record["instance_id"] is None:
        for name in target.unique:  # another approval may have taken the name since
            if records.taken(state, target, name, values.get(name), None):
                raise ValidationError({name: [f"{target.slug} with this {name} already exists."]})
        created = records.insert(state, store, target, values)
        record["instance_id"] = created["id"]
    elif record["instance_id"] in state.table(target.slug):
        records.update(state, target, record["instance_id"], values)
    record["status"] = "Accepted"
    return record
