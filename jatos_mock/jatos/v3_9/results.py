"""JATOS 3.9's result endpoints (Api.exportResults, exportResultMetadata, exportResultData, exportResultFiles,
exportSingleResultFile, removeResults of 3.9.8; ComponentResultIdsExtractor, ResultStreamer, ResultRemover):
query and body selectors merged, the `componentUuids` bug, a generic 500 for a non-numeric query id, access
checked inside the stream for zips and up front for metadata and plain text, PUT-only delete with an empty 200."""

import functools
import mimetypes
import posixpath

from flask import Blueprint, Response, abort, request

from jatos_mock.core.http.json_body import json_response
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, cascades, safe_paths, selectors, study_log
from jatos_mock.jatos.domain import results_export as export
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.params import Bool, Long
from jatos_mock.jatos.v3_9 import lookups
from jatos_mock.jatos.v3_9.endpoint import USER, endpoint39
from jatos_mock.jatos.v3_9.envelope import API_VERSION, empty

bp = Blueprint("results39", __name__)

JRZIP = "jrzip"  # feature of 3.9.7 and older: the results archive is named .jrzip (3.9.8: jatos.resultsArchive.suffix)
NO_QUOTA = "no-isQuotaReached"  # feature of 3.9.7 and older: result metadata without isQuotaReached


def _strict_body() -> bool:
    """CRIE refuses an unknown key and a single ID beyond 32 bits; the document's schema takes both (J21)."""
    return deviates("J21")


def _never() -> bool:
    return False


def _selection(call, state) -> list[int]:
    """CRIE.extract of the JSON body and of the query, merged, de-duplicated and sorted."""
    body = call.parsed_json if call.has_json_body else None
    if isinstance(body, dict) and "componentUuids" in body and deviates("J14"):  # CRIE reads studyUuids for it
        if body.get("studyUuids") is None:
            raise errors.UnexpectedError()  # the node is missing: NPE
        body = {**body, "componentUuids": body["studyUuids"]}
    from_body = selectors.resolve(state, selectors.from_json(body, _strict_body))
    try:
        from_query = selectors.resolve(state, selectors.from_query(request.args.to_dict(flat=False), _never))
    except errors.BadRequest:
        if deviates("J15"):
            raise errors.UnexpectedError() from None  # Long.parseLong on a non-numeric id: NumberFormatException
        raise
    return _accessible_or_all(call, state, sorted(set(from_body) | set(from_query)))


def _accessible_or_all(call, state, ids: list[int]) -> list[int]:
    """The spec leaves out results the caller may not access; JATOS keeps them, to refuse them later (J13)."""
    accessible = [i for i in ids if access.can_access(_study_of(state, i), call.user, call.config)]
    if len(accessible) == len(ids) or deviates("J13"):
        return ids
    return accessible


def _study_of(state, cr_id: int):
    return state.studies[state.study_results[state.component_results[cr_id].study_result_id].study_id]


def _with_api_version() -> bool:
    raw = request.args.get("isApiCall")
    return True if raw is None or raw.strip() == "" else Bool().bind("isApiCall", raw)


def _metadata(call, state, ids, studies) -> dict:
    return export.metadata_document(state, ids, _with_api_version(), studies, api_version=API_VERSION, real=True,
                                    quota=NO_QUOTA not in call.version.features)


def _attachment(name: str) -> dict:
    return {"Content-Disposition": content_disposition("attachment", name)}


def _no_access(state, parts) -> errors.Forbidden | None:
    blocked = next((p for p in parts if not p.accessible), None)
    return errors.Forbidden(f"No access to study with ID {blocked.study.id}") if blocked is not None else None


def _log_studies(call, state, study_ids, msg: str) -> None:
    for study_id in sorted(set(study_ids)):
        study = state.studies.get(study_id)
        if study is not None:
            study_log.log(state, study, call.store.now(), msg, call.config.study_logs_enabled)


def _zip_export(call, mode: str, name: str, suffix: str = "zip") -> Response:
    """ResultStreamer: 200 at once; an inaccessible study stops the stream (only logged): a partial zip."""
    now = call.store.now()
    with call.store.write() as state:
        ids = _selection(call, state)
        parts = export.plan(state, ids, lambda s: access.can_access(s, call.user, call.config))
        written, complete = export.exportable(parts, stop_at_inaccessible=True)
        metadata = None
        if mode == export.COMBINED and complete:
            metadata = export.dump_json(_metadata(call, state, ids, {p.study.id for p in written}))
        _log_studies(call, state, [p.study.id for p in written], "Exported results (files and/or data)")
    chunks = export.zip_chunks(written, mode, call.store.blobs, now, metadata)
    return Response(chunks, status=200, mimetype="application/zip",
                    headers=_attachment(f"{name}_{export.timestamp(now)}.{suffix}"))


