"""PyBossa 4.0.3's API routes (api/__init__.py register_api and its function routes), under /api, with strict
slashes and `<int:oid>` ids."""

from flask import Blueprint

from jatos_mock.pybossa.http import functions
from jatos_mock.pybossa.http.resource_views import OPERATIONS, VIEWS

PREFIX = "/api"


def routes() -> Blueprint:
    bp = Blueprint("api", __name__)
    for (name, operation), view in VIEWS.items():
        _, method, with_id = next(o for o in OPERATIONS if o[0] == operation)
        rule = f"{PREFIX}/{name}/<int:oid>" if with_id else f"{PREFIX}/{name}"
        extra = {} if with_id or method != "GET" else {"defaults": {"oid": None}}
        bp.add_url_rule(rule, f"api_{name}_{operation}", view, methods=[method], **extra)
    for operation, method, with_id in OPERATIONS:
        view = functions.FAVORITES.get(operation)
        if view is not None:
            rule = f"{PREFIX}/favorites/<int:oid>" if with_id else f"{PREFIX}/favorites"
            extra = {} if with_id or method != "GET" else {"defaults": {"oid": None}}
            bp.add_url_rule(rule, f"api_favorites_{operation}", view, methods=[method], **extra)
    bp.add_url_rule(f"{PREFIX}/globalstats", "api_globalstats_get", functions.global_stats, defaults={"oid": None},
                    methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/globalstats/<int:oid>", "api_globalstats_get_one", functions.global_stats_one,
                    methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/", "index", functions.index, methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/project/<project_id>/newtask", "new_task", functions.new_task, methods=["GET"])
    for base in ("project", "app"):
        bp.add_url_rule(f"{PREFIX}/{base}/<int:project_id>/userprogress", f"user_progress_{base}_id",
                        functions.USER_PROGRESS[f"user_progress_{base}_id"], methods=["GET"])
        bp.add_url_rule(f"{PREFIX}/{base}/<short_name>/userprogress", f"user_progress_{base}",
                        functions.USER_PROGRESS[f"user_progress_{base}"], methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/auth/project/<short_name>/token", "auth_jwt_project", functions.auth_jwt_project,
                    methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/disqus/sso", "get_disqus_sso_api", functions.disqus_sso, methods=["GET"])
    return bp
