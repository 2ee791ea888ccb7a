"""PyBossa's answers, errors, query language, task life cycle and rate limit, through Flask's test client
(reference §1-§6, §11; bytes and texts from pybossa-real-traffic.md)."""

import json

from jatos_mock.pybossa import errors
from tests.pybossa.conftest import ADMIN, OWNER, VOLUNTEER


def _new_project(client, key=OWNER, short="p1"):
    r = client.post(f"/api/project?api_key={key}", json={"name": short, "short_name": short, "description": "d"})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def test_create_answers_200_row_in_column_order_without_links(client):
    r = client.post("/api/project", headers={"Authorization": OWNER},
                    json={"name": "P", "short_name": "pp", "description": "d", "info": {"xyz": 1}})
    body = r.get_json()
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert list(body) == ["id", "created", "updated", "name", "short_name", "description", "long_description",
                          "webhook", "allow_anonymous_contributors", "published", "featured", "secret_key",
                          "zip_download", "contacted", "owner_id", "category_id", "info", "owners_ids"]
    assert body["published"] is False and body["owner_id"] == 2 and body["owners_ids"] == [2]
    assert r.get_data(as_text=True).startswith('{"id": ')  # json.dumps' default separators
    deleted = client.delete(f"/api/project/{body['id']}?api_key={OWNER}")
    assert deleted.status_code == 204 and deleted.get_data() == b"" and deleted.mimetype == "application/json"


def test_error_objects_401_403_400_415(client):
    anon = client.post("/api/project", json={"name": "X", "short_name": "x", "description": "d"})
    assert anon.status_code == 401 and anon.get_json() == {
        "action": "POST", "status": "failed", "status_code": 401, "target": "project",
        "exception_cls": "Unauthorized", "exception_msg": errors.UNAUTHORIZED_TEXT}
    bad_key = client.post("/api/project?api_key=not-a-key", json={"name": "X", "short_name": "x", "description": "d"})
    assert bad_key.status_code == 401  # an unknown key is anonymous
    assert client.get("/api/category?api_key=not-a-key").status_code == 200
    cases = [({"name": "Y", "short_name": "y", "description": "d", "id": 9}, 400, "BadRequest",
              "Reserved keys in payload"),
             ({"name": "Y", "short_name": "y", "description": "d", "published": True}, 403, "Forbidden",
              "You cannot publish a project via the API"),
             ({"name": "Y", "short_name": "y", "description": "d", "wrong": 1}, 415, "TypeError",
              "'wrong' is an invalid keyword argument for Project"),
             ({"name": "Y", "short_name": "new", "description": "d"}, 415, "ValueError",
              "Project short_name is not valid, as it's used by the system."),
             ({"name": "Z", "short_name": "z", "description": "d", "category_id": 999}, 400, "BadRequest",
              "category_id does not exist")]
    for body, status, cls, message in cases:
        r = client.post(f"/api/project?api_key={OWNER}", json=body)
        assert (r.status_code, r.get_json()["exception_cls"], r.get_json()["exception_msg"]) == (status, cls, message)
    nodesc = client.post(f"/api/project?api_key={OWNER}", json={"name": "N", "short_name": "n"}).get_json()
    assert nodesc["exception_cls"] == "DBIntegrityError" and 'column "description"' in nodesc["exception_msg"]
    not_json = client.post(f"/api/project?api_key={OWNER}", data="name=Y", content_type="text/plain").get_json()
    assert (not_json["exception_cls"], not_json["exception_msg"]) == ("ValueError",
                                                                      "Expecting value: line 1 column 1 (char 0)")
    unknown_arg = client.get("/api/project?foo=bar").get_json()
    assert unknown_arg["exception_msg"] == "type object 'Project' has no attribute 'foo'"
    missing = client.get("/api/project/9999").get_json()
    assert missing["exception_msg"] == f"404 Not Found: {errors.NOT_FOUND_TEXT}"
    assert client.delete("/api/user/3?api_key=" + ADMIN).get_json()["action"] == "DEL"


