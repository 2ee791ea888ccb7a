"""JATOS 3.10's route table: one blueprint per group, under the API's URL prefix (conf/routes, api.routes).

Order matters: explicit HEAD routes must come before GET routes.
"""

from flask import Blueprint

from jatos_mock.jatos.http.api import (
    admin,
    assets,
    batches,
    components,
    members,
    publix,
    results,
    sessions,
    studies,
    study_codes,
    study_log,
    tokens,
    users,
)

API_PREFIX = "/jatos/api/v1"
PUBLIX_PREFIX = "/publix/api/v1"  # JATOS's study-run routes (publix.routes)
GROUPS = (admin.bp, users.bp, tokens.bp, studies.bp, assets.bp, components.bp, members.bp, study_log.bp,
          batches.bp, sessions.bp, study_codes.bp, results.bp)


def routes() -> Blueprint:
    parent = Blueprint("jatos_3_10", __name__)
    for group in GROUPS:
        parent.register_blueprint(group, url_prefix=API_PREFIX)
    parent.register_blueprint(publix.bp, url_prefix=PUBLIX_PREFIX)
    return parent
