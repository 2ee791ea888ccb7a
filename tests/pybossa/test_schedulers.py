"""newtask's incremental and locked schedulers (PyBossa sched.py get_incremental_task, get_locked_task; the lock
check of api/task_run.py), on the fixture project 1: task 1 completed, task 2 answered once by the volunteer,
task 3 unanswered, both n_answers 2."""

from tests.pybossa.conftest import ADMIN, OWNER, VOLUNTEER

CONTROL = {"X-Jatos-Mock-Control": "1"}
ELSEWHERE = {"REMOTE_ADDR": "10.0.0.9"}  # a second anonymous contributor


def _use(client, sched):
    info = {"task_presenter": "<div>How many birds?</div>", "sched": sched}
    assert client.put(f"/api/project/1?api_key={OWNER}", json={"info": info}).status_code == 200


def _newtask(client, key=None, query="", **kwargs):
    auth = f"api_key={key}&" if key else ""
    return client.get(f"/api/project/1/newtask?{auth}{query}", **kwargs).get_json()


def _answer(client, key, task_id, info, **kwargs):
    return client.post(f"/api/taskrun?api_key={key}" if key else "/api/taskrun",
                       json={"project_id": 1, "task_id": task_id, "info": info}, **kwargs)


def _advance(client, ms):
    assert client.post("/__mock__/clock", json={"freeze": True, "advance": ms}, headers=CONTROL).status_code == 200


def test_incremental_passes_the_tasks_last_answer_without_saving_it(client):
    _use(client, "incremental")
    client.put(f"/api/task/2?api_key={OWNER}", json={"priority_0": 1.0, "n_answers": 3})
    volunteers = client.get("/api/taskrun?task_id=2").get_json()[0]["info"]
    first = _newtask(client, OWNER, "orderby=nope")  # the caller's orderby is not used: no error
    assert first["id"] == 2 and first["info"] == {"photo": "birds-2.jpg", "last_answer": volunteers}
    assert "last_answer" not in client.get("/api/task/2").get_json()["info"]
    assert _answer(client, OWNER, 2, {"birds": 7}).status_code == 200
    assert _newtask(client, ADMIN)["info"]["last_answer"] == {"birds": 7}  # the latest run, by anyone
    unanswered = _newtask(client, VOLUNTEER)
    assert unanswered["id"] == 3 and unanswered["info"] == {"photo": "birds-3.jpg"}  # no run yet: no last answer


def test_incremental_answers_nothing_when_no_task_is_left(client):
    _use(client, "incremental")
    assert _newtask(client, VOLUNTEER, "offset=1") == {}
    assert _newtask(client, VOLUNTEER, "limit=-1")["exception_cls"] == "DataError"


def test_locked_gives_concurrent_users_different_tasks_until_the_locks_time_out(client):
    _use(client, "locked")
    _advance(client, 0)
    assert _newtask(client, OWNER)["id"] == 2  # task 2 needs one more answer: one lock
    assert _newtask(client, ADMIN)["id"] == 3
    assert _newtask(client, VOLUNTEER)["id"] == 3  # task 3 needs two: two locks
    assert _newtask(client) == {}  # every lock is taken
    assert _newtask(client, OWNER)["id"] == 2  # a holder keeps its task
    _advance(client, 3600 * 1000 + 1)  # sched.TIMEOUT, one hour
    assert _newtask(client)["id"] == 2
    assert _newtask(client, ADMIN)["id"] == 3


def test_a_task_run_needs_the_lock(client):
    assert _newtask(client, VOLUNTEER)["id"] == 3  # stamped under the default scheduler
    _use(client, "locked")
    _advance(client, 0)
    refused = _answer(client, VOLUNTEER, 3, {"birds": 1})
    assert refused.status_code == 403 and refused.get_json()["exception_msg"] == "You must request a task first!"
    ghost = _answer(client, VOLUNTEER, 999, {}).get_json()  # the lock is checked before the task exists
    assert ghost["exception_msg"] == "You must request a task first!"
    assert _newtask(client, VOLUNTEER)["id"] == 3
    assert _newtask(client, OWNER)["id"] == 2
    assert _newtask(client, ADMIN)["id"] == 3
    assert _answer(client, VOLUNTEER, 3, {"birds": 1}).status_code == 200
    client.put(f"/api/task/3?api_key={OWNER}", json={"n_answers": 3})  # room for two more contributors
    assert _newtask(client) == {}  # the volunteer's lock is released only 5 s after its answer
    _advance(client, 5001)
    assert _newtask(client)["id"] == 3
    assert _newtask(client, environ_base=ELSEWHERE) == {}


def test_locked_offsets_and_reset(client):
    _use(client, "locked")
    assert _newtask(client, OWNER, "offset=1")["id"] == 3  # skips task 2, and keeps its lock
    assert _newtask(client, ADMIN)["id"] == 3
    assert _newtask(client) == {}
    assert _newtask(client, OWNER, "offset=2") == {}
    too_far = client.get(f"/api/project/1/newtask?api_key={OWNER}&offset=3")
    assert too_far.status_code == 400 and too_far.get_json()["exception_msg"] == \
        "The browser (or proxy) sent a request that this server could not understand."
    assert client.post("/__mock__/reset", headers=CONTROL).status_code == 200
    _use(client, "locked")
    assert _newtask(client, ADMIN)["id"] == 2  # a reset drops every lock
