"""The URL rules of the BrainSTEM API. Data routes end in a slash as the docs and both clients write them; a
custom action is also routed without it (the official Python client appends it raw: BS2). A data route sent
without its slash is redirected to the slashed one (308), as Django's APPEND_SLASH redirects (decision for open
question 8, BS16).

Every model has its own rules, `/api/<portal>/<app>/<slug>/...`, whose templates are the contract's paths (so each
request is validated against its model's schemas); the generic rules behind them take what the contract does not
describe: the clients' other slugs and apps (BS3), unknown models (DRF's 404) and the methods a model does not take
(405)."""

from flask import Blueprint

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.http import auth, data

PORTAL = "<any(private, public):portal>"
COLLECTION = f"/api/{PORTAL}/<app>/<model>/"
ITEM = COLLECTION + "<id>/"


def _actions_method(model: catalog.Model) -> str:
    return "PATCH" if model.access == catalog.APPROVAL or model.actions[0].endswith("_entry") else "GET"


def _model_rules(bp: Blueprint, model: catalog.Model) -> None:
    names = {"app": model.app, "model": model.slug}
    collection = f"/api/{PORTAL}/{model.app}/{model.slug}/"
    item = collection + "<id>/"

    def rule(path, view, method):
        bp.add_url_rule(path, endpoint=f"{model.slug}__{view.__name__}", view_func=view, methods=[method],
                        defaults=names)

    rule(collection, data.list_records, "GET")
    if model.creatable:
        rule(collection, data.create_record, "POST")
    rule(item, data.get_record, "GET")
    if model.access not in (catalog.APPROVAL, catalog.INVITATION):
        rule(item, data.update_record, "PATCH")
        rule(item, data.replace_record, "PUT")
    rule(item, data.delete_record, "DELETE")
    if model.actions:
        method = _actions_method(model)
        slashed, raw = (data.get_record_action, data.get_record_action_no_slash) if method == "GET" else \
            (data.patch_record_action, data.patch_record_action_no_slash)
        rule(item + "<action>/", slashed, method)
        rule(item + "<action>", raw, method)


def blueprint() -> Blueprint:
    bp = Blueprint("brainstem_api", __name__)
    for model in catalog.MODELS:
        _model_rules(bp, model)
    bp.add_url_rule(COLLECTION, view_func=data.list_records, methods=["GET"])
    bp.add_url_rule(COLLECTION, view_func=data.create_record, methods=["POST"])
    bp.add_url_rule(ITEM, view_func=data.get_record, methods=["GET"])
    bp.add_url_rule(ITEM, view_func=data.update_record, methods=["PATCH"])
    bp.add_url_rule(ITEM, view_func=data.replace_record, methods=["PUT"])
    bp.add_url_rule(ITEM, view_func=data.delete_record, methods=["DELETE"])
    bp.add_url_rule(ITEM + "<action>/", view_func=data.get_record_action, methods=["GET"])
    bp.add_url_rule(ITEM + "<action>/", view_func=data.patch_record_action, methods=["PATCH"])
    bp.add_url_rule(ITEM + "<action>", view_func=data.get_record_action_no_slash, methods=["GET"])
    bp.add_url_rule(ITEM + "<action>", view_func=data.patch_record_action_no_slash, methods=["PATCH"])
    bp.add_url_rule("/api/auth/device/", view_func=auth.start_device_login, methods=["POST"])
    bp.add_url_rule("/api/auth/device/token/", view_func=auth.poll_device_login, methods=["POST"])
    bp.add_url_rule("/api/auth/token/", view_func=auth.obtain_token_pair, methods=["POST"])
    bp.add_url_rule("/api/auth/token/refresh/", view_func=auth.refresh_token_pair, methods=["POST"])
    bp.add_url_rule("/api/token/", view_func=auth.obtain_legacy_token, methods=["POST"])
    return bp
