"""The task life cycle: newtask scheduling and its stamps, the rules of a task run, completion and results
(api/__init__.py new_task, sched.py, contributions_guard.py, api/task_run.py, model/event_listeners.py)."""

from dataclasses import replace

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


def scheduler(project) -> str:
    """sched.get_project_scheduler: project.info->>'sched', else 'default'."""
    sched = project.info.get("sched") if project is not None and isinstance(project.info, dict) else None
    return sched or "default"


def new_tasks(state: State, caller: Caller, project, args, now_ms: int, rng) -> list[Task]:
    """_retrieve_new_task after its checks, then the project's scheduler (sched.new_task's sched_map)."""
    limit = min(int(args["limit"]), 100) if args.get("limit") else 1
    offset = int(args["offset"]) if args.get("offset") else 0
    orderby = args.get("orderby") or "id"
    desc = fuzzyboolean(args.get("desc")) if args.get("desc") else False
    external_uid = args.get("external_uid")
    sched = scheduler(project)
    if sched == "locked":
        return _locked_task(state, caller, project, external_uid, offset, now_ms)
    if sched == "incremental":  # get_incremental_task ignores the caller's orderby and desc
        return _incremental_task(state, caller, project, external_uid, limit, offset, rng)
    runs = [r for r in state.task_run.values() if r.project_id == project.id]
    candidates = _candidates(state, runs, caller, project, external_uid, sched == "depth_first_all")
    if orderby not in columns(Task):
        raise errors.no_attribute("Task", orderby)
    if sched == "breadth_first":  # fewest task runs first
        counts = {t.id: sum(1 for r in runs if r.task_id == t.id) for t in candidates}
        candidates.sort(key=lambda t: (counts[t.id], _order_key(t, orderby)), reverse=False)
    else:
        candidates = _ordered(candidates, orderby, desc)
    return _page(candidates, limit, offset)


def _candidates(state: State, runs: list[TaskRun], caller: Caller, project, external_uid,
                include_completed: bool) -> list[Task]:
    """get_candidate_task_ids: the project's tasks (not completed, unless depth_first_all) the caller has not
    answered; who "already answered" is decided by user id, else IP, else external uid."""
    user_id = caller.id
    user_ip = caller.ip if caller.anonymous else None
    if user_id and not user_ip and not external_uid:
        answered = {r.task_id for r in runs if r.user_id == user_id}
    elif (user_ip or "127.0.0.1") and not external_uid:
        answered = {r.task_id for r in runs if r.user_ip == (user_ip or "127.0.0.1")}
    else:
        answered = {r.task_id for r in runs if r.external_uid == external_uid}
    return [t for t in state.task.values() if t.project_id == project.id and t.id not in answered
            and (include_completed or t.state != "completed")]


def _ordered(tasks: list[Task], orderby: str, desc: bool) -> list[Task]:
    """ORDER BY one column, PostgreSQL's way: NULLs last ascending, first descending."""
    present = [t for t in tasks if getattr(t, orderby) is not None]
    missing = [t for t in tasks if getattr(t, orderby) is None]
    present.sort(key=lambda t: _order_key(t, orderby), reverse=desc)
    return missing + present if desc else present + missing


def _page(tasks: list[Task], limit: int, offset: int) -> list[Task]:
    if limit < 0:
        raise errors.DataError("(psycopg2.errors.InvalidRowCountInLimitClause) LIMIT must not be negative\n")
    if offset < 0:
        raise errors.DataError("(psycopg2.errors.InvalidRowCountInResultOffsetClause) OFFSET must not be negative\n")
    return tasks[offset:offset + limit]


def _incremental_task(state: State, caller: Caller, project, external_uid, limit: int, offset: int,
                      rng) -> list[Task]:
    """sched.get_incremental_task: one task drawn at random from the caller's page of candidates (priority_0
    descending), carrying in info.last_answer the info of the task's latest run by anyone. The answer is not
    saved: PyBossa changes the loaded row's JSON in place, which SQLAlchemy does not write back."""
    runs = [r for r in state.task_run.values() if r.project_id == project.id]
    candidates = _candidates(state, runs, caller, project, external_uid, False)
    page = _page(_ordered(candidates, "priority_0", True), limit, offset)
    if not page:
        return []
    task = page[rng.randrange(len(page))]
    task_runs = [r for r in runs if r.task_id == task.id]
    if not task_runs:
        return [task]
    # ORDER BY finish_time DESC: NULLs first
    last = max(task_runs, key=lambda r: (r.finish_time is None, r.finish_time or "", r.id))
    if not isinstance(task.info, dict):  # task.info['last_answer'] = … on JSON that is not an object
        raise errors.TypeError_(_item_assignment_error(task.info))
    return [replace(task, info=dict(task.info) | {"last_answer": last.info})]


def _item_assignment_error(value) -> str:
    if isinstance(value, list):
        return "list indices must be integers or slices, not str"
    return f"'{type(value).__name__}' object does not support item assignment"


# --- the locked scheduler (sched.py get_locked_task, can_post, after_save; redis_lock.py) -------------------------

