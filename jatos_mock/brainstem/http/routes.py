"""The URL rules of the BrainSTEM API. Data routes end in a slash as the docs and both clients write them; a
custom action is also routed without it (the official Python client appends it raw: BS2). A data route sent
without its slash is redirected to the slashed one (308), as Django's APPEND_SLASH redirects (decision for open
question 8)."""

from flask import Blueprint

from jatos_mock.brainstem.http import auth, data

PORTAL = "<any(private, public):portal>"
COLLECTION = f"/api/{PORTAL}/<app>/<model>/"
ITEM = COLLECTION + "<id>/"


def blueprint() -> Blueprint:
    bp = Blueprint("brainstem_api", __name__)
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
