"""Who may read and write what (BrainSTEM docs, datamodel/permissions.md).

Project roles for users and groups: member (reads the project and what hangs off it), contributor (`can_change`:
creates, edits and deletes project-related records), manager (`is_manager`: adds and removes members and groups),
owner (`is_owner`: edits the project itself, manages managers). Subjects, sessions, collections, cohorts and
breedings inherit from their projects; procedures and subject logs from their subject; behaviours, data
acquisitions and manipulations from their session; personal attributes have their own role maps (by group), and
equipment and consumable stocks inherit from their setup and inventory. A public project (or personal attribute)
is readable by everyone on the public portal, and only there without a role.
"""

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.catalog import Model

MEMBER, CONTRIBUTOR, MANAGER, OWNER = 1, 2, 3, 4


def project_flags(state, user_id, record: dict) -> dict | None:
    """The user's merged flags on a record with role maps (None: no role), from `users` and their groups."""
    if user_id is None:
        return None
    email = state.table("user")[user_id]["email"]
    found = []
    own = (record.get("users") or {}).get(email)
    if own is not None:
        found.append(own)
    group_names = {g["name"] for g in state.table("group").values() if email in (g.get("users") or {})}
    for name, flags in (record.get("groups") or {}).items():
        if name in group_names:
            found.append(flags)
    if not found:
        return None
    return {flag: any(f.get(flag) for f in found) for flag in ("can_change", "is_manager", "is_owner")}


def level(flags: dict | None) -> int:
    if flags is None:
        return 0
    if flags.get("is_owner"):
        return OWNER
    if flags.get("is_manager"):
        return MANAGER
    return CONTRIBUTOR if flags.get("can_change") else MEMBER


def roots(state, model: Model, record: dict) -> list[tuple[Model, dict]]:
    """The records with role maps that decide access to `record` (itself for projects and personal attributes)."""
    if model.access == catalog.PROJECT:
        return [(model, record)]
    if model.access != catalog.VIA:
        return []
    f = model.field_map[model.via]
    parent_model = catalog.model(f.target)
    table = state.table(f.target)
    ids = record.get(f.name) or []
    ids = ids if isinstance(ids, list) else [ids]
    found = []
    for pid in ids:
        parent = table.get(pid)
        if parent is not None:
            found.extend(roots(state, parent_model, parent))
    return found


def role(state, user_id, model: Model, record: dict) -> int:
    """The highest role the user holds on any root of the record (a session in two projects: the better one)."""
    return max((level(project_flags(state, user_id, r)) for _, r in roots(state, model, record)), default=0)


def is_public(state, model: Model, record: dict) -> bool:
    if model.access in (catalog.SHARED, catalog.DIRECTORY):
        return True
    return any(r.get("is_public") for _, r in roots(state, model, record))


def is_staff(state, user_id) -> bool:
    account = state.accounts.get(user_id)
    return account is not None and account.is_staff


def can_read(state, user_id, model: Model, record: dict, portal: str) -> bool:
    if portal == "public":
        return model.access not in (catalog.APPROVAL, catalog.INVITATION) and is_public(state, model, record)
    if model.access in (catalog.SHARED, catalog.DIRECTORY):
        return True
    if model.access == catalog.APPROVAL:
        return record.get("user") == user_id or is_staff(state, user_id)
    if model.access == catalog.INVITATION:
        return user_id in concerned(state, model, record)
    return role(state, user_id, model, record) >= MEMBER


def concerned(state, model: Model, record: dict) -> set:
    """Users an invitation or membership request concerns: its user or group's managers, its inviter, and the
    managers of its project or group."""
    people = {record.get("user"), record.get("inviter")}
    if record.get("group") is not None:
        people |= group_managers(state, record["group"])
    if record.get("project") is not None and model.slug.startswith("project"):
        project = state.table("project").get(record["project"])
        if project is not None:
            people |= {uid for uid in state.table("user") if level(project_flags(state, uid, project)) >= MANAGER}
    people.discard(None)
    return people


def group_managers(state, group_id) -> set:
    group = state.table("group").get(group_id)
    if group is None:
        return set()
    by_email = {u["email"]: uid for uid, u in state.table("user").items()}
    return {by_email[e] for e, flags in (group.get("users") or {}).items()
            if e in by_email and (flags.get("is_manager") or flags.get("is_owner"))}


def can_write(state, user_id, model: Model, record: dict) -> bool:
    """May the user change or delete this existing record (its own fields; role maps: see memberships.py)?"""
    if model.admin_writes:
        return is_staff(state, user_id)
    if model.access == catalog.PROJECT:
        needed = OWNER if model.slug == "project" else CONTRIBUTOR
        return role(state, user_id, model, record) >= needed
    if model.access == catalog.VIA:
        return role(state, user_id, model, record) >= CONTRIBUTOR
    if model.slug == "user":
        return record["id"] == user_id  # own profile only
    if model.slug in ("group", "laboratory"):
        gid = record["id"] if model.slug == "group" else record.get("group")
        return user_id in group_managers(state, gid) or is_staff(state, user_id)
    return model.access == catalog.SHARED  # through an approval


def can_create(state, user_id, model: Model, values: dict) -> bool:
    """A new record needs contributor rights on every record it hangs off (docs: change_project on every listed
    project)."""
    if model.admin_writes:
        return is_staff(state, user_id)
    if model.access != catalog.VIA:
        return True
    f = model.field_map[model.via]
    ids = values.get(f.name) or []
    ids = ids if isinstance(ids, list) else [ids]
    parent_model = catalog.model(f.target)
    table = state.table(f.target)
    return all(role(state, user_id, parent_model, table[pid]) >= CONTRIBUTOR for pid in ids if pid in table)
