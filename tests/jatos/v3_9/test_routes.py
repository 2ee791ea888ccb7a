"""JATOS 3.9.8's 28 route lines (reference 3.9 §2, §3.1; checklist row 6): each is served, 3.10's additions and
renames are 404, the asset upload needs its trailing slash and results delete is PUT only."""

import io

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text

ROUTE_MISS = "Requested page {uri} couldn't be found."

ROUTES_3_9 = [  # (method, path) of every 3.9.8 route line, with values that reach its handler
    ("GET", "admin/token"), ("GET", "admin/status"), ("GET", "admin/logs/application.log"),
    ("GET", "studies/properties"), ("GET", "studies/1/properties"), ("GET", "studies/1/log"),
    ("GET", "studies/1/studyCodes?type=gm"), ("POST", "study"), ("POST", "studies/create"), ("GET", "studies/1"),
    ("DELETE", "studies/1"), ("DELETE", "studies/1/components/1"), ("POST", "studies/1/components/create"),
    ("GET", "studies/1/assets/structure"), ("GET", "studies/1/assets/index.html"), ("POST", "studies/1/assets/"),
    ("POST", "studies/1/assets/a.txt"), ("DELETE", "studies/1/assets/a.txt"),
    ("GET", "results"), ("POST", "results"), ("GET", "results/metadata"), ("POST", "results/metadata"),
    ("GET", "results/data"), ("POST", "results/data"), ("GET", "results/files"), ("POST", "results/files"),
    ("GET", "results/files/a.txt?componentResultId=1"), ("PUT", "results/delete"),
]


def _uri(path: str) -> str:
    return f"/jatos/api/v1/{path}"


@pytest.mark.parametrize("method, path", ROUTES_3_9)
def test_every_route_line_of_3_9_is_served(api39, method, path):
    r = api39.call(method, path)
    assert r.get_data() != ROUTE_MISS.format(uri=_uri(path)).encode()
    assert not [v for v in api39.violations() if v.kind == "unmatched"]


def test_there_are_28_route_lines():
    assert len(ROUTES_3_9) == 28


THREE_TEN_ONLY = [
    ("GET", "users"), ("POST", "users"), ("GET", "users/1"), ("GET", "users/1/tokens"), ("GET", "tokens/1"),
    ("POST", "studies"), ("PATCH", "studies/1/properties"),
    ("POST", "studies/1/assets"), ("GET", "studies/1/members"), ("POST", "studies/1/components"),
    ("GET", "studies/1/components"), ("GET", "components/1"), ("DELETE", "components/1"),
    ("GET", "studies/1/batches"), ("GET", "batches/1"), ("GET", "batches/1/session"), ("GET", "groups/1/session"),
    ("POST", "studies/1/studyCodes?type=gm"), ("GET", "studyCodes/abc"), ("POST", "results/delete"),
    ("DELETE", "results/delete"),
]


@pytest.mark.parametrize("method, path", THREE_TEN_ONLY)
def test_routes_3_10_added_or_renamed_are_404(api39, method, path):
    assert text(api39.call(method, path)) == (404, PLAIN, ROUTE_MISS.format(uri=_uri(path)))


def test_3_10s_own_paths_that_3_9_routes_elsewhere(api39):
    # logs/list is a log file named "list" in 3.9 (none: 404 without a body); HEAD falls back to the export
    assert (api39.call("GET", "admin/logs/list").status_code, api39.call("GET", "admin/logs/list").get_data()) == (
        404, b"")
    head = api39.call("HEAD", "studies/1")
    assert head.status_code == 200 and head.mimetype == "application/zip"


def test_the_upload_to_the_root_needs_its_trailing_slash(api39):
    part = {"studyAssetsFile": (io.BytesIO(b"x"), "root.txt")}
    assert api39.call("POST", "studies/1/assets", data=part).status_code == 404
    part = {"studyAssetsFile": (io.BytesIO(b"x"), "root.txt")}
    assert api39.call("POST", "studies/1/assets/", data=part).status_code == 200
    assert api39.call("GET", "studies/1/assets/root.txt").get_data() == b"x"


def test_head_is_served_by_the_get_route(api39):
    r = api39.call("HEAD", "admin/token")
    assert r.status_code == 200
