"""The admin overview (services/gui/AdminService.getAdminStatus)."""

from datetime import UTC, datetime

from jatos_mock.jatos.models import State, User

LATEST_LIMIT = 10  # AdminService: the 10 latest users and study runs


def instant_text(ms: int) -> str:
    """Java's Instant.toString(): ISO-8601 UTC, fraction only when non-zero (milliseconds here)."""
    moment = datetime.fromtimestamp(ms // 1000, tz=UTC)
    fraction = f".{ms % 1000:03d}" if ms % 1000 else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _max_id(table: dict) -> int:
    return max(table, default=0)  # JATOS counts "total" as the highest id in use, 0 for an empty table


def _member(user: User) -> dict:
    return {"username": user.username, "name": user.name, "authMethod": user.auth_method}


def status(state: State, caller: User, now_ms: int) -> dict:
    latest_users = sorted((u for u in state.users.values() if u.last_seen is not None and u.id != caller.id),
                          key=lambda u: u.last_seen, reverse=True)[:LATEST_LIMIT]
    runs = sorted((r for r in state.study_results.values() if r.last_seen_date is not None),
                  key=lambda r: r.last_seen_date, reverse=True)[:LATEST_LIMIT]
    latest_runs = []
    for run in runs:
        study = state.studies.get(run.study_id)
        members = [state.users[i] for i in (study.member_ids if study else []) if i in state.users]
        latest_runs.append({"studyTitle": study.title if study else "", "time": run.last_seen_date,
                            "members": [_member(m) for m in members]})
    return {
        "studyCount": len(state.studies),
        "studyCountTotal": _max_id(state.studies),
        "studyResultCount": len(state.study_results),
        "studyResultCountTotal": _max_id(state.study_results),
        "workerCount": len(state.workers),
        "workerCountTotal": _max_id(state.workers),
        "userCount": len(state.users),
        "serverTime": now_ms,
        "latestUsers": [{**_member(u), "time": instant_text(u.last_seen)} for u in latest_users],
        "latestStudyRuns": latest_runs,
    }
