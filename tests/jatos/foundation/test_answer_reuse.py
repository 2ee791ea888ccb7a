"""Reads answered again for the same request at an unchanged state (core/http/answer_cache.py): the reused answer is
the same bytes, the journal, ledger and deviations header are kept per request, and any change of the state, the
clock or the configuration makes the next answer a fresh one."""

import pytest

from jatos_mock.core.http.answer_cache import AnswerCache
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
API = "/jatos/api/v1"
READS = {  # the operations that opt in, as (method, path, JSON body)
    "getCurrentApiToken": ("GET", f"{API}/admin/token", None),
    "getStudyProperties": ("GET", f"{API}/studies/1/properties?withComponentProperties=true", None),
    "exportResultsMetadata": ("POST", f"{API}/results/metadata", {"studyIds": [1]}),
    "exportResultsMetadata download": ("POST", f"{API}/results/metadata?download=true", {"studyIds": [1]}),
    "getAdminStatus": ("GET", f"{API}/admin/status", None),
    "listStudyProperties": ("GET", f"{API}/studies/properties?withBatchProperties=true", None),
    "listComponents": ("GET", f"{API}/studies/1/components", None),
    "getComponent": ("GET", f"{API}/components/1", None),
    "listBatches": ("GET", f"{API}/studies/1/batches", None),
    "listStudyMembers": ("GET", f"{API}/studies/1/members", None),
    "getStudyAssetsStructure": ("GET", f"{API}/studies/1/assets/structure?flatten=true", None),
    "listUsers": ("GET", f"{API}/users", None),
    "getUser": ("GET", f"{API}/users/1", None),
    "listApiTokensOfUser": ("GET", f"{API}/users/1/tokens", None),
}


def _app(**settings):
    app = create_app(Settings(seed=1, **settings))
    return app, app.test_client(), app.extensions["jatos_mock"]


def _send(client, case, headers=ADMIN):
    method, path, body = case
    return client.open(path, method=method, json=body, headers=headers)


def _seen(answer) -> tuple:
    return answer.status_code, sorted(answer.headers.items()), answer.get_data()


@pytest.mark.parametrize("name", sorted(READS))
def test_a_reused_answer_is_the_fresh_answer_byte_for_byte(name):
    _, client, rt = _app()
    _, fresh_client, fresh_rt = _app()
    first, second = _send(client, READS[name]), _send(client, READS[name])
    assert len(rt.answers) == 1  # the second came from the cache
    fresh_rt.answers = AnswerCache(size=0)  # an app that keeps nothing: every answer computed
    assert _seen(first) == _seen(second) == _seen(_send(fresh_client, READS[name]))
    journal = [(e.seq, e.method, e.status) for e in rt.journal.entries()]
    assert journal == [(1, READS[name][0], 200), (2, READS[name][0], 200)]
    assert "X-Jatos-Mock-Deviations" in second.headers


def test_the_ledger_gets_a_reused_answers_violations_for_every_request():
    app, client, rt = _app()
    broken = {"getCurrentApiToken": {"200": {"application/json": {"type": "object", "required": ["nowhere"]}}}}
    op = rt.validator.by_id["getCurrentApiToken"]
    op.responses = broken["getCurrentApiToken"]  # a contract this answer breaks
    _send(client, READS["getCurrentApiToken"])
    _send(client, READS["getCurrentApiToken"])
    assert len(rt.answers) == 1
    assert [v.seq for v in rt.ledger.entries()] == [1, 2]
    assert rt.ledger.entries()[0].problems == rt.ledger.entries()[1].problems


def test_a_write_between_two_reads_gives_the_new_state():
    _, client, rt = _app()
    case = READS["getStudyProperties"]
    before = _send(client, case).get_json()["data"]["title"]
    changed = client.patch(f"{API}/studies/1/properties", json={"title": before + " (changed)"}, headers=ADMIN)
    assert changed.status_code == 200
    assert _send(client, case).get_json()["data"]["title"] == before + " (changed)"