LOCK_TIMEOUT_MS = STAMP_TTL_MS  # sched.TIMEOUT = ContributionsGuard.STAMP_TTL
RELEASE_DELAY_MS = 5 * 1000  # LockManager.release_lock: the lock stays 5 s more, for requests already under way


def lock_owner(caller: Caller, external_uid) -> str:
    """get_locked_task's uid and can_post's: the user id, else the external uid, else the (anonymized) IP."""
    return str(caller.id) if not caller.anonymous else str(external_uid or caller.ip)


def _locked_task(state: State, caller: Caller, project, external_uid, offset: int, now_ms: int) -> list[Task]:
    """get_locked_task: the first task, by priority_0 descending then id, that the caller has not answered and that
    still needs answers, whose lock the caller holds or can take (at most n_answers - runs holders); offset 1 skips
    one such task (keeping its lock), 2 answers none, more is a Bad Request. limit, orderby and desc are ignored."""
    if offset > 2:
        raise errors.BadRequest()
    if offset == 2:
        return []
    uid = lock_owner(caller, external_uid)
    runs = [r for r in state.task_run.values() if r.project_id == project.id]
    if not caller.anonymous:  # the WHERE NOT EXISTS names one column: user_id, else external_uid, else user_ip
        answered = {r.task_id for r in runs if r.user_id == caller.id}
    elif external_uid:
        answered = {r.task_id for r in runs if r.external_uid == external_uid}
    else:
        answered = {r.task_id for r in runs if r.user_ip == caller.ip}
    counts = {}
    for r in state.task_run.values():
        counts[r.task_id] = counts.get(r.task_id, 0) + 1
    rows = [t for t in state.task.values() if t.project_id == project.id and t.state != "completed"
            and t.id not in answered and t.n_answers is not None and counts.get(t.id, 0) < t.n_answers]
    rows.sort(key=lambda t: (t.priority_0 is not None, -(t.priority_0 or 0), t.id))  # DESC puts NULLs first
    limit = 2 * _active_user_count(state, project.id, now_ms) + 5  # LIMIT 2 * active users + 5
    for task in rows[:limit]:
        if _acquire_lock(state, str(task.id), uid, task.n_answers - counts.get(task.id, 0), now_ms):
            if offset == 1:
                offset = 0
                continue
            state.active_users.setdefault(str(project.id), {})[uid] = now_ms + LOCK_TIMEOUT_MS  # register_active_user
            return [task]
    return []


def _active_user_count(state: State, project_id: int, now_ms: int) -> int:
    """get_active_user_count: registrations past their expiry are dropped first."""
    users = state.active_users.get(str(project_id), {})
    for uid in [u for u, expiry in users.items() if expiry < now_ms]:
        del users[uid]
    return len(users)


def _acquire_lock(state: State, task_key: str, uid: str, holders: int, now_ms: int) -> bool:
    """LockManager.acquire_lock: expired locks go first; a holder keeps its lock; else one is taken if fewer than
    `holders` are held."""
    locks = state.locks.setdefault(task_key, {})
    for owner in [o for o, expiry in locks.items() if now_ms > expiry]:
        del locks[owner]
    if uid in locks:
        return True
    if len(locks) < holders:
        locks[uid] = now_ms + LOCK_TIMEOUT_MS
        return True
    return False


def check_can_post(state: State, caller: Caller, run: TaskRun, args_external_uid, now_ms: int) -> None:
    """TaskRunAPI.check_can_post (before any other check): on a locked project the caller must hold the task's
    lock (LockManager.has_lock)."""
    if scheduler(state.project.get(run.project_id) if isinstance(run.project_id, int) else None) != "locked":
        return
    expiry = state.locks.get(str(run.task_id), {}).get(lock_owner(caller, args_external_uid))
    if expiry is None or expiry <= now_ms:
        raise errors.Forbidden("You must request a task first!")


def release_lock(state: State, run: TaskRun, now_ms: int) -> None:
    """sched.after_save: a run on a locked project releases its author's lock, 5 seconds from now."""
    if scheduler(state.project.get(run.project_id)) != "locked":
        return
    uid = str(run.user_id or run.external_uid or run.user_ip or "127.0.0.1")
    state.locks.setdefault(str(run.task_id), {})[uid] = now_ms + RELEASE_DELAY_MS


def _order_key(task: Task, orderby: str):
    value = getattr(task, orderby)
    return (str(value) if isinstance(value, (dict, list)) else value, task.id)


def refused_anonymous_task() -> dict:
    """The pseudo task newtask answers an anonymous caller of a project closed to anonymous contributors."""
    return {name: None for name in columns(Task)} | {"info": {"error": NO_ANONYMOUS}}  # Task(info=...) unsaved


def prepare_task_run(state: State, caller: Caller, run: TaskRun, args_external_uid, now_ms: int,
                     check_jwt) -> None:
    """TaskRunAPI._update_object: on a locked project the caller's lock on the task; the task and project must
    match, a JWT when there is an external uid, a stamp from newtask; then the server sets who answered and when
    the task was requested (the stamp is spent)."""
    check_can_post(state, caller, run, args_external_uid, now_ms)
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
