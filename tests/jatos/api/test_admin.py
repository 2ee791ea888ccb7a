"""Admin endpoints: status, current token, the log file list and log file download (Api.status, Api.logs)."""

import zlib

import pytest

from jatos_mock.core.state.clock import FIXED_EPOCH_MS


def test_status_counts_the_real_state(api):
    before = api.call("GET", "admin/status").json["data"]
    r = api.call("POST", "studies", user="researcher", json={"title": "Counted"})
    new_id = r.json["data"]["id"]
    api.call("POST", "users", json={"username": "counted", "name": "C", "password": "1234567"})
    data = api.call("GET", "admin/status").json["data"]
    assert data["studyCount"] == before["studyCount"] + 1
    assert data["studyCountTotal"] == new_id  # the highest id in use
    assert data["userCount"] == before["userCount"] + 1
    assert data["workerCount"] == before["workerCount"] + 1  # every user has a Jatos worker
    assert data["serverTime"] == FIXED_EPOCH_MS
    api.call("DELETE", f"studies/{new_id}", user="researcher")
    after = api.call("GET", "admin/status").json["data"]
    assert after["studyCount"] == before["studyCount"]
    assert api.violations() == []


def test_status_server_time_follows_the_clock(api):
    api.runtime.store.clock.advance(90_000)
    assert api.call("GET", "admin/status").json["data"]["serverTime"] == FIXED_EPOCH_MS + 90_000


def test_status_latest_users_by_last_seen_without_the_caller(api):
    with api.runtime.store.write() as state:
        state.users[1].last_seen = FIXED_EPOCH_MS + 9_000  # the caller: never listed
        state.users[2].last_seen = FIXED_EPOCH_MS + 1_500
        state.users[4].last_seen = FIXED_EPOCH_MS + 5_000
    data = api.call("GET", "admin/status").json["data"]
    assert data["latestUsers"] == [
        {"username": "coauthor", "name": "Cora Coauthor", "authMethod": "DB", "time": "2024-01-01T00:00:05Z"},
        {"username": "researcher", "name": "Rita Researcher", "authMethod": "DB", "time": "2024-01-01T00:00:01.500Z"},
    ]
    assert api.violations() == []


def test_status_latest_study_runs(api):
    from jatos_mock.jatos.domain import results
    with api.runtime.store.write() as state:
        study = state.studies[min(state.studies)]
        sr = results.add_study_result(state, "uuid-1", study.id, study.batch_ids[0], 1)
        sr.last_seen_date = FIXED_EPOCH_MS + 10**9  # newer than any fixture run
        runs_seen = sum(1 for r in state.study_results.values() if r.last_seen_date is not None)
    runs = api.call("GET", "admin/status").json["data"]["latestStudyRuns"]
    assert len(runs) == min(runs_seen, 10)
    assert [r["time"] for r in runs] == sorted((r["time"] for r in runs), reverse=True)
    assert runs[0]["studyTitle"] == study.title and runs[0]["time"] == FIXED_EPOCH_MS + 10**9
    assert {m["username"] for m in runs[0]["members"]} == {api.runtime.store.state.users[i].username
                                                           for i in study.member_ids}
    assert api.violations() == []


@pytest.mark.parametrize("path", ["admin/status", "admin/logs/list", "admin/logs/application.log"])
def test_admin_endpoints_need_the_admin_role(api, path):
    r = api.call("GET", path, user="researcher")
    assert r.status_code == 401
    assert r.json["error"]["code"] == "INVALID_API_TOKEN"


def test_log_list_shows_the_mocks_own_log_files(api):
    api.call("GET", "admin/status")
    r = api.call("GET", "admin/logs/list")
    assert r.status_code == 200
    files = {node["name"]: node for node in r.json["data"]}
    assert {"application.log", "loader.log"} <= set(files)
    node = files["application.log"]
    assert node["type"] == "file" and node["path"] == "application.log"
    content = api.call("GET", "admin/logs/application.log").data
    assert node["size"] == len(content) - len(content.splitlines()[-1]) - 1  # the download itself was logged since
    assert "content" not in node and isinstance(node["checksum"], int)
    assert api.violations() == []


