"""The `brainstem` fixture, tested as a user runs it: generated test files run by pytester."""

CLIENT_TEST = '''
from brainstem_api_tools import BrainstemClient

def test_sessions(brainstem, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    client = BrainstemClient(token=brainstem.token("alice"), url=brainstem.url)
    everything = client.load("session", filters={"name.icontains": "day"}, load_all=True, limit=1)
    assert everything["count"] == len(everything["sessions"]) == 2
    projects = everything["sessions"][0]["projects"]
    assert client.save("session", data={"name": "only in this test", "projects": projects}).status_code == 201

def test_reset_between_tests(brainstem):
    import requests
    r = requests.get(brainstem.url + "/api/private/stem/session/", headers=brainstem.headers(), timeout=10)
    assert "only in this test" not in [s["name"] for s in r.json()["sessions"]]
'''

UNROUTED_TEST = '''
import pytest, requests

def test_post_on_an_item(brainstem):
    r = requests.post(brainstem.url + "/api/private/users/user/1/", json={}, headers=brainstem.headers())
    assert r.status_code == 405
'''

SPEC_TEST = '''
import pytest, requests

@pytest.mark.brainstem(fidelity="spec")
def test_docs_envelope(brainstem):
    r = requests.get(brainstem.url + "/api/private/stem/project/", headers=brainstem.headers(), timeout=10)
    assert list(r.json()) == ["projects", "meta"]
'''


def test_the_fixture_serves_the_mock_and_resets_it(pytester):
    pytester.makepyfile(CLIENT_TEST)
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=2)


def test_a_request_outside_the_contract_fails_a_strict_test(pytester):
    pytester.makepyfile(UNROUTED_TEST)
    result = pytester.runpytest_inprocess("-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*jatos-mock (strict): 1 contract problem*", "*POST /api/private/users/user/1/*"])
    pytester.makepyfile(UNROUTED_TEST.replace("def test_post", "@pytest.mark.brainstem(strict=False)\ndef test_post"))
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)
    pytester.makepyfile(UNROUTED_TEST)
    pytester.runpytest_inprocess("-q", "--brainstem-no-strict").assert_outcomes(passed=1)


def test_the_marker_sets_the_fidelity(pytester):
    pytester.makepyfile(SPEC_TEST)
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)
