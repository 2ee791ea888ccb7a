"""JATOS 3.9.8's route table (modules/gui/conf/gui.routes: the 28 lines under /jatos/api/v1). Routes of 3.10 that
3.9 lacks are not here, so they answer 3.9's 404."""

from flask import Blueprint

from jatos_mock.jatos.v3_9 import admin, assets, results, studies, study_codes

API_PREFIX = "/jatos/api/v1"
BLUEPRINT = "jatos_3_9"
GROUPS = (admin.bp, studies.bp, assets.bp, study_codes.bp, results.bp)


def routes() -> Blueprint:
    parent = Blueprint(BLUEPRINT, __name__)
    for group in GROUPS:
        parent.register_blueprint(group, url_prefix=API_PREFIX)
    return parent
