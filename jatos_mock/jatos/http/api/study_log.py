"""JATOS API endpoint: the study log (Api.studyLog, general/common/StudyLogger)."""

import json

from flask import Blueprint, Response

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, study_log
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.endpoint import VIEWER_OR_USER, Call, endpoint
from jatos_mock.jatos.http.params import Bool, Int

bp = Blueprint("study_log", __name__)


def _not_found(message: str) -> errors.JatosError:
    return errors.NotFound(message)  # Api.studyLog answers 404 (A32; our contract documents it)


@bp.get("/studies/<id>/log")
@endpoint("getStudyLog", VIEWER_OR_USER, query={"entryLimit": Int(-1), "download": Bool(True)})
def get_study_log(call: Call, id: str, entryLimit: int, download: bool):
    with call.store.read() as state:
        study = access.find_study(state, id)
        if study is None:
            raise _not_found("Study doesn't exist.")
        access.check_study(study, call.user, call.config)
        entries = state.study_logs.get(study.uuid)
        entries = list(entries) if entries is not None else None
    if download:
        if entries is None:
            raise _not_found("Study log file doesn't exist")
        data = study_log.file_bytes(entries)
        return Response(data, status=200, mimetype="application/octet-stream",
                        headers={"Content-Disposition": content_disposition("attachment",
                                                                            f"jatos_studylog_{study.uuid}.log"),
                                 "Content-Length": str(len(data))})
    if deviates("A33"):  # StudyLogger.streamLogFile: one JSON array, newest first, under an ndjson type
        text = study_log.reversed_array_text(entries, entryLimit)
    else:
        newest_first = list(reversed(entries or []))
        if entryLimit >= 0:
            newest_first = newest_first[:entryLimit]
        text = "".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in newest_first)
    return Response(text.encode("latin-1", errors="replace"), status=200, mimetype="application/x-ndjson")