def _both(rule: str, view) -> None:
    """POST, and the GET twin gui.routes adds (J1; the spec knows only POST)."""
    bp.add_url_rule(rule, view_func=view, methods=["POST"])

    @functools.wraps(view)
    def get_twin(**kwargs):
        if not deviates("J1"):
            abort(404)  # spec fidelity: no such route
        return view(**kwargs)

    get_twin.__name__ = f"{view.__name__}_get"
    bp.add_url_rule(rule, view_func=get_twin, methods=["GET"])


@endpoint39("exportResults", USER)
def export_results(call):
    suffix = "jrzip" if JRZIP in call.version.features else call.config.results_archive_suffix
    return _zip_export(call, export.COMBINED, "jatos_results", suffix)


@endpoint39("exportResultMetadata", USER)
def export_result_metadata(call):
    with call.store.read() as state:
        ids = _selection(call, state)
        parts = export.plan(state, ids, lambda s: access.can_access(s, call.user, call.config))
        refused = _no_access(state, parts)
        if refused is not None:  # computed before answering: 403 up front
            raise refused
        document = _metadata(call, state, ids, None)
    return json_response(document, 200, _attachment(f"jatos_results_metadata_{export.timestamp(call.store.now())}"
                                                    ".json"))


@endpoint39("exportResultData", USER, query={"asPlainText": Bool(False)})
def export_result_data(call, asPlainText: bool):  # noqa: N803
    if not asPlainText:
        return _zip_export(call, export.DATA_ONLY, "jatos_results_data")
    now = call.store.now()
    with call.store.write() as state:
        ids = _selection(call, state)
        parts = export.plan(state, ids, lambda s: access.can_access(s, call.user, call.config))
        refused = _no_access(state, parts)
        if refused is not None:  # every study is checked before streaming
            raise refused
        entries = [(state.component_results[i].data_blob, state.component_results[i].data_size) for i in ids]
        _log_studies(call, state, [p.study.id for p in parts], "Exported result data to file")
    return Response(export.text_chunks(entries, call.store.blobs), status=200, mimetype="application/octet-stream",
                    headers=_attachment(f"jatos_results_data_{export.timestamp(now)}.txt"))


@endpoint39("exportResultFiles", USER)
def export_result_files(call):
    return _zip_export(call, export.FILES_ONLY, "jatos_results_files")


_both("/results", export_results)
_both("/results/metadata", export_result_metadata)
_both("/results/data", export_result_data)
_both("/results/files", export_result_files)


@bp.get("/results/files/<path:filename>")
@endpoint39("exportSingleResultFile", USER, query={"componentResultId": Long()})
def export_single_result_file(call, filename: str, componentResultId: int):  # noqa: N803
    with call.store.write() as state:
        cr = state.component_results.get(componentResultId)
        if cr is None:  # the component result is null: NPE (J20); the document's answer: no such file
            raise errors.UnexpectedError() if deviates("J20") else errors.NotFound("File does not exist")
        study = state.studies[state.study_results[cr.study_result_id].study_id]
        if not access.can_access(study, call.user, call.config):
            raise errors.Forbidden(lookups.not_user_text(call.user, study.id))
        name = safe_paths.secure(filename)
        result_file = cr.files.get(name) if name else None
        if result_file is None:
            raise errors.NotFound("File does not exist")
        study_log.log(state, study, call.store.now(), "Exported single result file", call.config.study_logs_enabled)
    base = posixpath.basename(name)
    return Response(call.store.blobs.iter_chunks(result_file.blob), status=200,
                    mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream",
                    headers={"Content-Disposition": content_disposition("inline", base),
                             "Content-Length": str(result_file.size)})


@bp.put("/results/delete")
@endpoint39("removeResults", USER)
def remove_results(call):
    with call.store.write() as state:
        ids = _selection(call, state)
        studies = set()
        for cr_id in ids:  # ResultRemover: everything is checked before anything is removed
            study = _study_of(state, cr_id)
            if not access.can_access(study, call.user, call.config):
                raise errors.Forbidden(lookups.not_user_text(call.user, study.id))
            if study.locked:
                raise errors.Forbidden(lookups.locked_text(study))
            studies.add(study.id)
        cascades.remove_component_results(state, ids)
        _log_studies(call, state, studies, "Removed result data and files")
    return empty()
