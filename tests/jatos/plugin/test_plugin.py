"""The pytest plugin, tested as a user runs it: generated test files run by pytester."""

from pathlib import Path

import pytest

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

REPO = Path(__file__).resolve().parents[3]

TOKEN_TEST = '''
import requests

def test_token(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("researcher"))
    assert r.status_code == 200
    assert r.json()["data"]["username"] == "researcher"
'''

UNMATCHED_TEST = '''
import pytest, requests

def test_typo(jatos):
    r = requests.get(f"{jatos.api_url}/studys/1", headers=jatos.headers())
    assert r.status_code == 404
'''


def test_the_fixture_serves_the_mock_with_fixture_tokens(pytester):
    pytester.makepyfile(TOKEN_TEST)
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)


def test_a_request_matching_no_operation_fails_the_test_naming_it(pytester):
    pytester.makepyfile(UNMATCHED_TEST)
    result = pytester.runpytest_inprocess("-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*jatos-mock (strict): 1 contract problem*",
                                 "*unmatched violation: GET /jatos/api/v1/studys/1 -> 404*"])


def test_strict_mode_is_relaxed_by_marker_or_option(pytester):
    pytester.makepyfile(UNMATCHED_TEST.replace("def test_typo", "@pytest.mark.jatos(strict=False)\ndef test_typo"))
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)
    pytester.makepyfile(UNMATCHED_TEST)
    pytester.runpytest_inprocess("-q", "--jatos-no-strict").assert_outcomes(passed=1)


def test_each_test_starts_from_the_fixtures(pytester):
    pytester.makepyfile('''
import requests

def count(jatos):
    r = requests.get(f"{jatos.api_url}/users/1/tokens", headers=jatos.headers())
    return len(r.json()["data"])

def test_first(jatos):
    before = count(jatos)
    jatos.mint_token("admin")
    assert count(jatos) == before + 1

def test_second(jatos):
    assert count(jatos) == 1
    assert [e["operation"] for e in jatos.journal()] == ["listApiTokensOfUser"]
''')
    pytester.runpytest_inprocess("-q", "-p", "no:randomly").assert_outcomes(passed=2)


def test_marker_sets_fidelity_and_faults_for_one_test(pytester):
    pytester.makepyfile('''
import pytest, requests

@pytest.mark.jatos(faults=["error:503@getCurrentApiToken#1"])
def test_retry(jatos):
    url = f"{jatos.api_url}/admin/token"
    assert requests.get(url, headers=jatos.headers()).status_code == 503
    assert requests.get(url, headers=jatos.headers()).status_code == 200

def test_no_faults_left(jatos):
    assert requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers()).status_code == 200

@pytest.mark.jatos(fidelity="spec")
def test_spec_fidelity(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers={"Authorization": "Bearer jap_nonsense"})
    assert r.json()["error"]["code"] == "AUTH_ERROR"    # the published enum has no INVALID_API_TOKEN

def test_jatos_fidelity(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers={"Authorization": "Bearer jap_nonsense"})
    assert r.json()["error"]["code"] != "AUTH_ERROR"
''')
    pytester.runpytest_inprocess("-q", "-p", "no:randomly").assert_outcomes(passed=4)


def test_a_marker_fault_aimed_at_an_unknown_operation_is_a_usage_error(pytester):
    pytester.makepyfile('''
import pytest, requests

@pytest.mark.jatos(faults=["error:503@getCurrentApiTokn"])
def test_retry(jatos):
    assert requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers()).status_code == 503
''')
    result = pytester.runpytest_inprocess("-q")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*@pytest.mark.jatos: unknown operation 'getCurrentApiTokn'*"
                                 "did you mean 'getCurrentApiToken'*"])


def test_add_fault_refuses_an_unknown_operation(pytester):
    pytester.makepyfile('''
from pathlib import Path

import pytest
from jatos_mock.core.faults import FaultError

def test_typo(jatos):
    with pytest.raises(FaultError, match="did you mean 'getCurrentApiToken'"):
        jatos.add_fault("error:503@getCurrentApiTokn")
''')
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)


