"""pybossa-client 3.0.0 (pbclient) runs its workflow against the mock over HTTP (reference §8, §11)."""

import pbclient
import pytest

from tests.pybossa.conftest import ADMIN, OWNER, VOLUNTEER


@pytest.fixture
def pb(server_url):
    pbclient.set("endpoint", server_url)
    pbclient.set("api_key", OWNER)
    yield pbclient
    pbclient.set("api_key", None)


def test_project_task_result_workflow(pb, server_url):
    project = pb.create_project("Client Project", "clientproj", "made by pbclient")
    assert isinstance(project, pb.Project) and project.id
    duplicate = pb.create_project("Client Project", "clientproj", "again")
    assert duplicate["exception_cls"] == "DBIntegrityError" and duplicate["status_code"] == 415
    assert "project_name_key" in duplicate["exception_msg"]
    assert [p.short_name for p in pb.find_project(short_name="clientproj")] == ["clientproj"]
    assert pb.get_project(9999)["exception_cls"] == "NotFound"

    found = pb.get_project(project.id)
    found.data["long_description"] = "long"
    updated = pb.update_project(found)  # the body still carries link, links, owner_id, owners_ids ...
    assert updated.long_description == "long"

    tasks = [pb.create_task(project.id, {"q": n}, n_answers=1) for n in range(4)]
    assert all(t.state == "ongoing" and t.n_answers == 1 for t in tasks)
    page = pb.get_tasks(project.id, limit=2, offset=2)
    assert [t.id for t in page] == [tasks[2].id, tasks[3].id]
    assert [t.id for t in pb.get_tasks(project.id, limit=2, last_id=tasks[1].id)] == [tasks[2].id, tasks[3].id]
    assert [t.id for t in pb.find_tasks(project.id, info="q::3")] == [tasks[3].id]

    first = pb.get_tasks(project.id, limit=1)[0]
    first.data["n_answers"] = 3
    assert pb.update_task(first).n_answers == 3
    assert pb.delete_task(tasks[3].id) is True
    assert pb.delete_task(tasks[3].id)["exception_cls"] == "NotFound"

    assert pb.get_taskruns(project.id) == [] and pb.get_results(project.id) == []
    material = pb.create_helpingmaterial(project.id, {"text": "help"})
    assert material.info == {"text": "help"} and material.media_url is None
    material.info["more"] = 1
    assert pb.update_helping_material(material).info == {"text": "help", "more": 1}


def test_helping_material_file_upload(pb, server_url, tmp_path):
    import requests

    project = pb.create_project("Upload Project", "uploadproj", "d")
    picture = tmp_path / "pic.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    material = pb.create_helpingmaterial(project.id, None, file_path=str(picture))
    assert material.info == {"container": "user_2", "file_name": "pic.png"}
    assert material.media_url == f"{server_url}/uploads/user_2/pic.png"
    assert requests.get(material.media_url, timeout=10).content == picture.read_bytes()


def test_categories_as_pbclient_uses_them(pb):
    assert [c.short_name for c in pb.get_categories()] == ["thinking", "sensing"]
    refused = pb.create_category("Nope Cat", "d")
    assert refused["status_code"] == 403 and refused["target"] == "category"
    pb.set("api_key", ADMIN)
    category = pb.create_category("Client Cat", "d")
    category.data["description"] = "changed"
    answer = pb.update_category(category)  # pbclient sends the id: PyBossa refuses it, always
    assert answer["exception_msg"] == "Reserved keys in payload: id" and answer["status_code"] == 400
    assert pb.delete_category(category.id) is True


def test_non_owner_sees_no_draft(pb):
    pb.set("api_key", VOLUNTEER)
    assert pb.find_project(short_name="draftsurvey") == []
    assert pb.find_project(short_name="draftsurvey", all=1) == []


def test_fixture_handle_keys_publish_and_secret_key(pybossa):
    import requests

    tokens = pybossa.control.fixture_tokens()
    assert [(t["username"], t["roles"]) for t in tokens] == [("admin", ["ADMIN", "USER"]), ("owner", ["USER"]),
                                                            ("volunteer", ["USER"])]
    assert pybossa.api_key("owner") == OWNER and pybossa.api_key() == ADMIN
    assert requests.get(f"{pybossa.api_url}/project/2", timeout=10).status_code == 401  # a draft
    assert pybossa.publish(2)["published"] is True
    assert requests.get(f"{pybossa.api_url}/project/2", timeout=10).json()["short_name"] == "draftsurvey"
    secret = pybossa.secret_key(2)
    token = requests.get(f"{pybossa.api_url}/auth/project/draftsurvey/token", headers={"Authorization": secret},
                         timeout=10)
    assert token.status_code == 200 and token.text.count(".") == 2
    pybossa.control.set_secret_key(2, "my-secret")
    assert requests.get(f"{pybossa.api_url}/auth/project/draftsurvey/token", headers={"Authorization": secret},
                        timeout=10).status_code == 404


@pytest.mark.pybossa(strict=False)  # the routing miss is the point
def test_pbclient_trips_over_html_error_pages_as_with_the_real_server(pb, pybossa):
    import json

    with pytest.raises(json.JSONDecodeError):  # /api/project/abc is a routing 404: the theme's HTML page
        pb.get_project("abc")
    assert pybossa.problems() == ["unmatched violation: GET /api/project/abc -> 404: the request matched no "
                                  "operation of the API"]


def test_bodies_that_are_not_objects(pb, server_url):
    import requests

    task = requests.post(f"{server_url}/api/task", params={"api_key": OWNER}, json=[1], timeout=10).json()
    assert task["exception_msg"] == "'list' object has no attribute 'keys'"  # TaskAPI._forbidden_attributes
    material = requests.post(f"{server_url}/api/helpingmaterial", params={"api_key": OWNER}, json=[1],
                             timeout=10).json()
    assert material["exception_msg"] == "'list' object has no attribute 'get'"  # Hateoas.remove_links
