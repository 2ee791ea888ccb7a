"""JATOS API endpoints: studies (Api.importOrCreateStudy, importStudy, createStudy, checkStudyExists, exportStudy,
deleteStudy, getStudyProperties, getAllStudyPropertiesOfSignedinUser, updateStudyProperties)."""

from typing import BinaryIO

from flask import Blueprint, Response, request

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, archive, cascades, studies
from jatos_mock.jatos.http import bodies, uploads
from jatos_mock.jatos.http.api.assets import require_user_role
from jatos_mock.jatos.http.bodiless import Bodiless
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.endpoint import ADMIN, USER, VIEWER_OR_USER, Call, endpoint
from jatos_mock.jatos.http.params import Bool

bp = Blueprint("studies", __name__)

IMPORT_FLAGS = {"keepProperties": Bool(False), "keepAssets": Bool(False), "keepCurrentAssetsName": Bool(None),
                "renameAssets": Bool(True)}
VIEW_FLAGS = {"withComponentProperties": Bool(False), "withBatchProperties": Bool(False)}
ARCHIVE_TYPES = ("application/zip", "application/jzip", "application/octet-stream")
FILE_MISSING = "File missing"


def _flags(keepProperties, keepAssets, keepCurrentAssetsName, renameAssets,
           jatos_default=lambda: deviates("A17")) -> archive.ImportFlags:
    if keepCurrentAssetsName is None:
        # routes: keepCurrentAssetsName ?= true; the contract says false (A17; A21 for the deprecated POST /study)
        keepCurrentAssetsName = jatos_default()
    return archive.ImportFlags(keepProperties, keepAssets, keepCurrentAssetsName, renameAssets)


def _archive(call: Call) -> bytes | BinaryIO:
    """ApiService.extractFile: the multipart part `study` (as the file the parser wrote it to), or the raw body."""
    if (request.headers.get("Content-Type") or "").startswith("multipart/form-data"):
        part = request.files.get("study")
        size = uploads.size_of(part.stream) if part is not None else 0
        data = part.stream if part is not None else b""
    else:  # the raw body, on disk since before auth (uploads.read_body); a multipart one was left to the parser
        data = b"" if uploads.is_multipart() else request.body_file
        size = len(data) if isinstance(data, bytes) else uploads.size_of(data)
    if not size:
        raise errors.MissingFile(FILE_MISSING)
    if size > call.config.max_upload_bytes:
        raise errors.TooLarge("Request entity too large")
    return data


def _import(call: Call, flags: archive.ImportFlags, overwrite_status: int):
    contents = archive.read_archive(_archive(call), call.config)
    store = call.store
    with store.write() as state:
        study, created = archive.import_study(state, store.new_uuid, store.blobs, call.user, contents, flags,
                                              store.now(), call.config)
        return ok(call.views.study(state, study), status=201 if created else overwrite_status)


def _create(call: Call, body, rename_assets: bool):
    if not isinstance(body, dict):
        raise errors.InvalidJson("Request body is not a JSON object")
    store = call.store
    with store.write() as state:
        study = studies.create_study(state, store.new_uuid, call.user, body, rename_assets, store.now(), call.config)
        return ok(call.views.study(state, study), status=201)  # Api.createStudy: created()


@bp.post("/studies")
@endpoint("importOrCreateStudy", USER, query=IMPORT_FLAGS, body=bodies.ARCHIVE)
def import_or_create_study(call: Call, **flags):
    content_type = request.headers.get("Content-Type") or ""
    # Api.importOrCreateStudy dispatches on the raw header with a case-sensitive startsWith
    if content_type.startswith("application/json"):
        if not call.body:
            raise errors.InvalidJson("Request body is empty or not valid JSON")
        return _create(call, call.parsed_json if call.has_json_body else call.json_body(), flags["renameAssets"])
    if content_type.startswith(("multipart/form-data", "application/zip", "application/octet-stream")):
        return _import(call, _flags(**flags), 200)
    if (content_type == "" or content_type.startswith("application/jzip")) and deviates("A18"):
        return _import(call, _flags(**flags), 200)
    raise errors.UnsupportedMediaType(f"Wrong 'Content-Type' {content_type}")