def test_a_change_outside_a_write_gives_the_new_state():
    _, client, rt = _app()
    case = READS["getStudyProperties"]
    _send(client, case)
    rt.store.state.studies[1].title = "changed without a write"  # counted too, though no write records it
    assert _send(client, case).get_json()["data"]["title"] == "changed without a write"


def test_a_reset_gives_the_fixtures_state_again():
    _, client, rt = _app()
    case = READS["getStudyProperties"]
    before = _send(client, case).get_data()
    client.patch(f"{API}/studies/1/properties", json={"title": "changed"}, headers=ADMIN)
    assert _send(client, case).get_data() != before
    assert client.post("/__mock__/reset", headers={"X-Jatos-Mock-Control": "1"}).status_code == 200
    assert _send(client, case).get_data() == before


def test_moving_the_clock_gives_an_answer_at_the_new_time():
    _, client, rt = _app()
    minted = client.post("/__mock__/tokens", json={"username": "admin", "expires": 60}).get_json()
    headers = {"Authorization": f"Bearer {minted['token']}"}
    case = READS["getCurrentApiToken"]
    assert _send(client, case, headers).get_json()["data"]["isExpired"] is False
    assert _send(client, case, headers).get_json()["data"]["isExpired"] is False  # reused
    client.post("/__mock__/clock", json={"advance": 30_000})
    client.post("/__mock__/clock", json={"advance": -30_000})  # back at the same instant: still a change
    assert len(rt.answers) == 1
    assert _send(client, case, headers).status_code == 200
    client.post("/__mock__/clock", json={"advance": 61_000})
    assert _send(client, case, headers).status_code == 401  # auth runs for every request: now expired


def test_a_handler_that_reads_a_running_clock_is_not_reused():
    app = create_app(Settings())  # no seed: the clock runs
    client, rt = app.test_client(), app.extensions["jatos_mock"]
    _send(client, READS["getCurrentApiToken"])
    assert len(rt.answers) == 0
    _send(client, READS["getStudyProperties"])  # reads no time: kept whatever the clock does
    assert len(rt.answers) == 1


def test_a_changed_configuration_gives_a_fresh_answer():
    _, client, rt = _app()
    case = READS["getStudyProperties"]
    assert _send(client, case).status_code == 200
    assert client.put("/__mock__/config", json={"jatos.api.allowed": False}).status_code == 200
    assert _send(client, case).status_code == 403  # auth refuses before any answer is reused


def test_each_request_its_own_key():
    _, client, rt = _app()
    _send(client, READS["getStudyProperties"])
    other = ("GET", f"{API}/studies/1/properties", None)
    with_flag = _send(client, READS["getStudyProperties"]).get_json()["data"]
    without = _send(client, other).get_json()["data"]
    assert len(rt.answers) == 2
    assert with_flag != without  # the component properties come only with the flag


def test_the_other_fidelity_is_answered_on_its_own():
    _, client, rt = _app()
    _, fresh_client, fresh_rt = _app()
    fresh_rt.answers = AnswerCache(size=0)
    spec = dict(ADMIN, **{"X-Jatos-Mock-Fidelity": "spec"})
    case = READS["exportResultsMetadata"]
    for headers in (ADMIN, spec, ADMIN, spec):
        assert _seen(_send(client, case, headers)) == _seen(_send(fresh_client, case, headers))
    assert len(rt.answers) == 2


def test_an_answer_that_shows_the_time_follows_the_clock():
    _, client, rt = _app()
    case = READS["exportResultsMetadata download"]  # the file name carries the time
    first = _send(client, case).headers["Content-Disposition"]
    assert _send(client, case).headers["Content-Disposition"] == first
    client.post("/__mock__/clock", json={"advance": 1000})
    later = _send(client, case).headers["Content-Disposition"]
    assert later != first and later.replace("01.json", "00.json") == first


def test_a_registered_fault_fires_on_a_request_whose_answer_was_kept():
    _, client, rt = _app()
    case = READS["getStudyProperties"]
    kept = _send(client, case).get_data()
    assert client.post("/__mock__/faults", json="error:503@getStudyProperties").status_code == 201
    assert _send(client, case).status_code == 503  # faults decide per request: nothing is reused while any is set
    assert client.delete("/__mock__/faults", headers={"X-Jatos-Mock-Control": "1"}).status_code == 200
    assert _send(client, case).get_data() == kept


