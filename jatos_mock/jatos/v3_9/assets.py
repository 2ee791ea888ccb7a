"""JATOS 3.9's study-asset endpoints (Api.getStudyAssetsStructure, downloadStudyAssetsFile, uploadStudyAssetsFile,
deleteStudyAssetsFile of 3.9.8): upload to `assets/` with its trailing slash, inline downloads, empty 200s, and
`Error writing file` for any target JATOS cannot write."""

import mimetypes

from flask import Blueprint, Response, abort, request

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import assets
from jatos_mock.jatos.http.api.assets import raw_filepath
from jatos_mock.jatos.http.downloads import content_disposition
from jatos_mock.jatos.http.params import Bool
from jatos_mock.jatos.v3_9 import lookups
from jatos_mock.jatos.v3_9.endpoint import USER, endpoint39
from jatos_mock.jatos.v3_9.envelope import empty

bp = Blueprint("assets39", __name__)

ERROR_WRITING = "Error writing file"


def _decoded(flask_value: str, trim: bool = False) -> str:
    """Helpers.urlDecode of the raw segment (URLDecoder: a malformed escape throws, a generic 500), one leading
    '/' dropped."""
    try:
        text = assets.java_url_decode(raw_filepath(flask_value))
    except ValueError:
        raise errors.UnexpectedError() from None
    if trim:
        text = assets.java_trim(text)
    return text[1:] if text.startswith("/") else text


@bp.get("/studies/<id>/assets/structure")
@endpoint39("getStudyAssetsStructure", USER, query={"flatten": Bool(False)})
def get_structure(call, id: str, flatten: bool):
    with call.store.read() as state:
        study = lookups.study(state, id, call.user, call.config)
        root = assets.tree(study)
        if flatten:  # files and empty directories; an empty assets directory is its own only leaf
            reply = ok([call.views.asset_node(n) for n in assets.leaves(root)])
        else:
            reply = ok(call.views.asset_node(root))
    answer = call.version.render(reply)
    if not deviates("J7"):
        answer.mimetype = "application/octet-stream"  # the spec's media type for the same JSON
    return answer


@bp.get("/studies/<id>/assets/<path:filepath>")
@endpoint39("downloadStudyAsset", USER)
def download_asset(call, id: str, filepath: str):
    with call.store.read() as state:
        study = lookups.study(state, id, call.user, call.config)
        wanted = _decoded(filepath)
        key = assets.normalize(wanted)  # None: a path JATOS refuses
        asset = study.assets.get(key) if key is not None else None
        if asset is None:  # not a regular file inside the assets directory
            raise errors.NotFound(f"File '{wanted}' couldn't be found.")
        data = call.store.blobs.read(asset.blob)
    name = key.rsplit("/", 1)[-1]
    typed = mimetypes.guess_type(name)[0]  # Play's sendFile types the file by its extension; the spec: octet-stream
    return Response(data, status=200, content_type=typed if typed and deviates("J9") else "application/octet-stream",
                    headers={"Content-Disposition": content_disposition("inline", name),  # Play's sendFile default
                             "Content-Length": str(len(data))})


def _upload(call, id: str, filepath: str | None):
    store = call.store
    with store.write() as state:
        study = lookups.study(state, id, call.user, call.config, unlocked=True)
        part = request.files.get("studyAssetsFile") if request.mimetype == "multipart/form-data" else None
        if part is None or not part.filename:
            raise errors.BadRequest("File missing")
        data = part.read()
        if len(data) > call.config.max_upload_bytes:
            raise errors.TooLarge("Request entity too large")
        target = _target(filepath, part.filename)
        key = assets.normalize(target)
        if key is None or key == "" or assets.too_long(study.dir_name, key) or assets.is_dir(study, key):
            raise errors.BadRequest(ERROR_WRITING)  # outside the directory, a directory, or unwritable
        try:
            assets.put_file(study, store.blobs, key, data, store.now())
        except errors.FileAlreadyExists:  # a file where a directory of the path should be
            raise errors.BadRequest(ERROR_WRITING) from None
    return empty()


def _target(filepath: str | None, filename: str) -> str:
    """Api.uploadStudyAssetsFile: no path, the file's name; a path ending in '/', a folder for it; else the name."""
    if filepath is None:
        return filename
    text = _decoded(filepath, trim=True)
    if text == "" or (text == "." and not deviates("J3")):  # the spec's `.` is the top; JATOS cannot write there
        return filename
    return text + filename if text.endswith("/") else text


def _routed_in_jatos_only(_path_values) -> None:
    if not deviates("J2"):
        abort(404)  # spec fidelity: the spec has no such route, so it is a routing miss before anything else


@bp.post("/studies/<id>/assets/")
@endpoint39("uploadStudyAssetToRoot", USER, first=_routed_in_jatos_only)
def upload_asset_to_root(call, id: str):
    return _upload(call, id, None)


@bp.post("/studies/<id>/assets")
def upload_without_slash(id: str):
    abort(404)  # 3.9 routes the upload with its trailing slash only (and Werkzeug would redirect)


@bp.post("/studies/<id>/assets/<path:filepath>")
@endpoint39("uploadStudyAsset", USER)
def upload_asset(call, id: str, filepath: str):
    return _upload(call, id, filepath)


@bp.delete("/studies/<id>/assets/<path:filepath>")
@endpoint39("deleteStudyAsset", USER)
def delete_asset(call, id: str, filepath: str):
    with call.store.write() as state:
        study = lookups.study(state, id, call.user, call.config, unlocked=True)
        wanted = _decoded(filepath)
        key = assets.normalize(wanted)  # None: a path JATOS refuses
        if key is None or key == "" or assets.is_dir(study, key):
            return empty(400)  # badRequest() without a message
        if not assets.is_file(study, key):
            raise errors.NotFound(f"File '{wanted}' couldn't be found.")
        assets.delete_file(study, key)
    return empty()