def test_seeding_helpers_add_a_study_and_results(pytester):
    pytester.makepyfile('''
import requests

def test_results(jatos):
    study = jatos.add_study(title="Seeded")
    r = requests.post(f"{jatos.api_url}/studies/{study['id']}/components", json={"title": "Questions"},
                      headers=jatos.headers())
    assert r.status_code in (200, 201)
    ids = jatos.add_results(study["id"], count=2, data='{"answer": 42}')
    r = requests.post(f"{jatos.api_url}/results/metadata?download=false", json={"studyIds": [study["id"]]},
                      headers=jatos.headers())
    assert r.status_code == 200
    found = [sr["id"] for st in r.json()["data"] for sr in st["studyResults"]]
    assert found == ids
''')
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)


def test_add_results_with_a_study_code_takes_its_comment_and_code(pytester):
    pytester.makepyfile('''
import requests

def test_participant_run(jatos):
    api, headers = jatos.api_url, jatos.headers()
    code = requests.post(f"{api}/studies/1/studyCodes?type=ps&comment=p1", headers=headers).json()["data"][0]
    [result_id] = jatos.add_results(1, data='{"rt": 512}', study_code=code)
    r = requests.post(f"{api}/results/metadata", json={"studyIds": [1]}, headers=headers)
    found = {sr["id"]: sr for st in r.json()["data"] for sr in st["studyResults"]}[result_id]
    assert (found["studyCode"], found["comment"], found["workerType"]) == (code, "p1", "PersonalSingle")
''')
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)


def test_against_a_real_jatos_the_mock_only_helpers_skip_with_a_reason(pytester):
    pytester.makepyfile('''
def test_needs_mock(jatos):
    jatos.journal()
''')
    result = pytester.runpytest_inprocess("-q", "-rs", "--jatos-url", "http://127.0.0.1:9", "--jatos-token", "jap_x")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*needs jatos-mock; --jatos-url points to a real JATOS*"])


@pytest.fixture
def real_jatos():
    """A jatos-mock server standing in for a real JATOS that the inner pytest run reaches with --jatos-url."""
    server = MockServer(create_app(Settings(seed=1)), "127.0.0.1", 0, threads=2).start()
    try:
        yield server
    finally:
        server.stop()


ADMIN_TOKEN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"
RESEARCHER_TOKEN = "jap_6svi34zWH8xMS9BMoXOJrLo8F2nXMzqcffff3"
README_TESTS = '''
import requests

def test_my_client_reads_its_token(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("researcher"))
    assert r.status_code == 200 and r.json()["data"]["username"] == "researcher"

def test_as_admin(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers("admin"))
    assert r.status_code == 200 and r.json()["data"]["username"] == "admin"

def test_default_user(jatos):
    assert requests.get(f"{jatos.api_url}/admin/token", headers=jatos.headers()).status_code == 200
'''


def test_against_a_real_jatos_a_user_the_token_is_not_for_skips_with_the_reason(pytester, real_jatos):
    pytester.makepyfile(README_TESTS)
    result = pytester.runpytest_inprocess("-q", "-rs", "--jatos-url", real_jatos.url, "--jatos-token", ADMIN_TOKEN)
    result.assert_outcomes(passed=2, skipped=1)
    result.stdout.fnmatch_lines(["*the --jatos-token belongs to 'admin', not 'researcher'; give one per user: "
                                 "--jatos-token researcher=jap_...*"])


