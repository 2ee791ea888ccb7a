"""PyBossa 4.0.3's API routes (api/__init__.py register_api and its function routes), under /api, with strict
slashes and `<int:oid>` ids."""

from flask import Blueprint

from jatos_mock.pybossa.http import functions
from jatos_mock.pybossa.http.resource_views import VIEWS

PREFIX = "/api"


def routes() -> Blueprint:
    bp = Blueprint("api", __name__)
    for name, view in VIEWS.items():
        bp.add_url_rule(f"{PREFIX}/{name}", f"api_{name}", view, defaults={"oid": None}, methods=["GET"])
        bp.add_url_rule(f"{PREFIX}/{name}", f"api_{name}_post", view, methods=["POST"])
        bp.add_url_rule(f"{PREFIX}/{name}/<int:oid>", f"api_{name}_one", view, methods=["GET", "PUT", "DELETE"])
    bp.add_url_rule(f"{PREFIX}/globalstats", "api_globalstats", functions.global_stats, defaults={"oid": None},
                    methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/globalstats/<int:oid>", "api_globalstats_one", functions.global_stats,
                    methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/favorites", "api_favorites", functions.favorites, defaults={"oid": None},
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{PREFIX}/favorites/<int:oid>", "api_favorites_one", functions.favorites,
                    methods=["GET", "PUT", "DELETE"])
    bp.add_url_rule(f"{PREFIX}/", "index", functions.index, methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/project/<project_id>/newtask", "new_task", functions.new_task, methods=["GET"])
    for base in ("project", "app"):
        bp.add_url_rule(f"{PREFIX}/{base}/<int:project_id>/userprogress", f"user_progress_{base}_id",
                        functions.user_progress, methods=["GET"])
        bp.add_url_rule(f"{PREFIX}/{base}/<short_name>/userprogress", f"user_progress_{base}",
                        functions.user_progress, methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/auth/project/<short_name>/token", "auth_jwt_project", functions.auth_jwt_project,
                    methods=["GET"])
    bp.add_url_rule(f"{PREFIX}/disqus/sso", "get_disqus_sso_api", functions.disqus_sso, methods=["GET"])
    return bp