def test_routing_misses_are_html_or_json(loose_client):
    client = loose_client
    for path in ("/api/project/abc", "/api/project/", "/api/token"):
        r = client.get(path)
        assert r.status_code == 404 and r.mimetype == "text/html" and "X-RateLimit-Limit" not in r.headers
    r = client.get("/api/nothing", headers={"Content-Type": "application/json"})
    assert r.get_json() == {"code": 404, "description": errors.NOT_FOUND_TEXT, "template": "404.html"}
    put = client.put("/api/project", json={})
    assert put.status_code == 405 and put.mimetype == "text/html" and "POST" in put.headers["Allow"]
    assert client.post("/api/globalstats").status_code == 405  # GlobalStatsAPI has no post: werkzeug's HTML 405
    pre = client.options("/api/project", headers={"Origin": "http://example.org",
                                                   "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 200 and pre.headers["Access-Control-Allow-Origin"] == "http://example.org"
    assert client.get("/api/").get_data() == b"The PYBOSSA API"


def test_drafts_owner_context_and_visibility(client):
    assert [p["short_name"] for p in client.get("/api/project").get_json()] == ["birdcounts"]
    assert client.get("/api/project/2").status_code == 401
    assert client.get(f"/api/project/2?api_key={VOLUNTEER}").status_code == 403
    public = client.get("/api/project/1").get_json()
    assert "secret_key" not in public and public["info"] == {"task_presenter": "<div>How many birds?</div>",
                                                              "sched": "default"}
    assert public["links"] == ["<link rel='category' title='category' href='http://localhost/api/category/1'/>"]
    assert client.get(f"/api/task?api_key={VOLUNTEER}").get_json() == []  # owner context
    assert len(client.get(f"/api/task?api_key={VOLUNTEER}&all=1").get_json()) == 4
    assert len(client.get(f"/api/task?api_key={VOLUNTEER}&all=true").get_json()) == 0
    admin_all = client.get(f"/api/project?api_key={ADMIN}&all=1").get_json()
    assert [p["short_name"] for p in admin_all] == ["birdcounts", "draftsurvey"] and "secret_key" in admin_all[1]
    assert client.get("/api/user").get_json() == [
        {"name": "admin", "locale": "en"},
        {"created": client.get("/api/user").get_json()[1]["created"], "name": "owner", "fullname": "Olga Owner",
         "locale": "en"},
        {"name": "volunteer", "locale": "en"}]


def test_query_language_edges(client):
    for n in range(25):
        client.post(f"/api/task?api_key={OWNER}", json={"project_id": 1, "info": {"n": n, "question": f"q{n}"}})
    assert len(client.get("/api/task?project_id=1").get_json()) == 20
    assert len(client.get("/api/task?limit=500").get_json()) == 29
    assert len(client.get("/api/task?limit=abc").get_json()) == 20
    assert client.get("/api/task?limit=0").get_json() == []
    assert client.get("/api/task?limit=-1").get_json()["exception_cls"] == "DataError"
    assert [t["id"] for t in client.get("/api/task?last_id=20&desc=true&limit=3").get_json()] == [21, 22, 23]
    assert [t["id"] for t in client.get("/api/task?orderby=id&desc=true&limit=2").get_json()] == [29, 28]
    assert client.get("/api/task?desc=maybe").get_json()["exception_msg"] == "Invalid literal for boolean(): maybe"
    assert client.get("/api/task?orderby=nope").get_json()["exception_msg"] == \
        "type object 'Task' has no attribute 'nope'"
    assert [t["info"]["n"] for t in client.get("/api/task?info=question::q7").get_json()] == [7]
    assert [t["info"]["n"] for t in client.get('/api/task?info={"n": 11}').get_json()] == [11]
    assert client.get("/api/task?info=11").get_json() == []
    assert [t["info"]["n"] for t in client.get("/api/task?info=question::q10|n::10").get_json()] == [10]
    ranked = client.get("/api/task?info=question::q12&fulltextsearch=1").get_json()
    assert ranked[0]["headline"] == "<b>q12</b>" and ranked[0]["rank"] == 0.1
    assert len(client.get("/api/task?project_id=abc&limit=100").get_json()) == 29
    assert len(client.get("/api/task?project_id=[2,999]").get_json()) == 1
    assert client.get("/api/task?n_answers=abc").get_json()["exception_cls"] == "DataError"
    assert client.get("/api/task?external_uid=x").get_json()["status_code"] == 500
    related = client.get("/api/task/1?related=False").get_json()
    assert len(related["task_runs"]) == 2 and related["result"]["task_run_ids"] == [1, 2]
    jsonp = client.get("/api/category/1?callback=cb")
    assert jsonp.mimetype == "application/javascript" and jsonp.get_data(as_text=True).startswith("cb(b'{")
    assert len(client.get(f"/api/task?created={client.get('/api/task/1').get_json()['created'][:4]}&limit=100")
               .get_json()) == 29


def test_task_life_cycle(client):
    project = _new_project(client)
    task = client.post(f"/api/task?api_key={OWNER}", json={"project_id": project["id"], "info": {"a": 1},
                                                            "n_answers": "1"}).get_json()
    assert task["n_answers"] == 1 and task["state"] == "ongoing"
    assert client.post(f"/api/task?api_key={OWNER}", json={"project_id": project["id"]}).get_json()["n_answers"] == 30
    run = {"project_id": project["id"], "task_id": task["id"], "info": {"answer": "yes"}}
    assert client.post("/api/taskrun", json=run).get_json()["exception_msg"] == "You must request a task first!"
    assert client.get(f"/api/project/{project['id']}/newtask").get_json()["id"] == task["id"]
    created = client.post("/api/taskrun", json=run).get_json()
    assert created["user_ip"] == "124.252.3.233" and created["user_id"] is None  # Crypto-PAn of 127.0.0.1
    again = client.post("/api/taskrun", json=run).get_json()
    assert again["status_code"] == 403 and again["exception_msg"] == "You must request a task first!"
    assert client.get(f"/api/task/{task['id']}").get_json()["state"] == "completed"
    results = client.get(f"/api/result?project_id={project['id']}").get_json()
    assert [r["task_run_ids"] for r in results] == [[created["id"]]] and results[0]["info"] is None
    assert client.delete(f"/api/project/{project['id']}?api_key={OWNER}").status_code == 403
    assert client.delete(f"/api/task/{task['id']}?api_key={OWNER}").status_code == 403
    reopened = client.put(f"/api/task/{task['id']}?api_key={OWNER}", json={"info": {"a": 2}}).get_json()
    assert reopened["state"] == "ongoing"
    assert client.get(f"/api/project/{project['id']}/userprogress").get_json() == {"done": 1, "total": 2}
    assert client.delete(f"/api/task/{task['id']}?api_key={ADMIN}").status_code == 204
    assert client.get(f"/api/result?project_id={project['id']}").get_json() == []
    assert client.get("/api/project/9999/newtask").get_json()["target"] == "project"


def test_project_jwt_and_external_uid(client):
    key = client.get(f"/api/project/1?api_key={OWNER}").get_json()["secret_key"]
    refused = client.get("/api/auth/project/birdcounts/token").get_json()
    assert (refused["action"], refused["target"]) == ("AUTH_JWT_PROJECT", "/api/auth/project/birdcounts/token")
    assert client.get("/api/auth/project/birdcounts/token", headers={"Authorization": "x"}).status_code == 404
    token = client.get("/api/auth/project/birdcounts/token", headers={"Authorization": key})
    assert token.mimetype == "text/html"
    missing = client.get("/api/project/1/newtask?external_uid=u1")
    assert missing.status_code == 401 and missing.get_json() == {"code": "invalid_header",
                                                                  "description": "Missing Authorization header"}
    bearer = {"Authorization": f"Bearer {token.get_data(as_text=True)}"}
    task = client.get("/api/project/1/newtask?external_uid=u1", headers=bearer).get_json()
    run = client.post("/api/taskrun?external_uid=u1", headers=bearer,
                      json={"project_id": 1, "task_id": task["id"], "external_uid": "u1", "info": {}}).get_json()
    assert run["external_uid"] == "u1" and run["user_id"] is None and run["user_ip"] is None


def test_rate_limit_299_then_429_with_path_target(client, app):
    first = client.head("/api/task")
    assert first.headers["X-RateLimit-Remaining"] == "299" and first.headers["X-RateLimit-Limit"] == "300"
    reset = int(first.headers["X-RateLimit-Reset"])
    assert reset % 900 == 0
    for _ in range(297):
        client.post(f"/api/task?api_key={OWNER}", json={"project_id": 1})  # the same bucket as HEAD
    last_ok = client.get("/api/task?limit=1")
    assert last_ok.status_code == 200 and last_ok.headers["X-RateLimit-Remaining"] == "1"
    refused = client.get("/api/task")
    assert refused.status_code == 429 and refused.headers["X-RateLimit-Remaining"] == "0"
    assert json.loads(refused.get_data()) == {
        "action": "GET", "status": "failed", "status_code": 429, "target": "/api/task",
        "exception_cls": "TooManyRequests", "exception_msg": f"429 Too Many Requests: {errors.TOO_MANY_REQUESTS_TEXT}"}
    assert client.get("/api/category").headers["X-RateLimit-Remaining"] == "299"  # another endpoint's bucket
