"""JATOS API endpoints: results (Api.exportResults, exportResultData, exportResultMetadata, exportResultFiles,
exportSingleResultFile, removeResults; services/gui/ResultStreamer, ComponentResultIdsExtractor, ResultRemover).

The handlers take what an export needs from the state under the lock, then stream from the immutable blob store
without holding it.
"""

import functools
import mimetypes
import posixpath

from flask import Blueprint, Response, abort, request

from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, cascades, safe_paths, selectors, study_log
from jatos_mock.jatos.domain import results_export as export
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.endpoint import USER, VIEWER_OR_USER, Call, endpoint
from jatos_mock.jatos.http.params import Bool, Long

bp = Blueprint("results", __name__)


# --- shared steps -------------------------------------------------------------------------------------------------

def _get_route(view):
    """The undocumented GET twin of a POST export route (gui.routes); the spec knows only POST."""

    @functools.wraps(view)
    def get_twin(**kwargs):
        if not deviates("B7"):
            abort(404)  # spec fidelity: the route does not exist
        return view(**kwargs)

    get_twin.__name__ = f"{view.__name__}_get"
    return get_twin


def _selection(call: Call, state) -> list[int]:
    """Body selectors (only with a JSON Content-Type), then query selectors (Api: extract(json) + extract(query))."""
    body = call.parsed_json if call.has_json_body else None
    strict = lambda: deviates("B12")  # noqa: E731 - CRIE refuses unknown keys and odd types; the schema allows them
    lenient = lambda: deviates("M16")  # noqa: E731 - CRIE drops non-numeric query ids; the contract has int64
    return selectors.extract(state, body, request.args.to_dict(flat=False), strict=strict, lenient=lenient)


def _fails_on_inaccessible() -> bool:
    """RS and ResultRemover fail (or stop the stream) at an inaccessible study; the spec skips such results."""
    return deviates("B9")


def _with_api_version() -> bool:
    raw = request.args.get("isApiCall")
    if raw is None:
        return True
    if not deviates("B8"):
        return True  # spec fidelity: no such parameter
    return Bool().bind("isApiCall", raw)  # RS.writeResults: isApiCall=false drops apiVersion


def _attachment(name: str) -> dict:
    return {"Content-Disposition": content_disposition("attachment", name)}


def _log_studies(call: Call, state, study_ids, msg: str) -> None:
    now = call.store.now()
    for study_id in sorted(set(study_ids)):
        study = state.studies.get(study_id)
        if study is not None:
            study_log.log(state, study, now, msg, call.config.study_logs_enabled)


def _zip_export(call: Call, mode: str, name: str) -> Response:
    """RS.streamResults: 200 at once; access is checked in the stream, which stops at the first inaccessible study."""
    now = call.store.now()
    with call.store.write() as state:
        ids = _selection(call, state)
        parts = export.plan(state, ids, lambda s: access.can_access(s, call.user, call.config))
        stop = any(not p.accessible for p in parts) and _fails_on_inaccessible()
        written, complete = export.exportable(parts, stop_at_inaccessible=stop)
        metadata = None
        if mode == export.COMBINED and complete:
            document = export.metadata_document(state, ids, _with_api_version(), {p.study.id for p in written})
            metadata = export.dump_json(document)
        _log_studies(call, state, [p.study.id for p in written], "Exported results (files and/or data)")
    chunks = export.zip_chunks(written, mode, call.store.blobs, now, metadata)
    return Response(chunks, status=200, mimetype="application/zip",
                    headers=_attachment(f"{name}_{export.timestamp(now)}.{_suffix(call, mode)}"))


def _suffix(call: Call, mode: str) -> str:
    # the combined archive takes jatos.resultsArchive.suffix; data and files archives are always .zip
    return call.config.results_archive_suffix if mode == export.COMBINED else "zip"


# --- exportResults ------------------------------------------------------------------------------------------------

@endpoint("exportResults", VIEWER_OR_USER)
def export_results(call: Call):
    return _zip_export(call, export.COMBINED, "jatos_results")


bp.add_url_rule("/results", view_func=export_results, methods=["POST"])
bp.add_url_rule("/results", view_func=_get_route(export_results), methods=["GET"])


# --- exportResultsMetadata ----------------------------------------------------------------------------------------

@endpoint("exportResultsMetadata", VIEWER_OR_USER, query={"download": Bool(True)}, reuse=True)
def export_results_metadata(call: Call, download: bool):
    # RS.writeResultMetadata runs before the answer is sent, so missing access gives 403
    with call.store.read() as state:
        ids = _selection(call, state)
        runs = export.grouped(state, ids)  # the document needs only each study's access, not an export plan
        config = call.config
        accessible = [(study, access.can_access(study, call.user, config)) for study, _ in runs]
        if any(not ok for _, ok in accessible) and _fails_on_inaccessible():
            raise errors.NoAccess("No access to study.")
        studies = {study.id for study, ok in accessible if ok}
        document = export.metadata_document(state, ids, _with_api_version(), studies, runs=runs)
    headers = _attachment(f"jatos_results_metadata_{export.timestamp(call.store.now())}.json") if download else None
    return json_response(document, 200, headers)  # same bytes as metadata.json in the zip (export.dump_json)


