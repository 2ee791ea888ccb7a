"""More of PyBossa's rules, each as the reference and the recorded traffic state it: keys, permissions of every
resource, visibility, newtask's answers, stats, favourites, JSONP, faults."""

import pbclient

from jatos_mock.pybossa import errors
from tests.pybossa.conftest import ADMIN, OWNER, VOLUNTEER


def test_the_authorization_header_wins_over_api_key(client):
    r = client.post(f"/api/project?api_key={VOLUNTEER}", headers={"Authorization": OWNER},
                    json={"name": "H", "short_name": "h", "description": "d"})
    assert r.get_json()["owner_id"] == 2
    bearer = client.get("/api/project/2", headers={"Authorization": f"Bearer {OWNER}"})
    assert bearer.status_code == 401  # "Bearer <key>" is no key: anonymous


def test_admin_is_in_the_owner_context_too(client):
    assert client.get(f"/api/project?api_key={ADMIN}").get_json() == []
    assert len(client.get(f"/api/project?api_key={ADMIN}&all=1").get_json()) == 2


def test_put_bodies_links_and_reserved_keys(client):
    empty_links = client.put(f"/api/task/3?api_key={OWNER}", json={"links": []}).get_json()
    assert (empty_links["exception_cls"], empty_links["exception_msg"]) == \
        ("TypeError", "'links' is an invalid keyword argument for Task")
    kept = client.put(f"/api/task/3?api_key={OWNER}", json={"n_answers": 4, "link": "x", "links": ["y"]})
    assert kept.status_code == 200 and kept.get_json()["n_answers"] == 4
    category = client.put(f"/api/category/1?api_key={ADMIN}", json={"id": 1, "name": "T"}).get_json()
    assert category["exception_msg"] == "Reserved keys in payload: id"
    assert client.put(f"/api/task/3?api_key={VOLUNTEER}", json={"n_answers": 5}).status_code == 403
    assert client.put("/api/task/3", json={"n_answers": 5}).status_code == 401


def test_results_permissions(client):
    reserved = client.post(f"/api/result?api_key={OWNER}", json={"project_id": 1, "task_id": 1}).get_json()
    assert (reserved["status_code"], reserved["exception_msg"]) == (400, "Reserved keys in payload")
    assert client.post(f"/api/result?api_key={OWNER}", json={"info": {}}).status_code == 403
    assert client.delete(f"/api/result/1?api_key={OWNER}").status_code == 403
    updated = client.put(f"/api/result/1?api_key={OWNER}", json={"info": {"agg": "yes"}}).get_json()
    assert updated["info"] == {"agg": "yes"} and list(updated)[0] == "id"
    assert client.put(f"/api/result/1?api_key={OWNER}", json={"task_id": 2}).status_code == 400


def test_task_run_update_and_delete_rules(client):
    in_result = client.get("/api/taskrun/1").get_json()
    assert in_result["user_id"] == 3  # volunteer's run of the completed task
    assert client.delete(f"/api/taskrun/1?api_key={VOLUNTEER}").status_code == 403  # part of a result
    assert client.delete("/api/taskrun/3").status_code == 401
    assert client.delete(f"/api/taskrun/3?api_key={OWNER}").status_code == 403  # not the owner's run
    assert client.delete(f"/api/taskrun/3?api_key={VOLUNTEER}").status_code == 204


def test_users_views_and_updates(client):
    own = client.get(f"/api/user/2?api_key={OWNER}").get_json()
    assert list(own) == ["created", "name", "fullname", "info", "n_answers", "registered_ago", "rank", "score",
                         "locale", "id", "email_addr"]
    other = client.get(f"/api/user/3?api_key={OWNER}").get_json()
    assert other == {"name": "volunteer", "locale": "en"}  # no id, no link
    changed = client.put(f"/api/user/3?api_key={VOLUNTEER}", json={"fullname": "Vic V", "restrict": True})
    row = changed.get_json()
    assert changed.status_code == 200 and row["api_key"] == VOLUNTEER and "passwd_hash" in row
    assert client.put(f"/api/user/3?api_key={OWNER}", json={"fullname": "x"}).status_code == 403
    assert client.get("/api/user/3").status_code == 401  # restricted: only the user may read it
    assert [u["name"] for u in client.get(f"/api/user?api_key={ADMIN}").get_json()] == ["admin", "owner"]
    assert client.post(f"/api/user?api_key={ADMIN}", json={}).get_json()["exception_cls"] == "MethodNotAllowed"


def test_drafts_hide_their_helping_materials_but_not_their_results(client):
    draft_task = client.get("/api/task?project_id=2").get_json()
    assert len(draft_task) == 1  # tasks of drafts are public
    hm = client.post(f"/api/helpingmaterial?api_key={OWNER}", json={"project_id": 2, "info": {"t": 1}}).get_json()
    assert client.get(f"/api/helpingmaterial/{hm['id']}").status_code == 401
    assert [h["id"] for h in client.get("/api/helpingmaterial?project_id=2").get_json()] == []
    assert client.get("/api/helpingmaterial?project_id=1").get_json()[0]["links"] == [
        "<link rel='parent' title='project' href='http://localhost/api/project/1'/>"]


def test_links_name_the_scheme_and_host_of_each_request(client):
    first = client.get("/api/task/1", base_url="http://a.example:8080").get_json()
    second = client.get("/api/task/1", base_url="https://b.example").get_json()
    again = client.get("/api/task?limit=1", base_url="http://a.example:8080").get_json()[0]
    assert first["link"] == again["link"] == "<link rel='self' title='task' href='http://a.example:8080/api/task/1'/>"
    assert second["link"] == "<link rel='self' title='task' href='https://b.example/api/task/1'/>"
    assert second["links"] == ["<link rel='parent' title='project' href='https://b.example/api/project/1'/>"]


