"""The task life cycle: newtask scheduling and its stamps, the rules of a task run, completion and results
(api/__init__.py new_task, sched.py, contributions_guard.py, api/task_run.py, model/event_listeners.py)."""

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import rows
from jatos_mock.pybossa.domain.access import Caller
from jatos_mock.pybossa.domain.query import fuzzyboolean
from jatos_mock.pybossa.models import Result, Stamp, State, Task, TaskRun, columns

STAMP_TTL_MS = 3600 * 1000  # ContributionsGuard.STAMP_TTL
NO_ANONYMOUS = "This project does not allow anonymous contributors"


def contributor_key(caller: Caller, external_uid: str | None) -> str:
    """ContributionsGuard._create_key: the user id or the IP, replaced by the external uid when there is one."""
    if external_uid:
        return str(external_uid)
    return str(caller.id) if not caller.anonymous else caller.ip


def stamp(state: State, caller: Caller, external_uid, task: Task, now: str, now_ms: int) -> None:
    state.stamps[f"{contributor_key(caller, external_uid)}:{task.id}"] = Stamp(now, now_ms + STAMP_TTL_MS)


def _stamp_of(state: State, caller: Caller, external_uid, task_id: int, now_ms: int) -> tuple[str, Stamp | None]:
    key = f"{contributor_key(caller, external_uid)}:{task_id}"
    found = state.stamps.get(key)
    if found is not None and found.expires_ms <= now_ms:  # Redis let it expire
        del state.stamps[key]
        found = None
    return key, found


def new_tasks(state: State, caller: Caller, project, args) -> list[Task]:
    """_retrieve_new_task after its checks, then the project's scheduler (sched.new_task)."""
    limit = min(int(args["limit"]), 100) if args.get("limit") else 1
    offset = int(args["offset"]) if args.get("offset") else 0
    orderby = args.get("orderby") or "id"
    desc = fuzzyboolean(args.get("desc")) if args.get("desc") else False
    external_uid = args.get("external_uid")
    user_id = caller.id
    user_ip = caller.ip if caller.anonymous else None
    sched = (project.info or {}).get("sched") if isinstance(project.info, dict) else None
    # get_candidate_task_ids: who "already answered" is decided by user id, else IP, else external uid
    runs = [r for r in state.task_run.values() if r.project_id == project.id]
    if user_id and not user_ip and not external_uid:
        answered = {r.task_id for r in runs if r.user_id == user_id}
    elif (user_ip or "127.0.0.1") and not external_uid:
        answered = {r.task_id for r in runs if r.user_ip == (user_ip or "127.0.0.1")}
    else:
        answered = {r.task_id for r in runs if r.external_uid == external_uid}
    include_completed = sched == "depth_first_all"
    candidates = [t for t in state.task.values() if t.project_id == project.id and t.id not in answered
                  and (include_completed or t.state != "completed")]
    if orderby not in columns(Task):
        raise errors.no_attribute("Task", orderby)
    if sched == "breadth_first":  # fewest task runs first
        counts = {t.id: sum(1 for r in runs if r.task_id == t.id) for t in candidates}
        candidates.sort(key=lambda t: (counts[t.id], _order_key(t, orderby)), reverse=False)
    else:
        present = [t for t in candidates if getattr(t, orderby) is not None]
        missing = [t for t in candidates if getattr(t, orderby) is None]
        present.sort(key=lambda t: _order_key(t, orderby), reverse=desc)
        candidates = missing + present if desc else present + missing
    if limit < 0:
        raise errors.DataError("(psycopg2.errors.InvalidRowCountInLimitClause) LIMIT must not be negative\n")
    if offset < 0:
        raise errors.DataError("(psycopg2.errors.InvalidRowCountInResultOffsetClause) OFFSET must not be negative\n")
    return candidates[offset:offset + limit]


def _order_key(task: Task, orderby: str):
    value = getattr(task, orderby)
    return (str(value) if isinstance(value, (dict, list)) else value, task.id)


def refused_anonymous_task() -> dict:
    """The pseudo task newtask answers an anonymous caller of a project closed to anonymous contributors."""
    return {name: None for name in columns(Task)} | {"info": {"error": NO_ANONYMOUS}}  # Task(info=...) unsaved


def prepare_task_run(state: State, caller: Caller, run: TaskRun, args_external_uid, now_ms: int,
                     check_jwt) -> None:
    """TaskRunAPI._update_object: the task and project must match, a JWT when there is an external uid, a stamp
    from newtask; then the server sets who answered and when the task was requested (the stamp is spent)."""
    task = state.task.get(run.task_id) if isinstance(run.task_id, int) else _task_by_text(state, run.task_id)
    if task is None:
        raise errors.Forbidden("Invalid task_id")
    if task.project_id != run.project_id:
        raise errors.Forbidden("Invalid project_id")
    if run.external_uid:
        check_jwt(state.project[task.project_id])
    key, found = _stamp_of(state, caller, args_external_uid, task.id, now_ms)
    if found is None:
        raise errors.Forbidden("You must request a task first!")
    if run.external_uid is None:
        if caller.anonymous:
            run.user_ip = caller.ip
        else:
            run.user_id = caller.id
    else:
        run.user_ip = None
        run.user_id = None
    run.created = found.created
    del state.stamps[key]


def _task_by_text(state: State, task_id):
    try:
        return state.task.get(int(task_id))
    except (TypeError, ValueError):
        return None


def after_task_run(state: State, run: TaskRun, now: str) -> None:
    """on_taskrun_submit: when the task has as many runs as n_answers it is completed and a Result is created
    (older results of the task stop being the last version); the project's `updated` moves."""
    task = state.task[run.task_id]
    runs = [r.id for r in state.task_run.values() if r.task_id == run.task_id and r.project_id == run.project_id]
    touch_project(state, run.project_id, now)
    if len(runs) >= (task.n_answers if task.n_answers is not None else 0):
        task.state = "completed"
        for old in state.result.values():
            if old.project_id == run.project_id and old.task_id == run.task_id:
                old.last_version = False
        result = Result(id=state.next_id("result"), created=now, project_id=run.project_id, task_id=run.task_id,
                        task_run_ids=runs, last_version=True, info=None)
        state.result[result.id] = result


def touch_project(state: State, project_id, now: str) -> None:
    """update_project_timestamp: a task, task run or blog post written moves its project's `updated`."""
    project = state.project.get(project_id)
    if project is not None:
        project.updated = now


def user_progress(state: State, caller: Caller, project, external_uid) -> dict:
    """api/__init__.py user_progress: the caller's task runs in the project, and its number of tasks."""
    runs = [r for r in state.task_run.values() if r.project_id == project.id]
    if caller.anonymous:
        done = sum(1 for r in runs if (r.external_uid == external_uid if external_uid is not None
                                       else r.user_ip == caller.ip))
    else:
        done = sum(1 for r in runs if r.user_id == caller.id)
    return {"done": done, "total": sum(1 for t in state.task.values() if t.project_id == project.id)}


def row_time(now_ms: int) -> str:
    return rows.timestamp(now_ms)
