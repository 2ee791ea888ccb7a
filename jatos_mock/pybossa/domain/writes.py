"""Create, update and delete through the API, in PyBossa's order of checks (api/api_base.py post, put, delete and
the API classes' hooks); cascades of a removal in `_remove`."""

from collections.abc import Callable

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import access, contributions, rows
from jatos_mock.pybossa.domain.access import Caller
from jatos_mock.pybossa.domain.resources import Resource
from jatos_mock.pybossa.models import Project, ProjectStats, State

# is_reserved_name('project', …): the second segment of every web route under /project (view/projects.py)
RESERVED_SHORT_NAMES = ("<short_name>", "category", "new")


def create(state: State, caller: Caller, resource: Resource, data, now_ms: int, *,
           new_uuid: Callable[[], str] = lambda: "", args_external_uid=None, check_jwt=None):
    """APIBase.post after the body is read: reserved keys, constructor, _update_object, create permission,
    _validate_instance, then the INSERT and what follows it."""
    now = rows.timestamp(now_ms)
    rows.forbid_reserved(data, resource.reserved, resource.reserved_names_key)  # uploads' form fields too
    data = rows.remove_links(data)
    row = rows.new_row(resource.model, data)
    if resource.name == "project":  # ProjectAPI._update_object: the caller owns it
        if not caller.anonymous:
            row.owner_id = caller.id
            owners = list(row.owners_ids or [])
            if caller.id not in owners:
                owners.append(caller.id)
            row.owners_ids = owners
    elif resource.name == "taskrun":
        contributions.prepare_task_run(state, caller, row, args_external_uid, now_ms, check_jwt)
    elif resource.sets_user_id and not caller.anonymous:
        row.user_id = caller.id
    access.ensure(state, caller, "create", resource.name, row)
    if resource.name == "project":
        _validate_project(row)
        row.category_id = _project_category(state, data)
        row.secret_key = new_uuid()
        for name in ("name", "short_name", "description"):  # ProjectRepository._empty_strings_to_none
            if getattr(row, name) == "":
                setattr(row, name, None)
    rows.insert(state, row, now)
    if resource.name == "project":
        stats = ProjectStats(id=state.next_id("project_stats"), project_id=row.id)
        state.project_stats[stats.id] = stats
    elif resource.name == "task":
        contributions.touch_project(state, row.project_id, now)
    elif resource.name == "taskrun":  # created: when newtask stamped the task; finish_time: now (the default)
        contributions.after_task_run(state, row, now)
        contributions.release_lock(state, row, now_ms)
    elif resource.name == "blogpost":
        contributions.touch_project(state, row.project_id, now)
    return row


def _validate_project(row: Project) -> None:
    if row.short_name and row.short_name in RESERVED_SHORT_NAMES:
        raise errors.ValueError_("Project short_name is not valid, as it's used by the system.")


def _project_category(state: State, data: dict):
    """ProjectAPI._create_instance_from_request: the first category unless a known one is given."""
    categories = sorted(state.category.values(), key=lambda c: c.id)
    if not categories:
        raise errors.ServerError("IndexError", "list index out of range")
    if "category_id" not in data:
        return categories[0].id
    given = data.get("category_id")
    try:
        wanted = int(given)
    except ValueError:
        raise errors.ValueError_(f"invalid literal for int() with base 10: {given!r}") from None
    except TypeError:
        raise errors.TypeError_("int() argument must be a string, a bytes-like object or a number, not "
                                f"'{rows.type_name(given)}'") from None
    if wanted not in {c.id for c in categories}:
        raise errors.BadRequest("category_id does not exist")
    return given


def find(state: State, resource: Resource, oid: int):
    row = state.table(rows.table_of(resource.model)).get(oid)
    if row is None:
        raise errors.NotFound()
    return row


def update(state: State, caller: Caller, resource: Resource, oid: int, data, now_ms: int, upload=None):
    """APIBase.put: the row must exist, the caller may update it, then _update_instance."""
    row = find(state, resource, oid)
    access.ensure(state, caller, "update", resource.name, row)
    now = rows.timestamp(now_ms)
    if upload is None:
        rows.forbid_reserved(data, resource.reserved, resource.reserved_names_key)
        data = rows.remove_links(data)
    else:
        data = {}
    rows.check_keywords(resource.model, data)
    old_n_answers, old_state = getattr(row, "n_answers", None), getattr(row, "state", None)
    changes = dict(data)
    if resource.name == "project" and "updated" not in changes:
        changes["updated"] = now  # Column(onupdate=make_timestamp)
    if resource.name in ("blogpost", "announcement") and "updated" not in changes:
        changes["updated"] = now
    for key, value in changes.items():
        setattr(row, key, value)
    if upload is not None:
        row.media_url = upload["media_url"]
        info = dict(row.info or {})
        info.update(container=upload["info"]["container"], file_name=upload["info"]["file_name"])
        row.info = info
    if resource.name == "task" and old_state == "completed":  # TaskAPI._update_attribute
        new_n_answers = row.n_answers
        if isinstance(new_n_answers, str) or isinstance(old_n_answers, str):
            raise errors.TypeError_(f"'<=' not supported between instances of '{type(old_n_answers).__name__}' "
                                    f"and '{type(new_n_answers).__name__}'")
        if old_n_answers <= new_n_answers:
            row.state = "ongoing"
    if resource.name == "project":
        _validate_project(row)
    rows.update(state, row, {})
    if resource.name in ("task", "taskrun", "blogpost"):
        contributions.touch_project(state, row.project_id, now)
    return row


def delete(state: State, caller: Caller, resource: Resource, oid: int) -> None:
    row = find(state, resource, oid)
    access.ensure(state, caller, "delete", resource.name, row)
    _remove(state, resource.name, row)


def _remove(state: State, name: str, row) -> None:
    """Deleting a row deletes what hangs on it (ON DELETE CASCADE and the repositories' own deletes)."""
    if name == "project":
        for table in ("task_run", "result", "task", "blogpost", "helpingmaterial", "pages", "project_stats"):
            rows_of = state.table(table)
            for rid in [rid for rid, r in rows_of.items() if r.project_id == row.id]:
                del rows_of[rid]
        del state.project[row.id]
    elif name == "task":
        for table in ("task_run", "result"):
            rows_of = state.table(table)
            for rid in [rid for rid, r in rows_of.items() if r.task_id == row.id]:
                del rows_of[rid]
        del state.task[row.id]
    elif name == "category":
        if any(p.category_id == row.id for p in state.project.values()):
            raise errors.DBIntegrityError(
                f'(psycopg2.errors.ForeignKeyViolation) update or delete on table "category" violates foreign key '
                f'constraint "project_category_id_fkey" on table "project"\nDETAIL:  Key (id)=({row.id}) is still '
                f'referenced from table "project".\n')
        del state.category[row.id]
    else:
        del state.table(rows.table_of(type(row)))[row.id]

