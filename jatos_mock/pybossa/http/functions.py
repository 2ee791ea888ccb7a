"""PyBossa's API routes that are functions, not resources (api/__init__.py index, new_task, user_progress,
auth_jwt_project, get_disqus_sso; api/global_stats.py; api/favorites.py)."""

import json

from flask import Response, request

from jatos_mock.core.http.runtime import runtime
from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import contributions, query, rows
from jatos_mock.pybossa.http import answers, jwt
from jatos_mock.pybossa.http.caller import caller as caller_of
from jatos_mock.pybossa.http.endpoint import api_view
from jatos_mock.pybossa.http.host import host_url
from jatos_mock.pybossa.models import Task, dictize


@api_view("api.index", "index.get", "index")
def index():
    return Response(f"The {runtime().settings.brand} API", mimetype="text/html")


@api_view("api.new_task", "new_task.get", "new_task")
def new_task(project_id: str):
    """A task for the caller (one object, a list when limit > 1, {} when none), stamped so it may answer it."""
    rt = runtime()
    try:
        with rt.store.write() as state:
            me = caller_of(state)
            project = _project_by_text(state, project_id)
            if project is None:
                raise errors.NotFound()
            if not project.allow_anonymous_contributors and me.anonymous:
                return answers.json_answer(contributions.refused_anonymous_task())
            args = request.args.to_dict()  # the first value of each name, as MultiDict.get reads it
            if args.get("external_uid"):
                jwt.check(project, request.headers.get("Authorization"))
            now_ms = rt.store.now()
            tasks = contributions.new_tasks(state, me, project, args, now_ms, rt.store.rng)
            for task in tasks:
                contributions.stamp(state, me, args.get("external_uid"), task, rows.timestamp(now_ms), now_ms)
            data = [dictize(t) for t in tasks]
    except (errors.PybossaError, ValueError) as exc:
        if isinstance(exc, ValueError):  # int() of limit/offset
            exc = errors.ValueError_(str(exc))
        return answers.error_object(exc, "project", "GET")
    if not data:
        return answers.json_answer({})
    return answers.json_answer(data[0] if len(data) == 1 else data)


def _project_by_text(state, project_id: str):
    try:
        return state.project.get(int(project_id))
    except ValueError:
        raise errors.DataError(f'(psycopg2.errors.InvalidTextRepresentation) invalid input syntax for type '
                               f'integer: "{project_id}"\n') from None


def _user_progress(project_id=None, short_name=None):
    with runtime().store.read() as state:
        if short_name is not None:
            project = next((p for p in state.project.values() if p.short_name == short_name), None)
        else:
            project = state.project.get(project_id)
        if project is None:
            raise errors.NotFound()
        progress = contributions.user_progress(state, caller_of(state), project, request.args.get("external_uid"))
    return answers.json_answer(progress)


@api_view("api.auth_jwt_project", "auth_jwt_project.get", "auth_jwt_project")
def auth_jwt_project(short_name: str):
    """The project's JWT for its secret key, as the raw token in a text/html body."""
    secret = request.headers.get("Authorization") if "Authorization" in request.headers else None
    if not secret:
        raise errors.Forbidden()
    with runtime().store.read() as state:
        project = next((p for p in state.project.values() if p.short_name == short_name), None)
        if project is None or project.secret_key != secret:
            raise errors.NotFound()
        token = jwt.token_for(project)
    return Response(token, mimetype="text/html")


@api_view("api.get_disqus_sso_api", "get_disqus_sso_api.get", "get_disqus_sso_api")
def disqus_sso():
    exc = errors.MethodNotAllowed()
    exc.message = "Disqus keys are missing"  # no DISQUS keys configured
    return answers.error_object(exc, "DISQUS_SSO", "GET")


