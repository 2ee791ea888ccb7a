"""The JATOS study archive (.jzip): reading, writing and importing (services/gui/ImportExportService,
utils/common/ZipUtil, StudyDeserializer, JsonUtils.studyAsJsonForIO).

A .jzip is a ZIP with exactly one `<name>.jas` (JSON: {"version": "3", "data": {...}}) at the root and the study's
assets under one top-level folder. Everything is read into memory and checked before the store changes.
"""

import datetime
import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from jatos_mock.core.contract import text as json_text
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import assets, batches, components, properties, safe_paths, studies
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.no_html import has_html
from jatos_mock.jatos.models import State, Study, User

SERIAL_VERSION = 3  # Study.SERIAL_VERSION
UNPACK_FAILED = "Unpacking ZIP archive failed"
NOT_A_STUDY = "File is not a valid JATOS study"
_JAS_NAME_ILLEGAL = re.compile(r'[\s*?"\\\x00/,`<>|:~!§$%&^°]')


@dataclass
class StudyArchive:
    """What an archive holds, already checked: the study, its components and batches, the assets."""

    study: dict  # model attribute names
    components: list[dict]
    batches: list[dict]
    files: dict[str, BinaryIO] = field(default_factory=dict)  # relative to the assets folder, each at its start
    dirs: set[str] = field(default_factory=set)
    top_dirs: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- reading

def _entry_path(name: str) -> str | None:
    """The entry's normalised path, or None when it would land outside the target folder (zip-slip)."""
    if name.startswith(("/", "\\")) or "\\" in name or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return None
    return safe_paths.resolve(name)


INFLATE_CHUNK = 1 << 16
MAX_RATIO = 1100  # above what DEFLATE can reach (~1032:1): only a crafted entry (or another method) gets there
RATIO_FLOOR = 1 << 20  # small entries may compress as they like


class _Budget:
    """What unpacking an archive may produce, counted in bytes actually decompressed (not the declared sizes)."""

    def __init__(self, limit: int):
        self.left = limit


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> BinaryIO:
    """One entry, decompressed in chunks: stops at the archive's total budget, at an absurd compression ratio, and
    (zipfile's own check, which a single read() only makes after inflating everything) at the declared size. A
    large entry goes to an anonymous temporary file (JATOS unzips into a temporary folder too), so an archive's
    contents are never held in memory whole."""
    out, produced = tempfile.SpooledTemporaryFile(max_size=RATIO_FLOOR), 0
    with archive.open(info) as entry:
        while chunk := entry.read(INFLATE_CHUNK):
            produced += len(chunk)
            budget.left -= len(chunk)
            if budget.left < 0:
                raise errors.TooLarge("Request entity too large")
            if produced > RATIO_FLOOR and produced > MAX_RATIO * max(info.compress_size, 1):
                raise errors.ImportExportFailed(UNPACK_FAILED)
            out.write(chunk)
    out.seek(0)
    return out