bp.add_url_rule("/results/metadata", view_func=export_results_metadata, methods=["POST"])
bp.add_url_rule("/results/metadata", view_func=_get_route(export_results_metadata), methods=["GET"])


# --- exportResultsData --------------------------------------------------------------------------------------------

@endpoint("exportResultsData", VIEWER_OR_USER, query={"asPlainText": Bool(False), "download": Bool(False)})
def export_results_data(call: Call, asPlainText: bool, download: bool):  # noqa: N803 - JATOS's parameter names
    if not asPlainText:
        return _zip_export(call, export.DATA_ONLY, "jatos_results_data")
    now = call.store.now()
    with call.store.write() as state:
        ids = _selection(call, state)
        entries, studies = [], set()
        for cr_id in ids:  # the extracted list as it is: a result named in body and query comes twice
            cr = state.component_results[cr_id]
            sr = state.study_results[cr.study_result_id]
            study = state.studies[sr.study_id]
            if not access.can_access(study, call.user, call.config):
                # RS.streamComponentResultData checks every study before streaming
                if _fails_on_inaccessible():
                    raise errors.NoAccess("No access to study.")
                continue
            entries.append((cr.data_blob, cr.data_size))
            studies.add(study.id)
        _log_studies(call, state, studies, "Exported result data to file" if download else "Exported result data")
    headers = _attachment(f"jatos_results_data_{export.timestamp(now)}.txt") if download else None
    return Response(export.text_chunks(entries, call.store.blobs), status=200,
                    content_type="text/plain; charset=UTF-8", headers=headers)


bp.add_url_rule("/results/data", view_func=export_results_data, methods=["POST"])
bp.add_url_rule("/results/data", view_func=_get_route(export_results_data), methods=["GET"])


# --- exportResultsFiles -------------------------------------------------------------------------------------------

@endpoint("exportResultsFiles", VIEWER_OR_USER)
def export_results_files(call: Call):
    return _zip_export(call, export.FILES_ONLY, "jatos_results_files")


bp.add_url_rule("/results/files", view_func=export_results_files, methods=["POST"])
bp.add_url_rule("/results/files", view_func=_get_route(export_results_files), methods=["GET"])


# --- exportSingleResultFile ---------------------------------------------------------------------------------------

@bp.get("/results/files/<path:filename>")
@endpoint("exportSingleResultFile", VIEWER_OR_USER, query={"componentResultId": Long()})
def export_single_result_file(call: Call, filename: str, componentResultId: int):  # noqa: N803
    with call.store.write() as state:
        cr = state.component_results.get(componentResultId)
        if cr is None:
            raise errors.NotFound("Component doesn't exists")  # sic, Api.exportSingleResultFile
        sr = state.study_results[cr.study_result_id]
        study = access.check_study(state.studies.get(sr.study_id), call.user, call.config)
        name = safe_paths.secure(filename)  # IOUtils.getResultUploadFileSecurely
        if not name:  # refused, or the folder itself
            if deviates("B26"):
                raise errors.IOFailure(f'Couldn\'t generate path to file or directory "{filename}".')
            raise errors.NotFound("File doesn't exist")
        result_file = cr.files.get(name)
        if result_file is None:
            raise errors.NotFound("File doesn't exist")
        study_log.log(state, study, call.store.now(), "Exported single result file", call.config.study_logs_enabled)
    mimetype = "application/octet-stream"
    guessed = mimetypes.guess_type(name)[0]
    if guessed and guessed != mimetype and deviates("M5"):
        mimetype = guessed  # Play's ok(Path) guesses the type from the extension
    base = posixpath.basename(name)
    return Response(call.store.blobs.iter_chunks(result_file.blob), status=200, mimetype=mimetype,
                    headers={"Content-Disposition": content_disposition("inline", base),
                             "Content-Length": str(result_file.size)})


# --- deleteResults ------------------------------------------------------------------------------------------------

def _delete(call: Call):
    with call.store.write() as state:
        ids = _selection(call, state)
        chosen, studies = [], set()
        # ResultRemover: every selected result is checked before anything is removed (all or nothing)
        for cr_id in ids:
            cr = state.component_results[cr_id]
            study = state.studies[state.study_results[cr.study_result_id].study_id]
            if not access.can_access(study, call.user, call.config):
                if _fails_on_inaccessible():
                    raise errors.NoAccess("No access to study.")
                continue
            if study.locked and deviates("B11"):
                raise errors.Locked()
            chosen.append(cr_id)
            studies.add(study.id)
        removed = cascades.remove_component_results(state, chosen)
        _log_studies(call, state, studies, "Removed result data and files")
    deleted = sorted(set(removed))
    if ids != deleted and deviates("B33"):
        deleted = ids  # Api.removeResults answers the extracted ids, not the deleted ones
    return ok(deleted)


@bp.post("/results/delete")
@endpoint("deleteResults", USER)
def delete_results(call: Call):
    return _delete(call)


@bp.put("/results/delete")
@endpoint("deleteResultsDeprecated", USER)
def delete_results_deprecated(call: Call):
    # gui.routes: the old PUT route runs Api.removeResults as POST does (B27; our contract documents it)
    return _delete(call)
