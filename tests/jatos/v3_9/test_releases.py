"""The 3.9 releases that answer differently (reference 3.9 §0): 3.9.7 names the results archive `.jrzip` and has no
isQuotaReached; 3.9.1-3.9.6 (served as 3.9.6) also lack three routes and answer an IOException with the generic
text."""

import re

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text

ADDED_IN_3_9_7 = [("POST", "studies/create"), ("POST", "studies/1/components/create"),
                  ("DELETE", "studies/1/components/1")]


def _results_name(api) -> str:
    return api.call("GET", "results?componentResultId=1").headers["Content-Disposition"]


def _has_quota(api) -> bool:
    document = api.call("GET", "results/metadata?componentResultId=1").get_json()
    study_result = document["data"][0]["studyResults"][0]
    return "isQuotaReached" in study_result or "isQuotaReached" in study_result["componentResults"][0]


@pytest.mark.parametrize("version, suffix, quota", [("3.9", "zip", True), ("3.9.8", "zip", True),
                                                    ("3.9.7", "jrzip", False), ("3.9.6", "jrzip", False),
                                                    ("3.9.2", "jrzip", False)])
def test_results_archive_name_and_quota_flag_by_release(make_api, version, suffix, quota):
    api = make_api(seed=1, version=version)
    assert re.fullmatch(rf'attachment; filename="jatos_results_\d{{14}}\.{suffix}"', _results_name(api))
    assert _has_quota(api) is quota


@pytest.mark.parametrize("method, path", ADDED_IN_3_9_7)
def test_3_9_6_lacks_the_routes_added_in_3_9_7(make_api, method, path):
    assert text(make_api(seed=1, version="3.9.6").call(method, path, json={"title": "T"})) == (
        404, PLAIN, f"Requested page /jatos/api/v1/{path} couldn't be found.")
    assert make_api(seed=1, version="3.9.7").call(method, path, json={"title": "T"}).status_code == 200


def test_3_9_6_answers_an_io_exception_with_the_generic_text(make_api):
    from test_import_export import import39, jas, jzip

    data = jzip(jas(), dirs=("mystudy", "other"))  # IOUtils: more than one directory, an IOException
    newer = make_api(seed=1, version="3.9.7")
    assert text(import39(newer, data)) == (500, PLAIN, "There are more than one directory in the ZIP file.")
    older = make_api(seed=1, version="3.9.6")
    assert text(import39(older, data)) == (
        500, PLAIN, "Internal JATOS error during /jatos/api/v1/study. Check logs to get more information.")
