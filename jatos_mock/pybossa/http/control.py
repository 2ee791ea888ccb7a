"""PyBossa's own control calls under /__mock__/ (beside the core's): publishing a project (PyBossa has no API for
it: an admin flips `published` in the database) and reading or setting a project's secret key."""

from flask import request

from jatos_mock.core.http.control import control_blueprint, json_body, problem
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime

bp = control_blueprint("pybossa_control")


@bp.post("/projects/<int:project_id>/publish")
def publish(project_id: int):
    body = json_body(default={"published": True})
    if not isinstance(body, dict) or not isinstance(body.get("published", True), bool):
        return problem("expected {\"published\": true|false} or no body")
    with runtime().store.write() as state:
        project = state.project.get(project_id)
        if project is None:
            return problem(f"no project {project_id}", 404)
        project.published = body.get("published", True)
        return json_response({"id": project.id, "short_name": project.short_name, "published": project.published})


@bp.route("/projects/<int:project_id>/secret-key", methods=["GET", "PUT"])
def secret_key(project_id: int):
    rt = runtime()
    with rt.store.write() as state:
        project = state.project.get(project_id)
        if project is None:
            return problem(f"no project {project_id}", 404)
        if request.method == "PUT":
            body = json_body()
            if not isinstance(body, dict) or not isinstance(body.get("secret_key"), str) or not body["secret_key"]:
                return problem("expected {\"secret_key\": \"...\"}")
            project.secret_key = body["secret_key"]
        return json_response({"id": project.id, "short_name": project.short_name, "secret_key": project.secret_key})
