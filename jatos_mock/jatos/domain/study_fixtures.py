"""The studies.yaml fixture section: studies imported from .jzip archives or given inline.

    studies:
      - archive: archives/reaction_time_demo.jzip   # relative to the fixture folder
        members: [admin, researcher]                # first member imports; the others are added
        locked: false
      - uuid: b7e2d4c6-...                          # inline: the study's properties as JATOS's JSON names them
        title: Survey Pilot
        dirName: survey_pilot
        batchUuid: ...                              # UUID of the default batch (optional)
        members: [researcher, coauthor]
        components: [{uuid, title, htmlFilePath, reloadable, active, comments, componentInput}]
        assets: {"index.html": "<html>..."}         # optional: path -> text

Every problem names the file and the study (core FixtureError via FixtureFile.fail).
"""

import json

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import archive, assets, components, properties, studies
from jatos_mock.jatos.domain.users import find_by_username

_INLINE_KEYS = {"uuid", "title", "dirName", "batchUuid", "members", "components", "assets", "locked",
                *properties.STUDY_FIELDS}


def load_studies(ctx, fixture) -> None:
    state, now = ctx.state, ctx.store.now()
    seen_uuids = {s.uuid for s in state.studies.values()}
    for index, item in enumerate(fixture.items("studies")):
        where = f"studies[{index}]"
        members = _members(fixture, state, item, where)
        try:
            if "archive" in item:
                study = _from_archive(ctx, fixture, item, members, where, now)
            else:
                study = _inline(ctx, fixture, item, members, where, now)
        except errors.JatosError as exc:
            fixture.fail(f"{where}: {exc.code}: {exc.message}")
        if study.uuid in seen_uuids:
            fixture.fail(f"{where}: duplicate study uuid {study.uuid}")
        seen_uuids.add(study.uuid)
        for user in members[1:]:
            studies.add_member(state, study, user)
        if "locked" in item:
            if not isinstance(item["locked"], bool):
                fixture.fail(f"{where}: 'locked' must be true or false")
            study.locked = item["locked"]


def _members(fixture, state, item: dict, where: str) -> list:
    names = item.get("members")
    if not isinstance(names, list) or not names:
        fixture.fail(f"{where}: 'members' must be a non-empty list of usernames")
    users = []
    for name in names:
        user = find_by_username(state, str(name))
        if user is None:
            fixture.fail(f"{where}: member {name!r} is not a user of users.yaml")
        users.append(user)
    return users


def _from_archive(ctx, fixture, item: dict, members: list, where: str, now: int):
    path = ctx.directory / str(item["archive"])
    if not path.is_file():
        fixture.fail(f"{where}: archive {item['archive']!r} not found at {path}")
    contents = archive.read_archive(path.read_bytes(), _unlimited())
    study, created = archive.import_study(ctx.state, ctx.store.new_uuid, ctx.store.blobs, members[0], contents,
                                          archive.ImportFlags(), now, _unlimited())
    if not created:
        fixture.fail(f"{where}: archive study {study.uuid} is defined twice")
    return study


def _unlimited():
    from jatos_mock.jatos.domain.config import JatosConfig
    return JatosConfig(max_upload_bytes=1 << 40)


def _inline(ctx, fixture, item: dict, members: list, where: str, now: int):
    state, store = ctx.state, ctx.store
    unknown = set(item) - _INLINE_KEYS
    if unknown:
        fixture.fail(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("uuid", "title", "dirName"):
        fixture.require(item, key, where)
    body = {k: v for k, v in item.items() if k in properties.STUDY_FIELDS}
    if isinstance(body.get("studyInput"), (dict, list)):
        body["studyInput"] = json.dumps(body["studyInput"], separators=(",", ":"))
    bound = properties.bind(body, properties.STUDY_FIELDS, (), strict_create=True)
    problem = properties.study_problem(bound)
    if problem:
        fixture.fail(f"{where}: field '{problem[0]}': {problem[1]}")
    if studies.dir_name_taken(state, bound["dir_name"]):
        fixture.fail(f"{where}: dirName {bound['dir_name']!r} is used by another study")
    title, dir_name = bound.pop("title"), bound.pop("dir_name")
    study = studies.add_study(state, str(item["uuid"]), title, dir_name, members[:1], now,
                              str(item.get("batchUuid") or store.new_uuid()), True, **bound)
    studies.log_created(state, study, members[0], now, True)
    for c_index, comp in enumerate(item.get("components") or []):
        c_where = f"{where}.components[{c_index}]"
        if not isinstance(comp, dict):
            fixture.fail(f"{c_where}: must be a mapping")
        c_body = {k: v for k, v in comp.items() if k != "uuid"}
        if isinstance(c_body.get("componentInput"), (dict, list)):
            c_body["componentInput"] = json.dumps(c_body["componentInput"], separators=(",", ":"))
        try:
            c_bound = properties.bind(c_body, properties.COMPONENT_FIELDS, (), strict_create=True,
                                      entity="ComponentProperties")
        except errors.JatosError as exc:
            fixture.fail(f"{c_where}: {exc.message}")
        problem = properties.component_problem(c_bound)
        if problem:
            fixture.fail(f"{c_where}: field '{problem[0]}': {problem[1]}")
        c_title = c_bound.pop("title")
        components.add_component(state, study, str(comp.get("uuid") or store.new_uuid()), c_title, now, **c_bound)
    files = item.get("assets") or {}
    if not isinstance(files, dict):
        fixture.fail(f"{where}: 'assets' must map paths to text")
    for raw_path, text in files.items():
        key = assets.normalize(str(raw_path))
        if not key:  # refused, or the assets directory itself
            fixture.fail(f"{where}: asset path {raw_path!r} is not allowed")
        assets.put_file(study, store.blobs, key, str(text).encode("utf-8"), now)
    return study
