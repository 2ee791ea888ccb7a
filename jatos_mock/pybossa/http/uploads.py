"""File uploads of multipart POST/PUT (api/api_base.py _file_upload) and serving them back under /uploads/
(PyBossa's local uploader: `<container>/<file name>`, container `user_<id>`)."""

import json
import mimetypes

from flask import Blueprint, Response, abort, request, url_for

from jatos_mock.core.http.runtime import runtime
from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import access
from jatos_mock.pybossa.domain.resources import Resource

bp = Blueprint("uploads", __name__)


def is_upload(resource: Resource) -> bool:
    return resource.uploads and "multipart/form-data" in (request.headers.get("Content-Type") or "")


def receive(state, caller, resource: Resource, rt) -> dict:
    """The form's fields plus media_url and info.container/file_name; the file is stored for /uploads/."""
    data = {key: request.form[key] for key in request.form}
    if resource.name == "announcement":
        access.ensure(state, caller, "create", resource.name, None)
    else:
        if "project_id" not in data:
            raise errors.ServerError("KeyError", "'project_id'")
        access.ensure(state, caller, "create", resource.name, None, project_id=data["project_id"])
    upload = request.files.get("file")
    if upload is None:
        raise errors.AttributeError_("")
    project = state.project.get(int(data["project_id"])) if resource.name != "announcement" else None
    if caller.anonymous:
        container = "anonymous"
    elif caller.admin and project is not None:
        container = f"user_{project.owner_id}"
    else:
        container = f"user_{caller.id}"
    name = upload.filename or "blob"
    state.uploads[f"{container}/{name}"] = rt.store.blobs.put(upload.read())
    info = data.get("info")
    if info is None:
        info = {}
    elif isinstance(info, str):
        try:
            info = json.loads(info)
        except ValueError as exc:
            raise errors.ValueError_(str(exc)) from None
    info["container"], info["file_name"] = container, name
    data["info"] = info
    data["media_url"] = url_for("uploads.uploaded_file", filename=f"{container}/{name}", _external=True)
    return data


@bp.get("/uploads/<path:filename>")
def uploaded_file(filename: str):
    rt = runtime()
    with rt.store.read() as state:
        key = state.uploads.get(filename)
    if key is None:
        abort(404)
    return Response(rt.store.blobs.read(key), mimetype=_mimetype(filename))


def _mimetype(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
