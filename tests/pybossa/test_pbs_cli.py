"""pybossa-pbs 3.0.0 (the `pbs` command line) runs its workflow against the mock, quirks included (reference §8,
pybossa-real-traffic.md §12). Slow: the first run creates pbs's own environment."""

import json
import subprocess

import pytest
import requests

from tests.pybossa.pbs_env import pbs_command

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def pbs_exe():
    exe, why = pbs_command()
    if exe is None:
        pytest.skip(why)
    return exe


@pytest.fixture
def pbs(pbs_exe, pybossa, tmp_path):
    """Runs pbs in a project folder, as a user would: `pbs(key, "add-tasks", ...)` -> CompletedProcess."""
    (tmp_path / "project.json").write_text(json.dumps(
        {"name": "PBS Project", "short_name": "pbsproj", "description": "made by pbs"}))
    (tmp_path / "template.html").write_text("<div>task presenter</div>\n")
    (tmp_path / "results.html").write_text("<div>results</div>\n")
    (tmp_path / "tutorial.html").write_text("<div>tutorial</div>\n")
    (tmp_path / "long_description.md").write_text("# Long\n")
    (tmp_path / "tasks.csv").write_text("question,url\nc1,http://x/1\nc2,http://x/2\n")
    (tmp_path / "tasks.json").write_text(json.dumps([{"question": f"q{n}", "n": n} for n in range(130)]))
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    (tmp_path / "helping.json").write_text(json.dumps(
        [{"info": {"text": "help one"}}, {"info": {"text": "help two", "file_path": str(tmp_path / "pic.png")}}]))

    def run(key: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([str(pbs_exe), "--server", pybossa.url, "--api-key", key, *args], cwd=tmp_path,
                              env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
                              input=stdin, capture_output=True, text=True, timeout=600)
    return run


def _project(pybossa, key):
    found = requests.get(f"{pybossa.api_url}/project", params={"short_name": "pbsproj", "api_key": key}, timeout=10)
    return found.json()[0]


def _tasks(pybossa, key, project_id):
    tasks, offset = [], 0
    while True:
        page = requests.get(f"{pybossa.api_url}/task", params={"project_id": project_id, "api_key": key,
                                                               "limit": 100, "offset": offset}, timeout=10).json()
        if not page:
            return tasks
        tasks += page
        offset += 100


@pytest.mark.pybossa(strict=False)  # pbs probes HEAD /api/helpinmaterial (sic): checked by hand below
def test_pbs_workflow(pbs, pybossa):
    owner, volunteer = pybossa.api_key("owner"), pybossa.api_key("volunteer")
    created = pbs(owner, "create-project")
    assert created.returncode == 0, created.stderr
    again = pbs(owner, "create-project")
    assert again.returncode != 0 and "ProjectAlreadyExists" in again.stderr + again.stdout

    added = pbs(owner, "add-tasks", "--tasks-file", "tasks.csv", "--redundancy", "2")
    assert added.returncode == 0, added.stderr
    task_requests = [e for e in pybossa.journal() if e["path"] == "/api/task"]
    assert [e["method"] for e in task_requests] == ["POST", "HEAD", "POST", "HEAD"]  # pbs's throttling probe
    project = _project(pybossa, owner)
    tasks = _tasks(pybossa, owner, project["id"])
    assert [(t["info"], t["n_answers"]) for t in tasks] == [({"question": "c1", "url": "http://x/1"}, 2),
                                                            ({"question": "c2", "url": "http://x/2"}, 2)]

    for args in ((), ("--all", "1")):  # the draft of another user is invisible to pbs, even with --all 1
        refused = pbs(volunteer, *args, "add-tasks", "--tasks-file", "tasks.csv")
        assert refused.returncode != 0 and "ProjectNotFound" in refused.stderr + refused.stdout

    updated = pbs(owner, "update-project")
    assert updated.returncode == 0, updated.stderr
    project = _project(pybossa, owner)
    assert project["long_description"] == "# Long\n"
    assert project["info"] == {"task_presenter": "<div>task presenter</div>\n", "results": "<div>results</div>\n",
                               "tutorial": "<div>tutorial</div>\n"}

    helped = pbs(owner, "add-helpingmaterials", "--helping-materials-file", "helping.json")
    assert helped.returncode == 0, helped.stderr
    materials = requests.get(f"{pybossa.api_url}/helpingmaterial",
                             params={"project_id": project["id"], "api_key": owner}, timeout=10).json()
    assert [m["info"] for m in materials] == [{"text": "help one"},
                                              {"container": "user_2", "file_name": "pic.png", "text": "help two"}]
    assert requests.get(materials[1]["media_url"], timeout=10).content.startswith(b"\x89PNG")

    one = pbs(owner, "update-task-redundancy", "--task-id", str(tasks[0]["id"]), "--redundancy", "5")
    assert one.returncode == 0, one.stderr
    assert requests.get(f"{pybossa.api_url}/task/{tasks[0]['id']}", timeout=10).json()["n_answers"] == 5
    every = pbs(owner, "update-task-redundancy", "--redundancy", "4", stdin="y\n")
    assert every.returncode == 0, every.stderr
    assert {t["n_answers"] for t in _tasks(pybossa, owner, project["id"])} == {4}

    deleted = pbs(owner, "delete-tasks", "--task-id", str(tasks[0]["id"]))
    assert deleted.returncode == 0, deleted.stderr
    assert [t["id"] for t in _tasks(pybossa, owner, project["id"])] == [tasks[1]["id"]]
    # the only requests outside the contract: pbs's misspelt throttling probe, a routing 404 as on the real server
    assert pybossa.problems() == ["unmatched violation: HEAD /api/helpinmaterial -> 404: the request matched no "
                                  "operation of the API"] * 2


@pytest.mark.pybossa(strict=True)
def test_pbs_delete_all_skips_tasks_as_on_the_real_server(pbs, pybossa):
    owner = pybossa.api_key("owner")
    assert pbs(owner, "create-project").returncode == 0
    added = pbs(owner, "add-tasks", "--tasks-file", "tasks.json")
    assert added.returncode == 0, added.stderr
    project = _project(pybossa, owner)
    assert len(_tasks(pybossa, owner, project["id"])) == 130
    pybossa.control.advance_clock(900_000)  # the next rate-limit window (260 of 299 requests were spent)
    deleted = pbs(owner, "delete-tasks", stdin="y\n")
    # offset paging over a shrinking table: the second page starts past what is left (observed: 131 -> 31)
    assert deleted.returncode == 0 and "All tasks and task_runs have been deleted" in deleted.stdout
    assert len(_tasks(pybossa, owner, project["id"])) == 30


def test_pbs_sleeps_until_the_window_resets_instead_of_hitting_429(pbs_exe, tmp_path):
    """pbs reads X-RateLimit-Remaining/Reset from its HEAD probe and sleeps Reset - now when 10 or fewer remain:
    with 20 requests per 3-second window, 15 tasks (30 requests) go through without a single 429."""
    from jatos_mock.core.testing import ServedMock
    from jatos_mock.pybossa.app import create_app
    from jatos_mock.pybossa.settings import Settings
    from tests.pybossa.conftest import OWNER

    server = ServedMock(create_app, Settings(port=0, rate_limit=20, rate_window_s=3)).start()
    try:
        (tmp_path / "project.json").write_text(json.dumps({"name": "Throttled", "short_name": "throttled",
                                                           "description": "d"}))
        (tmp_path / "tasks.json").write_text(json.dumps([{"n": n} for n in range(15)]))
        env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
        base = [str(pbs_exe), "--server", server.url, "--api-key", OWNER]
        assert subprocess.run([*base, "create-project"], cwd=tmp_path, env=env, capture_output=True,
                              timeout=60).returncode == 0
        added = subprocess.run([*base, "add-tasks", "--tasks-file", "tasks.json"], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stderr
        statuses = [e.status for e in server.runtime.journal.entries(0) if e.path == "/api/task"]
        assert 429 not in statuses and statuses.count(200) == 30
    finally:
        server.stop()
