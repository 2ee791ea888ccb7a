"""Answers without a body carry no Content-Type, as Play sends `noContent()`, `notFound()` and `redirect(...)`
(Result without an entity); Flask would otherwise add text/html. Answers with a body keep theirs (HEAD included,
Play drops only the body)."""

import pytest


@pytest.mark.parametrize("path, status", [("users/1", 204), ("users/99", 404), ("studies/1", 204),
                                          ("studies/no-such-study", 404)])
def test_existence_checks_answer_without_content_type(api, path, status):
    r = api.call("HEAD", path)  # Api.checkUserExists / checkStudyExists
    assert r.status_code == status and r.data == b""
    assert "Content-Type" not in r.headers
    assert api.violations() == []


def test_spec_fidelity_gives_the_study_check_404_its_declared_media_type(spec_api):
    assert spec_api.call("HEAD", "users/99").headers.get("Content-Type") is None  # the contract declares none
    assert spec_api.call("HEAD", "studies/no-such-study").headers["Content-Type"] == "application/json"


def test_redirects_to_the_sign_in_page_have_no_content_type(api):
    r = api.call("GET", "admin/token", user=None, headers={"Accept": "text/html"})  # AuthAction.denied (A4)
    assert (r.status_code, r.headers["Location"]) == (303, "/jatos/signin")
    assert "Content-Type" not in r.headers and r.data == b""
    r = api.client.get("/jatos", headers={"Accept": "text/html"})  # Home.home for a browser without a session
    assert r.status_code == 303 and "Content-Type" not in r.headers


def test_a_head_request_refused_keeps_the_error_content_type(api):
    r = api.call("HEAD", "users/1", user=None)
    assert r.status_code == 401 and r.headers["Content-Type"] == "application/json" and r.data == b""
