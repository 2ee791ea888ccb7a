"""JATOS API endpoints: components (Api.createComponent, getComponentsByStudy, getComponent, updateComponent,
deleteComponent)."""

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, cascades, components
from jatos_mock.jatos.http import bodies
from jatos_mock.jatos.http.endpoint import USER, VIEWER_OR_USER, Call, endpoint

bp = Blueprint("components", __name__)


@bp.post("/studies/<id>/components")
@endpoint("createComponent", USER, body=bodies.RAW)
def create_component(call: Call, id: str):
    store = call.store
    with store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config, unlocked=True)
        component = components.create_component(state, study, store.new_uuid(), call.json_object(), store.now())
        status = 200 if deviates("A34") else 201  # Api.createComponent: ok(), not created()
        return ok(call.views.component(component), status=status)


@bp.get("/studies/<id>/components")
@endpoint("listComponents", VIEWER_OR_USER, reuse=True)
def list_components(call: Call, id: str):
    with call.store.read() as state:
        study = access.accessible_study(state, id, call.user, call.config)
        return ok([call.views.component(state.components[cid]) for cid in study.component_ids])


@bp.get("/components/<id>")
@endpoint("getComponent", VIEWER_OR_USER, reuse=True)
def get_component(call: Call, id: str):
    with call.store.read() as state:
        component = access.accessible_component(state, id, call.user, call.config)
        return ok(call.views.component(component))


@bp.patch("/components/<id>")
@endpoint("updateComponent", USER, body=bodies.RAW)
def update_component(call: Call, id: str):
    with call.store.write() as state:
        component = access.accessible_component(state, id, call.user, call.config, unlocked=True)
        study = state.studies[component.study_id]
        components.update_component(state, study, component, call.json_object())
        return ok(call.views.component(component))


@bp.delete("/components/<id>")
@endpoint("deleteComponent", USER)
def delete_component(call: Call, id: str):
    store = call.store
    with store.write() as state:
        component = access.accessible_component(state, id, call.user, call.config, unlocked=True)
        study = state.studies[component.study_id]
        cascades.remove_component(state, study, component, call.user, store.now(), call.config.study_logs_enabled)
        return ok(message="Component deleted successfully")