def test_newtask_answers(client):
    assert client.put(f"/api/project/1?api_key={OWNER}", json={"allow_anonymous_contributors": False}).status_code \
        == 200
    closed = client.get("/api/project/1/newtask").get_json()
    assert closed["info"] == {"error": "This project does not allow anonymous contributors"} and closed["id"] is None
    several = client.get(f"/api/project/1/newtask?api_key={OWNER}&limit=3").get_json()
    assert [t["id"] for t in several] == [2, 3] and "link" not in several[0]  # ongoing tasks the owner did not answer
    assert client.get(f"/api/project/1/newtask?api_key={OWNER}&limit=abc").get_json()["exception_cls"] == \
        "ValueError"
    mine = client.get(f"/api/project/1/newtask?api_key={VOLUNTEER}").get_json()
    assert mine["id"] == 3  # volunteer answered tasks 1 and 2
    client.post(f"/api/taskrun?api_key={VOLUNTEER}", json={"project_id": 1, "task_id": 3, "info": {}})
    assert client.get(f"/api/project/1/newtask?api_key={VOLUNTEER}").get_json() == {}
    assert client.get(f"/api/task?participated=1&api_key={VOLUNTEER}&all=1").get_json()[0]["id"] == 4


def test_stats(client):
    with_stats = client.get(f"/api/project/1?api_key={OWNER}&stats=1").get_json()
    assert with_stats["stats"]["project_id"] == 1 and with_stats["stats"]["last_activity"] == "0"
    assert client.get("/api/projectstats?project_id=1").get_json()[0]["links"] == [
        "<link rel='parent' title='project' href='http://localhost/api/project/1'/>"]
    stats = client.get("/api/globalstats").get_json()
    assert list(stats) == ["n_projects", "n_users", "n_tasks", "n_task_runs", "n_pending_tasks", "n_results",
                           "categories"]
    assert stats["categories"] == [{"thinking": 1}, {"featured": 0}, {"draft": 1}]
    assert (stats["n_projects"], stats["n_users"], stats["n_tasks"], stats["n_task_runs"]) == (2, 3, 36, 3)


def test_favorites_and_disqus(client):
    assert client.get("/api/favorites").get_json()["target"] == "task"
    added = client.post(f"/api/favorites?api_key={VOLUNTEER}", json={"task_id": 2}).get_json()
    assert added["fav_user_ids"] == [3]
    assert [t["id"] for t in client.get(f"/api/favorites?api_key={VOLUNTEER}").get_json()] == [2]
    assert client.put(f"/api/favorites/2?api_key={VOLUNTEER}", json={}).get_json()["exception_cls"] == \
        "MethodNotAllowed"
    removed = client.delete(f"/api/favorites/2?api_key={VOLUNTEER}").get_json()
    assert removed["fav_user_ids"] == []
    assert client.delete(f"/api/favorites/2?api_key={VOLUNTEER}").get_json()["action"] == "DEL"
    disqus = client.get("/api/disqus/sso").get_json()
    assert (disqus["status_code"], disqus["target"], disqus["exception_msg"]) == \
        (405, "DISQUS_SSO", "Disqus keys are missing")


def test_jsonp_on_a_list_wraps_the_415(client):
    r = client.get("/api/task?limit=1&callback=cb")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "application/javascript"
    assert text.startswith("cb(b'{") and "AttributeError" in text and "callback" in text  # a bytes repr inside


def test_blogposts_and_announcements(client):
    post = client.post(f"/api/blogpost?api_key={OWNER}", json={"project_id": 1, "title": "T", "body": "B"})
    assert post.status_code == 200 and post.get_json()["user_id"] == 2
    assert client.post(f"/api/blogpost?api_key={VOLUNTEER}",
                       json={"project_id": 1, "title": "T", "body": "B"}).status_code == 403
    reserved = client.post(f"/api/blogpost?api_key={OWNER}", json={"project_id": 1, "user_id": 3}).get_json()
    assert reserved["exception_msg"] == "Reserved keys in payload: user_id"
    assert client.post(f"/api/announcement?api_key={OWNER}", json={"title": "A", "body": "B"}).status_code == 403
    note = client.post(f"/api/announcement?api_key={ADMIN}", json={"title": "A", "body": "B"}).get_json()
    assert note["user_id"] == 1 and list(note)[:3] == ["id", "created", "user_id"]


def test_an_injected_fault_answers_pybossas_error_object(pybossa):
    import requests

    pybossa.add_fault("error:503@api_task.get")
    answer = requests.get(f"{pybossa.api_url}/task", timeout=10)
    assert answer.status_code == 503 and list(answer.json()) == ["action", "status", "status_code", "target",
                                                                  "exception_cls", "exception_msg"]
    assert requests.get(f"{pybossa.api_url}/project", timeout=10).status_code == 200


def test_readme_example(pybossa):
    pbclient.set("endpoint", pybossa.url)
    pbclient.set("api_key", pybossa.api_key("owner"))
    project = pbclient.create_project("Birds", "birds", "Count birds")
    pbclient.create_task(project.id, {"photo": "a.jpg"}, n_answers=2)
    pybossa.publish(project.id)
    assert pybossa.secret_key(project.id)
    pbclient.set("api_key", None)
    assert errors.NOT_FOUND_TEXT  # (the module's texts are what the mock writes)
