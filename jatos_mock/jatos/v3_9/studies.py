"""JATOS 3.9's study and component endpoints (Api.importStudy, createStudy, exportStudy, deleteStudy,
getStudyProperties, getAllStudyPropertiesByUser, createComponent, deleteComponent, studyLog of 3.9.8): raw
`{uuid, id}` and import answers, empty 200s, plain-text errors with the ids in them."""

import json

from flask import Blueprint, Response, request

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import archive, cascades, components, studies, study_log
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.params import Bool, Int
from jatos_mock.jatos.v3_9 import lookups, properties
from jatos_mock.jatos.v3_9.endpoint import USER, endpoint39
from jatos_mock.jatos.v3_9.envelope import IO_EXCEPTION, empty, raw

bp = Blueprint("studies39", __name__)
since_3_9_7 = Blueprint("studies39_since_3_9_7", __name__)  # create study, create and delete component

VIEW_FLAGS = {"withComponentProperties": Bool(False), "withBatchProperties": Bool(False)}
IMPORT_FLAGS = {"keepProperties": Bool(False), "keepAssets": Bool(False), "keepCurrentAssetsName": Bool(True),
                "renameAssets": Bool(True)}
IMPORT_FAILED = "Import of study failed: "
NOT_OVERWRITABLE = "Impossible to import study: no new study and the existing study is not allowed to be overwritten"
DIR_TAKEN = ("Study assets directory already exists but doesn't belong to the study and 'renameAssets' is set to "
             "false.")
MORE_THAN_ONE_DIR = "There are more than one directory in the ZIP file."


@bp.get("/studies/properties")
@endpoint39("listStudyProperties", USER, query=VIEW_FLAGS)
def list_study_properties(call, withComponentProperties: bool, withBatchProperties: bool):  # noqa: N803
    with call.store.read() as state:
        return ok([call.views.study(state, s, withComponentProperties, withBatchProperties)
                   for s in studies.studies_of_member(state, call.user)])


@bp.get("/studies/<id>/properties")
@endpoint39("getStudyProperties", USER, query=VIEW_FLAGS)
def get_study_properties(call, id: str, withComponentProperties: bool, withBatchProperties: bool):  # noqa: N803
    with call.store.read() as state:
        study = lookups.study(state, id, call.user, call.config)
        return ok(call.views.study(state, study, withComponentProperties, withBatchProperties))


# --- import -------------------------------------------------------------------------------------------------------

@bp.post("/study")
@endpoint39("importStudy", USER, query=IMPORT_FLAGS)
def import_study(call, keepProperties: bool, keepAssets: bool, keepCurrentAssetsName: bool,  # noqa: N803
                 renameAssets: bool):  # noqa: N803
    part = request.files.get("study") if request.mimetype == "multipart/form-data" else None
    if part is None:
        raise errors.BadRequest("File missing")
    flags = archive.ImportFlags(keepProperties, keepAssets, keepCurrentAssetsName, renameAssets)
    try:  # ImportExport.importStudyApi: what inspecting the archive raises is a 400 naming the root cause
        contents = archive.read_archive(part.stream, call.config, json_data_only=True)
    except (errors.BadRequest, errors.Forbidden, errors.IOFailure) as exc:
        raise errors.BadRequest(IMPORT_FAILED + _root_cause(exc)) from None
    store = call.store
    with store.write() as state:
        try:
            existing = archive.inspect_import(state, store.new_uuid, call.user, contents)
        except errors.Forbidden as exc:
            raise errors.BadRequest(IMPORT_FAILED + exc.message) from None
        uploaded_dir = contents.study["dir_name"]
        info = {"studyExists": existing is not None, "uuid": contents.study["uuid"]}
        if existing is not None:
            info.update({"currentStudyTitle": existing.title, "currentDirName": existing.dir_name})
        dir_exists = studies.dir_name_taken(state, uploaded_dir)
        info.update({"uploadedStudyTitle": contents.study["title"], "uploadedDirName": uploaded_dir,
                     "uploadedDirExists": dir_exists})
        _check_confirmable(existing, contents, flags, dir_exists)
        if existing is None and dir_exists:  # renamed from _2 on (3.9's spec promises no suffix in particular)
            contents.study["dir_name"] = studies.free_dir_name(state, uploaded_dir, first=2)
        study, created = archive.apply_import(state, store.new_uuid, store.blobs, call.user, contents, existing,
                                              flags, store.now(), call.config)
        if created and study.dir_name != uploaded_dir:
            info["newDirName"] = study.dir_name
        info["id"] = study.id
    return raw(info)  # always 200, also for a new study


def _root_cause(exc: errors.JatosError) -> str:
    if exc.message == archive.NOT_A_STUDY:
        return "Study is invalid"  # 3.9 says so for no or several .jas files
    return exc.message.removeprefix("IO error: ")


