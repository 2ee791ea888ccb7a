"""The study log (general/common/StudyLogger.java): one JSON object per entry, oldest first, per study UUID."""

import json

from jatos_mock.jatos.models import State, Study


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


CUT_MARKER = "--- Log is cut here. Download it to get the whole file. ---"
MISSING_FILE = "Error: Could not open log file"


def _line(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def file_bytes(entries: list[dict]) -> bytes:
    """The log file as StudyLogger writes it: each entry as "\\n" + one-line JSON, ISO-8859-1 ('?' otherwise)."""
    return "".join("\n" + _line(e) for e in entries).encode("latin-1", errors="replace")


def reversed_array_text(entries: list[dict] | None, entry_limit: int) -> str:
    """StudyLogger.streamLogFile: one JSON array text, newest first, at most entryLimit entries (-1: all), a cut
    marker when entries were left out. entryLimit 0 (or below -1) yields JATOS's invalid '[,"--- ..."]'."""
    if entries is None:
        return json.dumps([MISSING_FILE])
    lines = [_line(e).encode("latin-1", errors="replace").decode("latin-1") for e in reversed(entries)]
    if entry_limit == -1 or entry_limit >= len(lines):
        return "[" + ",".join(lines) + "]"
    kept = lines[:entry_limit] if entry_limit > 0 else []
    return "[" + ",".join(kept) + "," + json.dumps(CUT_MARKER) + "]"
