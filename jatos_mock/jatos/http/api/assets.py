"""JATOS API endpoints: study assets (Api.getStudyAssetsStructure, downloadStudyAssetsFile, uploadStudyAssetsFile,
deleteStudyAssetsFile). Files live in the store's blob store; nothing is written to the file system's assets."""

import mimetypes

from flask import Blueprint, Response, request

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, assets
from jatos_mock.jatos.http import uploads
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.endpoint import Call, endpoint
from jatos_mock.jatos.http.params import Bool

bp = Blueprint("assets", __name__)

# The asset routes are USER-only in JATOS; VIEWERs pass our auth and are refused here (A39), so that the
# spec fidelity, which names no role, can let them through.
ROLES = ("VIEWER", "USER")


def require_user_role(call: Call) -> None:
    """Api's @Auth(roles = USER) on export and the asset routes: a VIEWER token is an invalid token (401)."""
    if "USER" not in call.user.roles and deviates("A39"):
        raise errors.InvalidApiToken()


def raw_filepath(flask_value: str) -> str:
    """Play hands `*filepath` over undecoded and JATOS decodes it once (Helpers.urlDecode): decode the raw URI."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        path = raw.split("?", 1)[0]
        marker = path.find("/assets/")
        if marker >= 0:
            return path[marker + len("/assets/"):]
    return flask_value


def decoded(flask_value: str, trim: bool = False) -> str:
    """URL-decoded filepath (trimmed for uploads, as getAssetsFilePath does) with one leading '/' dropped; a path
    URLDecoder cannot decode is refused."""
    try:
        text = assets.java_url_decode(raw_filepath(flask_value))
    except ValueError:
        if deviates("M12"):  # Helpers.urlDecode's IllegalArgumentException is not caught
            raise errors.UnexpectedError() from None
        raise errors.ValidationFailed(f"Invalid path: {raw_filepath(flask_value)}") from None
    if trim:
        text = assets.java_trim(text)
    return text[1:] if text.startswith("/") else text


@bp.get("/studies/<id>/assets/structure")
@endpoint("getStudyAssetsStructure", ROLES, query={"flatten": Bool(False)})
def get_structure(call: Call, id: str, flatten: bool):
    require_user_role(call)
    with call.store.read() as state:
        study = access.accessible_study(state, id, call.user, call.config)
        root = assets.tree(study)
        if flatten:
            leaves = assets.leaves(root)
            if not deviates("A28"):  # the spec promises files only
                leaves = [n for n in leaves if n.type == "file"]
            return ok([call.views.asset_node(n) for n in leaves])
        return ok(call.views.asset_node(root))


@bp.get("/studies/<id>/assets/<path:filepath>")
@endpoint("downloadStudyAsset", ROLES)
def download_asset(call: Call, id: str, filepath: str):
    require_user_role(call)
    with call.store.read() as state:
        study = access.accessible_study(state, id, call.user, call.config)
        wanted = decoded(filepath)
        refused = assets.refusal(wanted)
        if refused is not None:
            if deviates("A29"):  # IOUtils.getFileInStudyAssetsDir throws; Api does not catch it
                raise errors.IOFailure(refused)
            raise errors.ValidationFailed(f"Invalid path: {wanted or filepath}")
        key = assets.normalize(wanted)
        asset = study.assets.get(key)  # the root ("") or a directory is no file: 404, as Files.isRegularFile
        if asset is None:
            raise errors.NotFound(f"File '{wanted}' couldn't be found.")
        data = call.store.blobs.read(asset.blob)
    name = key.rsplit("/", 1)[-1]
    mimetype = "application/octet-stream"
    if deviates("A29"):  # Result.sendPath guesses the type from the file extension
        mimetype = mimetypes.guess_type(name)[0] or mimetype
    return Response(data, status=200, content_type=mimetype,
                    headers={"Content-Disposition": content_disposition("attachment", name),
                             "Content-Length": str(len(data))})


def _upload(call: Call, id: str, filepath: str | None):
    require_user_role(call)
    store = call.store
    with store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config, unlocked=True)
        part = request.files.get("studyAssetsFile") if request.mimetype == "multipart/form-data" else None
        if part is None or not part.filename:
            raise errors.MissingFile("File missing")
        if uploads.size_of(part.stream) > call.config.max_upload_bytes:
            raise errors.TooLarge("Request entity too large")
        target = _target_path(filepath, part.filename)
        key = assets.normalize(target)
        if key is None:
            raise errors.ValidationFailed(f"Invalid path: {target}")
        if assets.too_long(study.dir_name, key):
            if deviates("A30"):  # Files.createDirectories/move: FileSystemException (name too long), an IO error
                raise errors.ServerError("Error writing file")
            raise errors.ValidationFailed(f"Invalid path: {target}")
        part.stream.seek(0)
        created = assets.put_file(study, store.blobs, key, part.stream, store.now())  # from disk, in chunks
        if created:
            return ok(message="File uploaded successfully", status=201)
        return ok(message="File overwritten successfully")


def _target_path(filepath: str | None, filename: str) -> str:
    """ApiService.getAssetsFilePath."""
    if filepath is None:
        return filename
    text = decoded(filepath, trim=True)
    if text == "":
        return filename
    if text.endswith("/"):
        return text + filename
    return text


@bp.post("/studies/<id>/assets")
@endpoint("uploadStudyAssetToRoot", ROLES)
def upload_asset_to_root(call: Call, id: str):
    return _upload(call, id, None)


@bp.post("/studies/<id>/assets/<path:filepath>")
@endpoint("uploadStudyAsset", ROLES)
def upload_asset(call: Call, id: str, filepath: str):
    return _upload(call, id, filepath)


@bp.delete("/studies/<id>/assets/<path:filepath>")
@endpoint("deleteStudyAsset", ROLES)
def delete_asset(call: Call, id: str, filepath: str):
    require_user_role(call)
    with call.store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config, unlocked=True)
        wanted = decoded(filepath)
        key = assets.normalize(wanted)
        if key is not None and not assets.is_file(study, key) and not assets.is_dir(study, key):
            raise errors.NotFound(f"File '{wanted}' couldn't be found.")
        if key is None or assets.is_dir(study, key):
            if deviates("A31"):  # Api.deleteStudyAssetsFile: IOUtils refuses, answered as a write error
                raise errors.ServerError("Error writing file")
            raise errors.ValidationFailed(f"Invalid path: {wanted or filepath}")
        assets.delete_file(study, key)
        return ok(message="File deleted successfully")