def _check_confirmable(existing, contents, flags: archive.ImportFlags, dir_exists: bool) -> None:
    """ImportExportService.importStudyConfirmed's refusals of 3.9.8, before anything changes."""
    if existing is None:
        if flags.keep_properties or flags.keep_assets:
            raise errors.ServerError(NOT_OVERWRITABLE, IO_EXCEPTION)
        if dir_exists and not flags.rename_assets:
            raise errors.Forbidden(DIR_TAKEN)
    elif existing.locked:
        raise errors.Forbidden(lookups.locked_text(existing))
    if len(contents.top_dirs) > 1 and not (existing is not None and flags.keep_assets):
        raise errors.ServerError(MORE_THAN_ONE_DIR, IO_EXCEPTION)  # IOUtils.moveStudyAssetsDir


# --- create -------------------------------------------------------------------------------------------------------

@since_3_9_7.post("/studies/create")
@endpoint39("createStudy", USER)
def create_study(call):
    if not call.has_json_body:
        raise errors.UnexpectedError()  # request.body().asJson() is null: NPE
    bound, seen = properties.bind(call.parsed_json, properties.STUDY_FIELDS)
    properties.raise_if_invalid(properties.study_problem(seen))
    store = call.store
    with store.write() as state:
        uuid = store.new_uuid()  # the assets directory is named after the UUID, whatever dirName says
        title = bound.pop("title")
        study = studies.add_study(state, uuid, title, uuid, [call.user], store.now(), store.new_uuid(),
                                  call.config.study_logs_enabled, **bound)
        studies.log_created(state, study, call.user, store.now(), call.config.study_logs_enabled)
        return raw({"uuid": study.uuid, "id": study.id})


# --- export and delete --------------------------------------------------------------------------------------------

@bp.get("/studies/<id>")
@endpoint39("exportStudy", USER)
def export_study(call, id: str):
    store = call.store
    with store.write() as state:  # the .jas name takes digits from the store's random source
        study = lookups.study(state, id, call.user, call.config)  # a locked study is exported too
        try:
            data = archive.write_archive(state, study, store.blobs, store.rng, store.now(), json_data=True)
        except OSError:
            raise errors.ServerError(f'Export of study "{study.title}" (ID {study.id}) failed.') from None
        filename = f"jatos_study_{study.uuid}.{call.config.study_archive_suffix}"
    return Response(data, status=200, mimetype="application/zip",
                    headers={"Content-Disposition": content_disposition("attachment", filename),
                             "Content-Length": str(len(data))})


@bp.delete("/studies/<id>")
@endpoint39("deleteStudy", USER)
def delete_study(call, id: str):
    with call.store.write() as state:
        study = lookups.study(state, id, call.user, call.config, unlocked=True)
        cascades.remove_study(state, study, call.user, call.store.now(), call.config)
    return empty()


# --- components ---------------------------------------------------------------------------------------------------

@since_3_9_7.post("/studies/<id>/components/create")
@endpoint39("createComponent", USER)
def create_component(call, id: str):
    store = call.store
    with store.write() as state:
        study = lookups.study(state, id, call.user, call.config, unlocked=True)
        if not call.has_json_body:
            raise errors.UnexpectedError()
        bound, seen = properties.bind(call.parsed_json, properties.COMPONENT_FIELDS)
        properties.raise_if_invalid(properties.component_problem(seen))
        title = bound.pop("title")
        component = components.add_component(state, study, store.new_uuid(), title, store.now(), **bound)
        return raw({"uuid": component.uuid, "id": component.id})


@since_3_9_7.delete("/studies/<id>/components/<cid>")
@endpoint39("deleteComponent", USER)
def delete_component(call, id: str, cid: str):
    store = call.store
    with store.write() as state:
        component = lookups.component(state, cid, call.user, call.config)
        study = state.studies[component.study_id]
        if study.locked:
            raise errors.Forbidden(lookups.locked_text(study))
        if id not in (str(study.id), study.uuid):  # compared as exact strings
            raise errors.Forbidden("Component does not belong to study")
        cascades.remove_component(state, study, component, call.user, store.now(), call.config.study_logs_enabled)
    return empty()


# --- study log ----------------------------------------------------------------------------------------------------

@bp.get("/studies/<id>/log")
@endpoint39("getStudyLog", USER, query={"entryLimit": Int(-1), "download": Bool(True)})
def get_study_log(call, id: str, entryLimit: int, download: bool):  # noqa: N803
    with call.store.read() as state:
        study = lookups.study(state, id, call.user, call.config)
        entries = state.study_logs.get(study.uuid)
        entries = list(entries) if entries is not None else None
    if download:
        if entries is None:
            return empty(404)
        data = study_log.file_bytes(entries)
        return Response(data, status=200, mimetype="application/octet-stream",
                        headers={"Content-Disposition": content_disposition("attachment",
                                                                            f"jatos_studylog_{study.uuid}.log"),
                                 "Content-Length": str(len(data))})
    if entries is None:
        text = json.dumps(["Error: Could not open log file"])
    else:
        text = study_log.reversed_array_text(entries, entryLimit)
    return Response(text.encode("latin-1", errors="replace"), status=200, mimetype="application/jsonline")
