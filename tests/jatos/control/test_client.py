"""The Python control client against a real server on a free port."""

import pytest
import requests

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.control_client import ControlClient, ControlError
from jatos_mock.jatos.settings import Settings


@pytest.fixture
def server():
    server = MockServer(create_app(Settings(seed=4)), "127.0.0.1", 0, threads=2).start()
    try:
        yield server
    finally:
        server.stop()


def test_the_client_drives_tokens_clock_faults_journal_and_state(server):
    control = ControlClient(server.url)
    admin = {t["username"]: t["token"] for t in control.fixture_tokens()}["admin"]
    start = control.position()
    minted = control.mint_token("viewer", expires=10)
    url = f"{server.url}/jatos/api/v1/admin/token"
    assert requests.get(url, headers={"Authorization": f"Bearer {minted['token']}"}).status_code == 200
    control.advance_clock(11_000)
    assert requests.get(url, headers={"Authorization": f"Bearer {minted['token']}"}).status_code == 401
    fault = control.add_fault("error:502@getCurrentApiToken")
    assert requests.get(url, headers={"Authorization": f"Bearer {admin}"}).status_code == 502
    assert [f["id"] for f in control.faults()] == [fault["id"]]
    control.remove_fault(fault["id"])
    assert [e["status"] for e in control.journal(start) if e["path"] == "/jatos/api/v1/admin/token"] == [
        200, 401, 502]
    document = control.export_state()
    control.reset()
    assert control.clock()["now"] == 1_704_067_200_000
    control.import_state(document)
    assert control.export_state()["state"] == document["state"]
    with pytest.raises(ControlError) as refused:
        control.import_state({"format": "nope"})
    assert refused.value.status == 400 and "not a jatos-mock state" in refused.value.message


def test_the_client_gets_the_reason_an_unknown_operation_is_refused(server):
    control = ControlClient(server.url)
    with pytest.raises(ControlError) as refused:
        control.add_fault("error:503@noSuchOp")
    assert refused.value.status == 400 and "unknown operation 'noSuchOp'" in refused.value.message
    with pytest.raises(ControlError, match="did you mean 'getCurrentApiToken'"):
        control.add_fault({"kind": "error", "status": 503, "target": "getCurrentApiTokn"})
    assert control.faults() == []


def test_the_client_seeds_results_as_runs_of_a_study_code(server):
    control = ControlClient(server.url)
    admin = {"Authorization": f"Bearer {control.fixture_tokens()[0]['token']}"}
    api = f"{server.url}/jatos/api/v1"
    code = requests.post(f"{api}/studies/1/studyCodes?type=ps&comment=p1", headers=admin).json()["data"][0]
    ids = control.add_results(1, data=b"\xff\x00 binary", study_code=code)
    r = requests.post(f"{api}/results/metadata", json={"studyIds": [1]}, headers=admin)
    found = {sr["id"]: sr for st in r.json()["data"] for sr in st["studyResults"]}[ids[0]]
    assert found["studyCode"] == code and found["comment"] == "p1"
    assert found["componentResults"][0]["data"]["size"] == len(b"\xff\x00 binary")
    with pytest.raises(ControlError) as refused:
        control.add_results(1, study_code="noSuchCode1")
    assert refused.value.status == 404 and "noSuchCode1" in refused.value.message