def read_archive(data: bytes | BinaryIO, config: JatosConfig, json_data_only: bool = False) -> StudyArchive:
    """IES.importStudy's checks, in JATOS's order: unzip, one .jas, deserialise, validate. `data` is the archive's
    bytes or a seekable file holding it (an upload part on disk). `json_data_only`: read input data as JATOS 3.9
    does, from `jsonData` only (3.10's studyInput/componentInput/batchInput are lost)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise errors.ImportExportFailed(UNPACK_FAILED) from None
    if sum(i.file_size for i in infos) > config.max_upload_bytes:
        raise errors.TooLarge("Request entity too large")
    files: dict[str, BinaryIO] = {}
    dirs: set[str] = set()
    budget = _Budget(config.max_upload_bytes)
    for info in infos:
        # ZipInfo cuts a name at NUL (orig_filename keeps it); JATOS's unzip cannot make a path of it and fails
        path = None if "\x00" in info.orig_filename else _entry_path(info.filename)
        if path is None or (path == "" and not info.is_dir()):
            raise errors.ImportExportFailed(UNPACK_FAILED)  # ZipUtil.unzip: entry outside the target
        if path == "":
            continue
        if assets.too_long("", path):  # ZipUtil.unzip cannot create it: an IOException, "Unpacking ... failed"
            raise errors.ImportExportFailed(UNPACK_FAILED)
        if info.is_dir():
            dirs.add(path)
            continue
        if path in files or path in dirs:
            raise errors.ImportExportFailed(UNPACK_FAILED)  # duplicate entry
        try:
            files[path] = _inflate(archive, info, budget)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, RuntimeError):
            raise errors.ImportExportFailed(UNPACK_FAILED) from None
    for path in files:
        dirs.update(assets.parents(path))
    if any(d in files for d in dirs):
        raise errors.ImportExportFailed(UNPACK_FAILED)  # a file and a directory of the same name
    jas = [p for p in files if "/" not in p and p.lower().endswith(".jas")]
    if len(jas) != 1:
        raise errors.ValidationFailed(NOT_A_STUDY)
    study, comps, batch_list = deserialize(files[jas[0]].read(), json_data_only)
    top_dirs = sorted({d.split("/")[0] for d in dirs})
    asset_files, asset_dirs = {}, set()
    if len(top_dirs) == 1:
        prefix = top_dirs[0] + "/"
        asset_files = {p[len(prefix):]: b for p, b in files.items() if p.startswith(prefix)}
        asset_dirs = {d[len(prefix):] for d in dirs if d.startswith(prefix)}
    return StudyArchive(study, comps, batch_list, asset_files, asset_dirs, top_dirs)


def _find_value(node, name: str):
    """Jackson JsonNode.findValue: depth-first, own fields before children."""
    if isinstance(node, dict):
        if name in node:
            return node[name]
        for value in node.values():
            found = _find_value(value, name)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find_value(value, name)
            if found is not None:
                return found
    return None


def _as_int(value) -> int:
    """Jackson asInt: numbers truncated, numeric strings parsed, everything else 0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                return int(float(value.strip()))
            except ValueError:
                return 0
    return 0


def _server_side(message: str):
    """StudyDeserializer's IOExceptions answer 500 IO_ERROR in JATOS; the spec knows only 400 for import."""
    if deviates("A19"):
        return errors.IOFailure(message)
    return errors.ValidationFailed(message)


