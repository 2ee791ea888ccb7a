"""The study log (general/common/StudyLogger.java): one JSON object per entry, oldest first, per study UUID."""

from jatos_mock.domain.models import State, Study


def log(state: State, study: Study, now_ms: int, msg: str, enabled: bool = True, **extra) -> None:
    """Appends an entry as StudyLogger does: msg, extra keys, then timestamp."""
    if not enabled:
        return
    entries = state.study_logs.setdefault(study.uuid, [])
    entry = {"msg": msg, **{k: v for k, v in extra.items() if v is not None}, "timestamp": now_ms}
    entries.append(entry)


def create(state: State, study: Study, now_ms: int, enabled: bool = True) -> None:
    """StudyLogger.create: the log starts with its 'Initial entry'."""
    if not enabled:
        return
    state.study_logs[study.uuid] = [{"msg": "Initial entry", "timestamp": now_ms, "studyUuid": study.uuid,
                                     "serversMac": "00-00-00-00-00-00", "hashFunction": "SHA-256"}]


def retire(state: State, study: Study, now_ms: int) -> None:
    """StudyLogger.retire: last entry, then the log is renamed to <uuid>_<epochMs>.retired."""
    entries = state.study_logs.pop(study.uuid, None)
    if entries is not None:
        entries.append({"msg": "Last entry of the study log", "timestamp": now_ms})
        state.retired_study_logs[f"{study.uuid}_{now_ms}.retired"] = entries
