"""Faults under JATOS 3.9 name 3.9's operations (the operationIds of jatos-api-3.9.yaml) and answer as 3.9 does:
whether 3.9 is the app's version, a test's (the plugin's begin_test), or one request's (the version header)."""

import pytest
import requests

from jatos_mock.core.faults import FaultError
from jatos_mock.jatos.testing import JatosServer
from tests.jatos.v3_9.conftest import PLAIN, text

CODES = "/jatos/api/v1/studies/1/studyCodes?type=gm"
AS_3_9 = {"X-Jatos-Mock-Version": "3.9"}


def test_a_3_9_app_takes_its_own_operation_ids_and_answers_the_fault_as_3_9(make_api):
    api = make_api(seed=1, version="3.9", faults=["error:503@getStudyCodes"])
    r = api.call("GET", CODES)
    assert text(r) == (503, PLAIN, f"Internal JATOS error during {CODES}. Check logs to get more information.")
    assert api.call("GET", "admin/token").status_code == 200  # other operations go on


@pytest.mark.parametrize("only_3_10", ["getStudyCodesDeprecated", "listComponents", "importOrCreateStudy"])
def test_a_3_9_app_refuses_an_operation_id_only_3_10_has(make_api, only_3_10):
    api = make_api(seed=1, version="3.9")
    r = api.client.post("/__mock__/faults", json=f"error:500@{only_3_10}")
    assert r.status_code == 400 and f"unknown operation {only_3_10!r}" in r.get_data(as_text=True)
    with pytest.raises(FaultError, match="not an operationId of the contract"):
        make_api(seed=1, version="3.9", faults=[f"error:500@{only_3_10}"])


def test_a_3_10_app_keeps_3_10s_operation_ids(make_api):
    api = make_api(seed=1)
    assert api.client.post("/__mock__/faults", json="error:500@listComponents").status_code == 201
    assert api.client.post("/__mock__/faults", json="error:500@getStudyCodes").status_code == 400


def test_a_test_running_3_9_on_a_3_10_server_names_3_9s_operations():
    server = JatosServer().start()  # the plugin's session server: 3.10 by default
    try:
        with pytest.raises(FaultError):
            server.begin_test(version="3.9", faults=["error:502@listComponents"])
        server.begin_test(version="3.9", faults=["error:502@getStudyCodes"])
        token = {"Authorization": f"Bearer {server.runtime.fixture_tokens[0]['token']}"}
        r = requests.get(server.url + CODES, headers=token, timeout=10)
        assert r.status_code == 502 and r.headers["Content-Type"] == PLAIN  # 3.9's plain-text error
        server.end_test()
        with pytest.raises(FaultError):
            server.begin_test(faults=["error:502@getStudyCodes"])  # back on 3.10, whose contract lacks it
        server.begin_test(faults=["error:502@listComponents"])
    finally:
        server.end_test()
        server.stop()


def test_one_request_asking_for_3_9_gets_the_fault_as_3_9_answers_it(make_api):
    api = make_api(seed=1, faults=["error:503@getCurrentApiToken"])  # the same id in both contracts
    as_3_10 = api.call("GET", "admin/token")
    as_3_9 = api.call("GET", "admin/token", headers=AS_3_9)
    assert as_3_10.status_code == as_3_9.status_code == 503
    assert as_3_10.json["error"]["code"] == "UNEXPECTED_ERROR"
    assert as_3_9.mimetype == "text/plain" and as_3_9.get_data(as_text=True).startswith("Internal JATOS error")