def _global_stats(oid=None):
    """GlobalStatsAPI.get (cached for a day by PyBossa; computed per request here)."""
    with runtime().store.read() as state:
        projects = list(state.project.values())
        published = [p for p in projects if p.published]
        drafts = [p for p in projects if not p.published]
        n_tasks = sum(t.n_answers or 0 for t in state.task.values())  # n_total_tasks_site: SUM(n_answers)
        n_task_runs = len(state.task_run)
        anonymous = {r.user_ip for r in state.task_run.values() if r.user_ip is not None}
        data = {"n_projects": len(published) + len(drafts), "n_users": len(state.user) + len(anonymous),
                "n_tasks": n_tasks, "n_task_runs": n_task_runs, "n_pending_tasks": n_tasks - n_task_runs,
                "n_results": sum(1 for r in state.result.values() if r.info is not None), "categories": []}
        for category in sorted(state.category.values(), key=lambda c: c.id):  # cached_categories.get_used
            count = sum(1 for p in published if p.category_id == category.id)
            if count:
                data["categories"].append({category.short_name: count})
        data["categories"].append({"featured": sum(1 for p in published if p.featured)})
        data["categories"].append({"draft": len(drafts)})
    return answers.json_answer(data)


def _favorites(oid=None):
    """FavoritesAPI: the caller's favourite tasks; POST {"task_id": n} adds one, DELETE /<task_id> removes it."""
    method = request.method
    action = {"HEAD": "GET", "DELETE": "DEL"}.get(method, method)
    rt = runtime()
    try:
        if method == "PUT":
            raise errors.MethodNotAllowed()
        with rt.store.write() as state:
            me = caller_of(state)
            if method in ("GET", "HEAD"):
                if me.anonymous:
                    raise errors.Unauthorized()
                limit, offset, orderby = query.limit_offset_orderby(request.args)
                desc = query.fuzzyboolean(request.args.get("desc") or False)
                tasks = [t for t in state.task.values() if me.id in (t.fav_user_ids or [])]
                if request.args.get("last_id"):
                    tasks = [t for t in tasks if t.id > int(request.args["last_id"])]
                tasks.sort(key=lambda t: (getattr(t, orderby), t.id), reverse=desc)
                tasks = tasks[:limit] if request.args.get("last_id") else tasks[offset:offset + limit]
                views = rt.version.views
                items = [views.item(state, me, "task", t, request.args, host_url()) for t in tasks]
                if oid is not None:
                    if not items:
                        raise errors.ServerError("IndexError", "list index out of range")
                    return answers.json_answer(items[0])
                return answers.json_answer(items)
            if method == "POST":
                query.check_args(Task, request.args)
                data = json.loads(request.get_data(cache=True, parse_form_data=True))
                if not isinstance(data, dict) or list(data) != ["task_id"]:
                    raise errors.AttributeError_("")
                if me.anonymous:
                    raise errors.Unauthorized()
                task = state.task.get(data["task_id"]) if isinstance(data["task_id"], int) else None
                if task is None:
                    raise errors.NotFound()
                if me.id not in (task.fav_user_ids or []):
                    task.fav_user_ids = [*(task.fav_user_ids or []), me.id]
                return answers.json_answer(dictize(task))
            if me.anonymous:  # DELETE
                raise errors.Unauthorized()
            task = state.task.get(oid)
            if task is None or me.id not in (task.fav_user_ids or []):
                raise errors.NotFound()
            task.fav_user_ids = [u for u in task.fav_user_ids if u != me.id]
            return answers.json_answer(dictize(task))
    except json.JSONDecodeError as exc:
        return answers.error_object(errors.ValueError_(str(exc)), "task", action)
    except errors.PybossaError as exc:
        return answers.error_object(exc, "task", action)


# one view per route and operation of our contract (faults name them); the rate-limit bucket is PyBossa's endpoint
USER_PROGRESS = {route: api_view("api.user_progress", f"{route}.get", "user_progress")(_user_progress)
                 for route in ("user_progress_project_id", "user_progress_project", "user_progress_app_id",
                               "user_progress_app")}
global_stats = api_view("api.api_globalstats", "api_globalstats.get", jsonp=True)(_global_stats)
global_stats_one = api_view("api.api_globalstats", "api_globalstats.get_one", jsonp=True)(_global_stats)
FAVORITES = {operation: api_view("api.api_favorites", f"api_favorites.{operation}", jsonp=True)(_favorites)
             for operation in ("get", "post", "get_one", "put_one", "delete_one")}
