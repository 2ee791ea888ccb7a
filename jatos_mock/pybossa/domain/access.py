"""Who may do what (pybossa/auth/*.py), and `ensure`, which refuses as PyBossa does: 401 to an anonymous caller,
403 to a known one (pybossa/auth/__init__.py ensure_authorized_to).

`obj` is the row (None: the action on the class, e.g. reading a list). An unknown API key never gets here: the
request simply runs anonymously (core.py _api_authentication).
"""

from dataclasses import dataclass

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.models import Project, State, User


@dataclass(frozen=True)
class Caller:
    user: User | None
    ip: str  # the client address as PyBossa's anonymizer writes it
    external_uid: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.user is None

    @property
    def admin(self) -> bool:
        return self.user is not None and self.user.admin

    @property
    def id(self) -> int | None:
        return None if self.user is None else self.user.id


def ensure(state: State, caller: Caller, action: str, resource: str, obj=None, **kwargs) -> None:
    if not can(state, caller, action, resource, obj, **kwargs):
        raise errors.Unauthorized() if caller.anonymous else errors.Forbidden()


def can(state: State, caller: Caller, action: str, resource: str, obj=None, **kwargs) -> bool:
    return _RULES[resource](state, caller, action, obj, **kwargs)


def _owner_or_admin(caller: Caller, project: Project) -> bool:
    """ProjectAuth._only_admin_or_owner: co-owners (owners_ids) count."""
    return not caller.anonymous and (caller.id in (project.owners_ids or []) or caller.admin)


def _project_owner_or_admin(caller: Caller, project: Project) -> bool:
    """HelpingMaterialAuth/PageAuth._is_admin_or_owner: only project.owner_id counts."""
    return not caller.anonymous and (project.owner_id == caller.id or caller.admin)


def _project_of(state: State, obj, project_id):
    """The project of a row, or of a project id (a missing project: None)."""
    pid = obj.project_id if obj is not None else project_id
    return state.project.get(_as_int(pid))


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _none_has_no(attribute: str) -> errors.AttributeError_:
    return errors.AttributeError_(f"'NoneType' object has no attribute '{attribute}'")


def project(state, caller, action, obj):  # auth/project.py
    if action == "create":
        if obj is not None and not caller.anonymous:
            return obj.published is not True
        return not caller.anonymous
    if action == "read":
        if obj is not None and obj.published is False:
            return _owner_or_admin(caller, obj)
        return True
    if action == "delete" and any(r.project_id == obj.id for r in state.result.values()):
        return False
    return _owner_or_admin(caller, obj)


def task(state, caller, action, obj):  # auth/task.py
    if action == "read":
        return True
    if action == "delete":
        if caller.admin:
            return True
        if any(r.task_id == obj.id and r.project_id == obj.project_id for r in state.result.values()):
            return False
    if caller.anonymous:
        return False
    owner = state.project.get(obj.project_id)
    if owner is None:  # project_repo.get(...) is None: PyBossa trips over it
        raise _none_has_no("owners_ids")
    return caller.id in (owner.owners_ids or []) or caller.admin


def taskrun(state, caller, action, obj):  # auth/taskrun.py
    if action == "read":
        return True
    if action == "create":
        owner = state.project.get(obj.project_id)
        if owner is None:
            return False
        if caller.anonymous and owner.allow_anonymous_contributors is False:
            return False
        if any(r.project_id == obj.project_id and r.task_id == obj.task_id and r.user_id == obj.user_id
               and r.user_ip == obj.user_ip and r.external_uid == obj.external_uid for r in state.task_run.values()):
            raise errors.Forbidden()  # abort(403), whoever asks
        return True
    if caller.anonymous:  # update, delete
        return False
    result = next((r for r in state.result.values()
                   if r.project_id == obj.project_id and r.task_id == obj.task_id), None)
    if result is not None and obj.id in result.task_run_ids:
        return False
    if obj.user_id is None:
        return caller.admin
    return caller.admin or obj.user_id == caller.id


def result(state, caller, action, obj):  # auth/result.py
    if action == "read":
        return True
    if action in ("create", "delete") or caller.anonymous:
        return False
    owner = state.project.get(obj.project_id)
    return caller.id in (owner.owners_ids or []) or caller.admin


def category(state, caller, action, obj):  # auth/category.py
    return action == "read" or caller.admin


def announcement(state, caller, action, obj):  # auth/announcement.py
    if action == "read":
        return True
    return obj is not None and caller.admin


def user(state, caller, action, obj):  # auth/user.py
    if action == "read":
        if obj is not None and obj.restrict:
            return not caller.anonymous and caller.id == obj.id
        return True
    if action == "create":
        return caller.admin
    if caller.anonymous:
        return False
    return caller.admin or obj.id == caller.id


def projectstats(state, caller, action, obj):  # auth/projectstats.py
    return action == "read"


def _project_material(owner_rule):
    """HelpingMaterialAuth, PageAuth, BlogpostAuth share this shape: drafts' items are readable by owners only."""
    def rule(state, caller, action, obj, project_id=None):
        if action == "read":
            if obj is None and project_id is None:
                return True
            owner = _project_of(state, obj, project_id)
            if owner is not None:
                return owner.published or owner_rule(caller, owner)
            return False
        if caller.anonymous or (obj is None and project_id is None):
            return False
        owner = _project_of(state, obj, project_id)
        if owner is None:
            raise _none_has_no("owner_id" if owner_rule is _project_owner_or_admin else "owners_ids")
        return owner_rule(caller, owner)
    return rule


_helping = _project_material(_project_owner_or_admin)
_page = _project_material(_project_owner_or_admin)
_blog_project_rule = _project_material(_owner_or_admin)


def blogpost(state, caller, action, obj, project_id=None):  # auth/blogpost.py
    if action in ("update", "delete"):
        return not caller.anonymous and (obj.user_id == caller.id or caller.admin)
    if action == "create" and obj is not None and not caller.anonymous:
        owner = _project_of(state, obj, project_id)
        if owner is None:
            raise _none_has_no("owner_id")
        return obj.user_id == owner.owner_id == caller.id or caller.admin
    return _blog_project_rule(state, caller, action, obj, project_id)


_RULES = {"project": project, "task": task, "taskrun": taskrun, "result": result, "category": category,
          "announcement": announcement, "user": user, "projectstats": projectstats,
          "helpingmaterial": _helping, "page": _page, "blogpost": blogpost}