@bp.post("/study")
@endpoint("importStudyDeprecated", USER, query=IMPORT_FLAGS, body=bodies.ARCHIVE)
def import_study_deprecated(call: Call, **flags):
    content_type = request.headers.get("Content-Type") or ""
    if content_type and not content_type.startswith(("multipart/form-data",) + ARCHIVE_TYPES):
        raise errors.BadRequest(f"Unsupported Content-Type '{content_type}'. Use multipart/form-data, "
                                "[application/zip, application/jzip, application/octet-stream]")
    # Api.importStudy takes the four flags and answers 200 on an overwrite (our contract documents both); only
    # its keepCurrentAssetsName default still differs (A21: "same defaults" as POST /studies)
    return _import(call, _flags(**flags, jatos_default=lambda: deviates("A21")), 200)


@bp.post("/studies/create")
@endpoint("createStudyDeprecated", USER, body=bodies.RAW)
def create_study_deprecated(call: Call):
    # Api.createStudy forces renameAssets=false: a taken dirName is 403 (A22; our contract documents the 403)
    return _create(call, call.json_object(), False)


# Registered before the GET route of the same path: Flask answers HEAD with the first matching rule.
@bp.route("/studies/<id>", methods=["HEAD"])
@endpoint("checkStudyExists", ADMIN)
def check_study_exists(call: Call, id: str):
    with call.store.read() as state:  # Api.checkStudyExists: no membership check
        exists = access.find_study(state, id) is not None
    if exists:
        return Bodiless(status=204)  # noContent(): no entity, no Content-Type
    if deviates("A44"):
        return Bodiless(status=404)  # notFound(): no entity, no Content-Type either
    return Bodiless(status=404, mimetype="application/json")  # the contract's NotFoundError, its body left out


@bp.get("/studies/<id>")
@endpoint("exportStudy", USER)
def export_study(call: Call, id: str):
    require_user_role(call)
    store = call.store
    with store.write() as state:  # the .jas name takes digits from the store's random source
        study = access.accessible_study(state, id, call.user, call.config)
        try:
            data = archive.write_archive(state, study, store.blobs, store.rng, store.now())
        except OSError:
            if deviates("A38"):  # ImportExport.exportStudy answers a plain-text 500
                return Response(f'Export of study "{study.title}" (ID {study.id}) failed.', status=500,
                                mimetype="text/plain")
            raise errors.BadRequest(f'Export of study "{study.title}" (ID {study.id}) failed.') from None
        filename = f"jatos_study_{study.uuid}.{call.config.study_archive_suffix}"
    return Response(data, status=200, mimetype="application/zip",
                    headers={"Content-Disposition": content_disposition("attachment", filename),
                             "Content-Length": str(len(data))})


@bp.delete("/studies/<id>")
@endpoint("deleteStudy", USER)
def delete_study(call: Call, id: str):
    with call.store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config, unlocked=True)
        cascades.remove_study(state, study, call.user, call.store.now(), call.config)
        return ok(message="Study deleted successfully")


@bp.get("/studies/properties")
@endpoint("listStudyProperties", VIEWER_OR_USER, query=VIEW_FLAGS)
def list_study_properties(call: Call, withComponentProperties: bool, withBatchProperties: bool):
    with call.store.read() as state:
        return ok([call.views.study(state, s, withComponentProperties, withBatchProperties)
                   for s in studies.studies_of_member(state, call.user)])


@bp.get("/studies/<id>/properties")
@endpoint("getStudyProperties", VIEWER_OR_USER, query=VIEW_FLAGS)
def get_study_properties(call: Call, id: str, withComponentProperties: bool, withBatchProperties: bool):
    with call.store.read() as state:
        study = access.accessible_study(state, id, call.user, call.config)
        return ok(call.views.study(state, study, withComponentProperties, withBatchProperties))


@bp.patch("/studies/<id>/properties")
@endpoint("updateStudyProperties", USER, body=bodies.RAW)
def update_study_properties(call: Call, id: str):
    with call.store.write() as state:
        study = access.find_study(state, id)
        if (study is not None and "ADMIN" in call.user.roles and not access.can_access(study, call.user, call.config)
                and not deviates("A26")):
            return _toggle_active_as_admin(call, study)
        access.check_study(study, call.user, call.config, unlocked=True)
        studies.update_properties(state, study, call.user, call.json_object(), call.store.now(), call.config)
        return ok(call.views.study(state, study))


def _toggle_active_as_admin(call: Call, study):
    """The spec's admin branch (JATOS never reaches it, A26): a non-member admin may switch only `active`."""
    body = call.json_object()
    if set(body) != {"active"} or not isinstance(body["active"], bool):
        raise errors.NoAccess("No access to study.")
    studies.toggle_active(study, body["active"])
    return ok({"id": study.id, "uuid": study.uuid, "active": study.active})
