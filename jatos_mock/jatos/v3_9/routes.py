"""JATOS 3.9's route tables (modules/gui/conf/gui.routes): 3.9.7 and 3.9.8 have 28 lines under /jatos/api/v1,
3.9.1-3.9.6 lack three of them (create study, create and delete component). Routes of 3.10 that 3.9 lacks are not
here, so they answer 3.9's 404."""

from collections.abc import Callable

from flask import Blueprint

from jatos_mock.jatos.v3_9 import admin, assets, results, studies, study_codes

API_PREFIX = "/jatos/api/v1"
GROUPS = (admin.bp, studies.bp, assets.bp, study_codes.bp, results.bp)
SINCE_3_9_7 = (studies.since_3_9_7,)


def table(name: str, since_3_9_7: bool = True) -> Callable[[], Blueprint]:
    """The route table of one release: a parent blueprint named `name` (each served release has its own)."""

    def routes() -> Blueprint:
        parent = Blueprint(name, __name__)
        for group in GROUPS + (SINCE_3_9_7 if since_3_9_7 else ()):
            parent.register_blueprint(group, url_prefix=API_PREFIX)
        return parent

    return routes