def test_auth_runs_again_for_a_reused_answer():
    _, client, rt = _app()
    minted = client.post("/__mock__/tokens", json={"username": "admin", "expires": 60}).get_json()
    headers = {"Authorization": f"Bearer {minted['token']}"}
    case = READS["getStudyProperties"]  # its handler reads no time: the answer stays fresh while the clock moves
    assert _send(client, case, headers).status_code == 200
    assert _send(client, case, headers).status_code == 200
    client.post("/__mock__/clock", json={"advance": 61_000})
    expired = _send(client, case, headers)
    assert expired.status_code == 401 and expired.get_json()["error"]["code"] == "INVALID_API_TOKEN"
    assert [e.status for e in rt.journal.entries()][-3:] == [200, 200, 401]


def test_the_body_is_part_of_the_key():
    _, client, rt = _app()
    one = ("POST", f"{API}/results/metadata", {"studyIds": [1]})
    two = ("POST", f"{API}/results/metadata", {"componentIds": [1]})
    first, second = _send(client, one).get_json(), _send(client, two).get_json()
    assert _send(client, one).get_json() == first and _send(client, two).get_json() == second
    assert first != second and len(rt.answers) == 2


def test_over_http_a_chunked_body_is_keyed_by_its_content():
    import requests

    from jatos_mock.core.server import MockServer

    app, _, rt = _app()
    server = MockServer(app).start()
    try:
        url = f"{server.url}{API}/results/metadata"
        headers = dict(ADMIN, **{"Content-Type": "application/json"})
        sized = requests.post(url, data=b'{"studyIds":[1]}', headers=headers)
        chunked_same = requests.post(url, data=iter([b'{"studyIds":', b"[1]}"]), headers=headers)
        chunked_other = requests.post(url, data=iter([b'{"componentIds":', b"[1]}"]), headers=headers)
        assert sized.status_code == chunked_same.status_code == chunked_other.status_code == 200
        assert chunked_same.content == sized.content
        assert chunked_other.json() != sized.json()
        assert [e.status for e in rt.journal.entries()] == [200, 200, 200]
    finally:
        server.stop()


def test_the_cache_keeps_its_count_and_bytes_bounded():
    _, client, rt = _app()
    rt.answers = AnswerCache(size=3, max_bytes=8_000)
    for case in ("getStudyProperties", "listComponents", "getComponent", "listBatches", "getUser"):
        assert _send(client, READS[case]).status_code == 200
    assert len(rt.answers) == 3
    assert _send(client, READS["exportResultsMetadata"]).status_code == 200  # 7.9 KB: the others make room
    assert len(rt.answers) == 1


def test_concurrent_reads_and_writes_over_http_see_only_written_states():
    import threading

    import requests

    from jatos_mock.core.server import MockServer

    app, _, rt = _app()
    server = MockServer(app, threads=8).start()
    url = f"{server.url}{API}/studies/1/properties"
    written = ["Reaction Time Demo"] + [f"title {n}" for n in range(20)]
    seen, errors = set(), []

    def read():
        with requests.Session() as session:
            for _ in range(60):
                answer = session.get(url, headers=ADMIN)
                if answer.status_code != 200:
                    errors.append(answer.status_code)
                else:
                    seen.add(answer.json()["data"]["title"])

    try:
        readers = [threading.Thread(target=read) for _ in range(4)]
        for thread in readers:
            thread.start()
        with requests.Session() as session:
            for title in written[1:]:
                assert session.patch(url, json={"title": title}, headers=ADMIN).status_code == 200
        for thread in readers:
            thread.join()
        assert not errors
        assert seen <= set(written)  # never a state that was not written
        assert requests.get(url, headers=ADMIN).json()["data"]["title"] == written[-1]
        assert len(rt.journal.entries()) == 4 * 60 + 20 + 1
    finally:
        server.stop()