def deserialize(raw: bytes, json_data_only: bool = False) -> tuple[dict, list[dict], list[dict]]:
    """StudyDeserializer.deserialize, then the *Properties validations (details only logged by JATOS)."""
    try:
        document = json_text.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise errors.InvalidJson(f"Invalid JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise errors.InvalidJson(f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:  # nested too deep
        raise errors.InvalidJson(f"Invalid JSON: {exc}") from None
    version_node = _find_value(document, "version")
    if version_node is None:
        if deviates("A19"):
            raise errors.UnexpectedError()  # asInt on a missing node: NullPointerException
        raise errors.ValidationFailed(NOT_A_STUDY)
    version = _as_int(version_node)
    if version > SERIAL_VERSION:
        raise _server_side("This study is from an newer version of JATOS. Try updating your JATOS.")
    if version not in (0, 2, SERIAL_VERSION):
        raise _server_side("This study is from an unsupported version of JATOS.")
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise errors.ValidationFailed("Study is invalid")
    study = _bind(data, properties.STUDY_FIELDS, "studyInput", json_data_only)
    # Study() and Component() draw a random UUID (and Study's dirName = that UUID) before Jackson sets the fields, so
    # an absent key leaves the key out here and import_study generates it; StudyV2 has no such defaults (null).
    if "uuid" in data or version != SERIAL_VERSION:
        study["uuid"] = _text(data.get("uuid"), "uuid")
    if version != SERIAL_VERSION:
        study.setdefault("dir_name", None)
    comps = [_bind(c, properties.COMPONENT_FIELDS, "componentInput", json_data_only) for c in
             _list(data, "componentList")]
    for source, comp in zip(_list(data, "componentList"), comps):
        if "uuid" in source:
            comp["uuid"] = _text(source["uuid"], "uuid")
    batch_list = [_bind_batch(b, json_data_only) for b in _list(data, "batchList")]
    # An explicit null uuid/dirName gets past StudyProperties.validate in JATOS and fails later (not-null column,
    # no assets path); the mock refuses it here.
    if _null(study, "uuid") or has_html(study.get("uuid")) or _null(study, "dir_name") \
            or properties.study_problem(study):
        raise errors.ValidationFailed("Study is invalid")
    if any(_null(c, "uuid") or has_html(c.get("uuid")) or properties.component_problem(c) for c in comps):
        raise errors.ValidationFailed("Component is invalid")
    if any(batches.batch_problem(_batch_properties(b)) for b in batch_list):
        raise errors.ValidationFailed("Batch is invalid")
    return study, comps, batch_list


def _null(bound: dict, attr: str) -> bool:
    """The key was given as JSON null (an absent key is generated on import)."""
    return attr in bound and bound[attr] is None


def _generate_missing(archive: StudyArchive, new_uuid) -> None:
    """What `new Study()` / `new Component()` fill in for keys the .jas leaves out: random UUIDs, and a dirName that
    is the constructor's UUID (the study's own only when the .jas has no uuid either)."""
    if "uuid" not in archive.study or "dir_name" not in archive.study:  # draw only when needed (seeded runs)
        constructed = new_uuid()
        archive.study.setdefault("uuid", constructed)
        archive.study.setdefault("dir_name", constructed)
    for comp in archive.components:
        if "uuid" not in comp:
            comp["uuid"] = new_uuid()


def _list(data: dict, key: str) -> list[dict]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise errors.InvalidJson(f"Invalid JSON in field '{key}': Expected a JSON array of objects")
    return value


def _text(value, key: str):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return json.dumps(value)  # the lenient mapper turns scalars into text
    raise errors.InvalidJson(f"Invalid JSON in field '{key}': Expected a JSON string")


def _input_key(source: dict, input_key: str, json_data_only: bool) -> dict:
    """3.10 reads its input field, or the alias jsonData; 3.9 knows only jsonData (Study/Component/Batch of 3.9)."""
    source = dict(source)
    if json_data_only:
        source.pop(input_key, None)
        if "jsonData" in source:
            source[input_key] = source["jsonData"]
    elif "jsonData" in source and input_key not in source:
        source[input_key] = source["jsonData"]
    return source


def _bind(source: dict, fields: dict, input_key: str, json_data_only: bool) -> dict:
    """Lenient binding (unknown keys ignored, jsonData alias, `active`/`locked` bound when present)."""
    source = _input_key(source, input_key, json_data_only)
    bound = {}
    for key, (attr, kind) in fields.items():
        if key not in source or source[key] is None and kind == properties.BOOL:
            continue
        value = source[key]
        if kind == properties.BOOL:
            if not isinstance(value, bool):
                raise errors.InvalidJson(f"Invalid JSON in field '{key}': Expected a JSON boolean")
        else:
            value = _text(value, key)
        bound[attr] = value
    return bound


def _batch_properties(batch: dict) -> dict:
    """A bound archive batch as BatchProperties (BatchService.bindToProperties), JSON key -> value."""
    return {"uuid": batch["uuid"], "title": batch["title"], "comments": batch["comments"],
            "batchInput": batch["batch_input"], "maxActiveMembers": batch["max_active_members"],
            "maxTotalMembers": batch["max_total_members"], "maxTotalWorkers": batch["max_total_workers"],
            "allowedWorkerTypes": batch["allowed_worker_types"]}


def _bind_batch(source: dict, json_data_only: bool) -> dict:
    source = _input_key(source, "batchInput", json_data_only)
    batch = {"uuid": _text(source.get("uuid"), "uuid"), "title": _text(source.get("title"), "title"),
             "active": source.get("active", True) if isinstance(source.get("active", True), bool) else True,
             "comments": _text(source.get("comments"), "comments"),
             "batch_input": _text(source.get("batchInput"), "batchInput")}
    for key, attr in (("maxActiveMembers", "max_active_members"), ("maxTotalMembers", "max_total_members"),
                      ("maxTotalWorkers", "max_total_workers")):
        value = source.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise errors.ValidationFailed("Batch is invalid")  # not an Integer: the batch cannot be bound
        batch[attr] = value
    types = source.get("allowedWorkerTypes") or []
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise errors.InvalidJson("Invalid JSON in field 'allowedWorkerTypes': Expected a JSON array of strings")
    batch["allowed_worker_types"] = list(types)
    return batch


# ----------------------------------------------------------------------------------------------- importing

@dataclass
class ImportFlags:
    keep_properties: bool = False
    keep_assets: bool = False
    keep_current_assets_name: bool = True
    rename_assets: bool = True


def import_study(state: State, new_uuid, blobs, user: User, archive: StudyArchive, flags: ImportFlags,
                 now_ms: int, config: JatosConfig) -> tuple[Study, bool]:
    """IES.importStudy + importStudyConfirmed. Returns (study, created). Checks first, then changes."""
    existing = inspect_import(state, new_uuid, user, archive)
    return apply_import(state, new_uuid, blobs, user, archive, existing, flags, now_ms, config)


def inspect_import(state: State, new_uuid, user: User, archive: StudyArchive) -> Study | None:
    """IES.importStudy: the study the archive would overwrite (None: a new one); refuses a component UUID of
    another study and a study the user is no member of."""
    _generate_missing(archive, new_uuid)
    uuid = archive.study["uuid"]
    existing = next((s for s in state.studies.values() if s.uuid == uuid), None)
    for comp in archive.components:
        owner = next((state.studies.get(c.study_id) for c in state.components.values() if c.uuid == comp["uuid"]),
                     None)
        if owner is not None and owner.uuid != uuid:
            raise errors.Forbidden(f"An component of the imported study has the same UUID ({comp['uuid']}) as an "
                                   "existing component.")
    if existing is not None and user.id not in existing.member_ids:
        raise errors.Forbidden("Import failed: the study already exists, but you are not a member and therefore "
                               "cannot overwrite it. You may import the study into another JATOS instance, clone "
                               "it there, then export and re-import it here.")
    return existing


def apply_import(state: State, new_uuid, blobs, user: User, archive: StudyArchive, existing: Study | None,
                 flags: ImportFlags, now_ms: int, config: JatosConfig) -> tuple[Study, bool]:
    """IES.importStudyConfirmed: a new study, or `existing` overwritten. Returns (study, created)."""
    if existing is None:
        return _import_new(state, new_uuid, blobs, user, archive, flags, now_ms, config), True
    old_hash = studies.description_hash(existing.description)
    _overwrite(state, new_uuid, blobs, existing, archive, flags, now_ms)
    if studies.description_hash(existing.description) != old_hash:
        # StudyService.updateStudyWithoutDirName / updateStudyAndRenameAssets: logStudyDescriptionHash when the
        # uploaded description's hash differs (properties replaced, i.e. not keepProperties)
        studies.log_description(state, existing, user, now_ms, config.study_logs_enabled)
    return existing, False


def _check_one_assets_dir(archive: StudyArchive) -> None:
    if len(archive.top_dirs) > 1:
        raise _server_side("There are more than one directory in the ZIP file.")  # IOUtils.moveStudyAssetsDir


def _import_new(state: State, new_uuid, blobs, user: User, archive: StudyArchive, flags: ImportFlags,
                now_ms: int, config: JatosConfig) -> Study:
    props = {"active": True, "group_study": False, "linear_study": False, "allow_preview": False,
             **archive.study}
    props.pop("uuid")
    dir_name = props.pop("dir_name")
    if studies.dir_name_taken(state, dir_name):
        if not flags.rename_assets:
            raise errors.Forbidden("Cannot import study: a study assets directory with the same name exists "
                                   "already, but 'renameAssets' is set to false.")
        dir_name = studies.free_dir_name(state, dir_name)
    _check_one_assets_dir(archive)
    props.pop("locked", None)
    title = props.pop("title")
    first = archive.batches[0] if archive.batches else {}
    study = studies.add_study(state, archive.study["uuid"], title, dir_name, [user], now_ms,
                              first.get("uuid") or new_uuid(), config.study_logs_enabled, **props)
    if archive.batches:
        _apply_batch(state.batches[study.batch_ids[0]], first)
        for extra in archive.batches[1:]:
            batch = batches.add_batch(state, study, extra.get("uuid") or new_uuid(), extra["title"])
            _apply_batch(batch, extra)
    for comp in archive.components:
        values = dict(comp)
        components.add_component(state, study, values.pop("uuid"), values.pop("title"), now_ms, **values)
    files, dirs = assets.store_files(blobs, archive.files, now_ms)
    assets.replace_all(study, files, dirs)
    studies.log_created(state, study, user, now_ms, config.study_logs_enabled)
    return study


def _apply_batch(batch, values: dict) -> None:
    for attr, value in values.items():
        if attr != "uuid":
            setattr(batch, attr, value)


def _overwrite(state: State, new_uuid, blobs, study: Study, archive: StudyArchive, flags: ImportFlags,
               now_ms: int) -> None:
    if study.locked:
        raise errors.Locked()
    uploaded_dir = archive.study["dir_name"]
    replace_assets = not flags.keep_assets
    new_dir_name = study.dir_name
    if replace_assets:
        _check_one_assets_dir(archive)
        target = study.dir_name if flags.keep_current_assets_name else uploaded_dir
        if target != study.dir_name and studies.dir_name_taken(state, target, study):
            raise _server_side(f"Study assets directory \"{target}\" couldn't be created because it already "
                               "exists.")
        new_dir_name = target
        files, dirs = assets.store_files(blobs, archive.files, now_ms)
        assets.replace_all(study, files, dirs)
    if flags.keep_properties:
        return  # DB untouched (JATOS leaves the renamed directory dangling; the mock keeps the assets attached)
    for attr in ("title", "description", "comments", "study_entry_msg", "end_redirect_url", "study_input",
                 "linear_study", "allow_preview", "group_study"):
        if attr in archive.study:
            setattr(study, attr, archive.study[attr])
    study.dir_name = new_dir_name
    by_uuid = {state.components[cid].uuid: state.components[cid] for cid in study.component_ids}
    order = []
    for comp in archive.components:
        current = by_uuid.pop(comp["uuid"], None)
        values = {k: v for k, v in comp.items() if k != "uuid"}
        if current is None:
            current = components.add_component(state, study, comp["uuid"], values.pop("title"), now_ms, **values)
            study.component_ids.remove(current.id)
        else:
            for attr in ("title", "reloadable", "html_file_path", "comments", "component_input", "active"):
                if attr in values:
                    setattr(current, attr, values[attr])
        order.append(current.id)
    for leftover in by_uuid.values():  # IES: components missing from the archive go to the end, inactive
        leftover.active = False
        order.append(leftover.id)
    study.component_ids = order


# ----------------------------------------------------------------------------------------------- writing

def jas_document(state: State, study: Study, json_data: bool = False) -> dict:
    """JsonUtils.studyAsJsonForIO: view JsonForIO, inputs as JSON strings, only the default batch. `json_data`:
    the input fields named as 3.9 writes them (jsonData)."""
    names = dict.fromkeys(("studyInput", "componentInput", "batchInput"), "jsonData") if json_data else {}
    comps = [state.components[cid] for cid in study.component_ids]
    default = state.batches[study.batch_ids[0]] if study.batch_ids else None
    data = {
        "uuid": study.uuid, "title": study.title, "description": study.description,
        "groupStudy": study.group_study, "linearStudy": study.linear_study, "allowPreview": study.allow_preview,
        "dirName": study.dir_name, "comments": study.comments, names.get("studyInput", "studyInput"): study.study_input,
        "endRedirectUrl": study.end_redirect_url, "studyEntryMsg": study.study_entry_msg,
        "componentList": [{"uuid": c.uuid, "title": c.title, "htmlFilePath": c.html_file_path,
                           "reloadable": c.reloadable, "active": c.active, "comments": c.comments,
                           names.get("componentInput", "componentInput"): c.component_input} for c in comps],
        "batchList": [] if default is None else [{
            "uuid": default.uuid, "title": default.title, "active": default.active,
            "maxActiveMembers": default.max_active_members, "maxTotalMembers": default.max_total_members,
            "maxTotalWorkers": default.max_total_workers, "allowedWorkerTypes": list(default.allowed_worker_types),
            "comments": default.comments, names.get("batchInput", "batchInput"): default.batch_input}],
    }
    return {"version": str(SERIAL_VERSION), "data": data}


def jas_file_name(title: str, digits: int) -> str:
    # IOUtils.generateFileName: trimmed, illegal characters to '_', lower case, at most 100 characters
    name = _JAS_NAME_ILLEGAL.sub("_", title.strip()).lower()[:100]
    return f"{name}{digits}.jas"


def _zip_time(now_ms: int) -> tuple:
    moment = datetime.datetime.fromtimestamp(now_ms / 1000, tz=datetime.UTC)
    return max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def write_archive(state: State, study: Study, blobs, rng, now_ms: int, json_data: bool = False) -> bytes:
    """IES.createStudyExportZipFile: assets as <dirName>/<path> (files only), then the .jas, DEFLATED."""
    stamp = _zip_time(now_ms)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(study.assets):
            info = zipfile.ZipInfo(f"{study.dir_name}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, blobs.read(study.assets[path].blob))
        document = jas_document(state, study, json_data)
        jas = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        info = zipfile.ZipInfo(jas_file_name(study.title, rng.getrandbits(63)), date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(info, jas)
    return buffer.getvalue()