def test_log_file_download_lists_every_request(api):
    api.call("GET", "users/2")
    api.call("GET", "users/999")
    r = api.call("GET", "admin/logs/application.log")
    assert r.status_code == 200
    assert r.mimetype == "application/octet-stream"
    assert r.headers["Content-Disposition"] == 'attachment; filename="jatos_logs_application.log"'
    assert int(r.headers["Content-Length"]) == len(r.data)
    lines = r.get_data(as_text=True).splitlines()
    assert "jatos_mock started" in lines[0]
    assert any("GET /jatos/api/v1/users/2 -> 200" in line for line in lines)
    assert any("GET /jatos/api/v1/users/999 -> 404" in line for line in lines)
    assert lines[0].startswith("2024-01-01 00:00:00,000")
    listed = {n["name"]: n for n in api.call("GET", "admin/logs/list").json["data"]}
    logged_since = api.call("GET", "admin/logs/application.log").data
    assert logged_since.startswith(r.data)
    as_listed = logged_since[: logged_since.rstrip(b"\n").rfind(b"\n") + 1]  # without the line of the listing
    assert listed["application.log"]["checksum"] == zlib.adler32(as_listed)
    assert listed["application.log"]["size"] == len(as_listed)
    assert api.violations() == []


def test_loader_log_is_written_at_start_up(api):
    text = api.call("GET", "admin/logs/loader.log").get_data(as_text=True)
    assert "loaded 4 users" in text


def test_reverse_log_is_newest_first_and_limited(api):
    for i in range(3):
        api.call("GET", f"users/{i + 1}")
    r = api.call("GET", "admin/logs/application.log?reverse=true&limit=2")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; charset=UTF-8"
    lines = r.get_data(as_text=True).splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("GET /jatos/api/v1/users/3 -> 200")
    assert lines[1].endswith("GET /jatos/api/v1/users/2 -> 200")
    all_lines = api.call("GET", "admin/logs/application.log?reverse=1").get_data(as_text=True).splitlines()
    assert len(all_lines) >= 4
    assert api.call("GET", "admin/logs/application.log?reverse=true&limit=0").data == b""
    assert api.call("GET", "admin/logs/application.log?reverse=true&limit=-5").data == b""
    assert api.violations() == []


def test_log_query_parameters_are_bound_before_auth(api):
    r = api.call("GET", "admin/logs/application.log?limit=x", user=None)
    assert r.status_code == 400
    assert r.json["error"] == {"code": "CLIENT_ERROR",
                               "message": 'Cannot parse parameter limit as Int: For input string: "x"'}
    r = api.call("GET", "admin/logs/application.log?reverse=yes")
    assert (r.status_code, r.json["error"]["code"]) == (400, "CLIENT_ERROR")


def test_spec_fidelity_ignores_the_undocumented_log_parameters(spec_api):
    r = spec_api.call("GET", "admin/logs/application.log?reverse=true&limit=x")
    assert r.status_code == 200
    assert r.mimetype == "application/octet-stream"
    assert spec_api.violations() == []


@pytest.mark.parametrize("name", ["nope.log", "..%2Floader.log", "%2Fetc%2Fpasswd", "a%3Ab.log",
                                  "loader.log%00", "..", "application.log%2F..%2F..%2Fx", "%252E%252E%252Fx"])
def test_unknown_or_escaping_log_file_names_are_not_found(api, name):
    r = api.call("GET", f"/jatos/api/v1/admin/logs/{name}")
    assert r.status_code == 404
    assert r.json["error"] == {"code": "NOT_FOUND", "message": "Log file not found"}
    assert api.violations() == []


@pytest.mark.parametrize("name", ["a/b", "../loader.log", "logs/application.log"])
def test_a_log_file_name_with_a_slash_matches_no_route(api, name):
    for user in ("admin", None):  # routing comes before auth
        r = api.call("GET", f"/jatos/api/v1/admin/logs/{name}", user=user)
        assert r.status_code == 404
        assert r.json["error"]["message"] == f"Requested page GET /jatos/api/v1/admin/logs/{name} couldn't be found."


def test_log_file_names_are_decoded_once_more(api):
    r = api.call("GET", "/jatos/api/v1/admin/logs/loader%252Elog")  # %25 -> %, then %2E -> .
    assert r.status_code == 200
    assert b"loaded" in r.data
    r = api.call("GET", "/jatos/api/v1/admin/logs/.%2Floader.log")
    assert r.status_code == 200