def test_against_a_real_jatos_tokens_can_be_given_per_user(pytester, real_jatos):
    pytester.makepyfile(README_TESTS)
    result = pytester.runpytest_inprocess("-q", "-rs", "--jatos-url", real_jatos.url,
                                          "--jatos-token", f"researcher={RESEARCHER_TOKEN}",
                                          "--jatos-token", f"admin={ADMIN_TOKEN}")
    result.assert_outcomes(passed=3)
    result = pytester.runpytest_inprocess("-q", "-rs", "--jatos-url", real_jatos.url,
                                          "--jatos-token", f"researcher={RESEARCHER_TOKEN}",
                                          "--jatos-token", ADMIN_TOKEN)
    result.assert_outcomes(passed=3)
    result = pytester.runpytest_inprocess("-q", "-rs", "--jatos-url", real_jatos.url,
                                          "--jatos-token", f"researcher={RESEARCHER_TOKEN}")
    result.assert_outcomes(passed=2, skipped=1)
    result.stdout.fnmatch_lines(["*no --jatos-token for user 'admin' (given for: researcher)*"])


def test_a_malformed_jatos_token_option_is_a_usage_error(pytester):
    pytester.makepyfile(README_TESTS)
    result = pytester.runpytest_inprocess("--jatos-url", "http://127.0.0.1:9", "--jatos-token", "jap_a",
                                          "--jatos-token", "jap_b")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*more than one token without a user*"])


def test_with_xdist_every_worker_has_its_own_server_and_state(pytester):
    pytester.makepyfile('''
import os, pytest, requests

@pytest.mark.parametrize("n", range(6))
def test_worker(jatos, n, tmp_path_factory):
    token = jatos.mint_token("viewer")
    r = requests.get(f"{jatos.api_url}/admin/token", headers={"Authorization": f"Bearer {token}"})
    assert r.json()["data"]["id"] == 5           # fresh state: the first token after the 4 fixture tokens
    out = tmp_path_factory.getbasetemp().parent / f"urls-{os.environ['PYTEST_XDIST_WORKER']}.txt"
    with open(out, "a") as f:
        f.write(jatos.url + "\\n")
''')
    result = pytester.runpytest_subprocess("-q", "-n", "2", "-p", "no:randomly")
    result.assert_outcomes(passed=6)
    urls = {}
    for path in pytester.path.rglob("urls-gw*.txt"):
        urls[path.name] = set(path.read_text().split())
    assert set(urls) == {"urls-gw0.txt", "urls-gw1.txt"}
    assert all(len(found) == 1 for found in urls.values())  # one server per worker
    assert urls["urls-gw0.txt"] != urls["urls-gw1.txt"]      # and not the same one


def test_a_fidelity_marker_sets_the_tests_profile_not_the_settings(pytester):
    pytester.makepyfile('''
import pytest, requests

BAD = {"Authorization": "Bearer jap_" + "x" * 40}

@pytest.mark.jatos(fidelity="spec")
def test_spec(jatos):
    url = f"{jatos.api_url}/admin/token"
    assert requests.get(url, headers=BAD).json()["error"]["code"] == "AUTH_ERROR"
    asked = requests.get(url, headers={**BAD, "X-Jatos-Mock-Fidelity": "jatos"})  # a request may still ask
    assert asked.json()["error"]["code"] == "INVALID_API_TOKEN"
    assert jatos.runtime.settings.fidelity == "jatos"  # the app's settings stay as the options made them

def test_after(jatos):
    r = requests.get(f"{jatos.api_url}/admin/token", headers=BAD)
    assert r.json()["error"]["code"] == "INVALID_API_TOKEN"
''')
    pytester.runpytest_inprocess("-q", "-p", "no:randomly").assert_outcomes(passed=2)


def test_import_study_sends_the_archive_as_a_multipart_part(pytester):
    archive = pytester.path / "demo.jzip"
    archive.write_bytes((REPO / "fixtures" / "archives" / "reaction_time_demo.jzip").read_bytes())
    pytester.makepyfile('''
import requests

def test_import(jatos):
    study = jatos.import_study("demo.jzip", keepProperties=True)
    r = requests.get(f"{jatos.api_url}/studies/{study['id']}/properties", headers=jatos.headers())
    assert r.status_code == 200 and r.json()["data"]["title"] == study["title"]
    assert [e["status"] for e in jatos.journal() if e["method"] == "POST"] == [200]
''')
    pytester.runpytest_inprocess("-q").assert_outcomes(passed=1)
