"""PyBossa 4.0.3's JSON views of rows on GET (api/api_base.py _add_hateoas_links, _select_attributes; hateoas.py;
api/project.py, api/user.py, api/project_stats.py): related rows, stats, `links` then `link`, and what the caller
may see. Create and update answers are the bare row (models.dictize)."""

from jatos_mock.pybossa.deviations import deviates
from jatos_mock.pybossa.models import dictize

# sets of names asked only "is it in?" (the answer keeps the row's own order); USER_SELF's order is the answer's
PROJECT_PUBLIC = frozenset({"id", "description", "info", "name", "short_name", "created", "category_id",
                            "long_description", "updated", "featured", "owner_id", "owners_ids", "link", "links",
                            "stats"})
PROJECT_PUBLIC_INFO = frozenset({"container", "thumbnail", "thumbnail_url", "task_presenter", "tutorial", "sched"})
USER_PUBLIC = frozenset({"locale", "name"})
USER_ALLOWED = frozenset({"name", "locale", "fullname", "created"})
USER_SELF = ("created", "name", "fullname", "info", "n_answers", "registered_ago", "rank", "score", "locale")
HEAVY_STATS = frozenset({"hours_stats", "dates_stats", "users_stats"})


def link(rel: str, title: str, host_url: str, oid) -> str:
    return f"<link rel='{rel}' title='{title}' href='{host_url}api/{title}/{oid}'/>"


def links_of(name: str, row, host_url: str) -> tuple[list | None, str]:
    parents = []
    if name == "project":
        if row.category_id is not None and deviates("P2"):  # the docs say projects have no links
            parents.append(link("category", "category", host_url, row.category_id))
    elif name in ("task", "taskrun", "result", "blogpost", "helpingmaterial", "page", "projectstats"):
        if row.project_id is not None:
            parents.append(link("parent", "project", host_url, row.project_id))
        if name in ("taskrun", "result") and row.task_id is not None:
            parents.append(link("parent", "task", host_url, row.task_id))
    else:
        return None, link("self", name, host_url, row.id)
    return parents, link("self", name, host_url, row.id)


def item(state, caller, name: str, row, args, host_url: str) -> dict:
    obj = dictize(row)
    if args.get("related"):
        _add_related(state, name, row, obj)
    if args.get("stats") and name == "project":
        stats = [s for s in state.project_stats.values() if s.project_id == row.id]
        obj["stats"] = dictize(stats[0]) if stats else {}
    links, self_link = links_of(name, row, host_url)
    if links:
        obj["links"] = links
    obj["link"] = self_link
    if name == "project":
        return _project(caller, obj)
    if name == "user":
        return _user(caller, obj)
    if name == "projectstats" and args.get("full") is None and isinstance(obj.get("info"), dict):
        obj["info"] = {k: v for k, v in obj["info"].items() if k not in HEAVY_STATS}
    return obj


def _add_related(state, name: str, row, obj: dict) -> None:
    if name == "task":
        obj["task_runs"] = [dictize(r) for r in state.task_run.values() if r.task_id == row.id]
        obj["result"] = None
        for r in state.result.values():
            if r.task_id == row.id and r.last_version:
                obj["result"] = dictize(r)
    elif name == "taskrun":
        task = state.task.get(row.task_id)
        obj["task"] = dictize(task) if task is not None else None
        obj["result"] = None
        for r in state.result.values():
            if r.task_id == row.task_id and r.last_version:
                obj["result"] = dictize(r)
    elif name == "result":
        task = state.task.get(row.task_id)
        obj["task_runs"] = []
        if task is not None:
            obj["task"] = dictize(task)
        obj["task_runs"] = [dictize(r) for r in state.task_run.values() if r.task_id == row.task_id]


def _project(caller, obj: dict) -> dict:
    """ProjectAPI._select_attributes: owners (owners_ids) and admins see everything, others the public part."""
    if not caller.anonymous and (caller.id in (obj.get("owners_ids") or []) or caller.admin):
        return obj
    public = {k: v for k, v in obj.items() if k in PROJECT_PUBLIC}
    if isinstance(public.get("info"), dict):
        public["info"] = {k: v for k, v in public["info"].items() if k in PROJECT_PUBLIC_INFO}
    return public


def _user(caller, obj: dict) -> dict:
    """UserAPI._select_attributes: admins and the user see a summary with id and e-mail; others name and locale
    (and fullname, created when the user's privacy mode is off) — no id, no link."""
    if not caller.anonymous and (caller.admin or caller.id == obj["id"]):
        view = {k: obj.get(k) for k in USER_SELF}
        view["id"], view["email_addr"], view["info"] = obj["id"], obj["email_addr"], obj["info"]
        return view
    private = not caller.admin and obj["privacy_mode"]
    return {k: v for k, v in obj.items() if k in USER_ALLOWED and not (private and k not in USER_PUBLIC)}
