"""Loads a fixture directory (YAML) into a store. A broken file stops start-up with its name and the problem.

Files, loaded in this order when present: users.yaml (users and their API tokens), studies.yaml (studies from
.jzip archives or inline properties, with components, batches, groups, sessions, study codes), results.yaml.
"""

from pathlib import Path

from jatos_mock.core.state.fixtures import FixtureContext, FixtureFile, load_fixture_dir
from jatos_mock.jatos.domain import api_tokens
from jatos_mock.jatos.domain import tokens as token_format
from jatos_mock.jatos.domain.result_fixtures import load_results
from jatos_mock.jatos.domain.study_fixtures import load_studies
from jatos_mock.jatos.domain.users import add_user, find_by_username
from jatos_mock.jatos.models import GROUP_STATES, ROLES
from jatos_mock.jatos.store import Store


def _load_users(ctx: FixtureContext, fixture: FixtureFile) -> None:
    state, now = ctx.state, ctx.store.now()
    for index, item in enumerate(fixture.items("users")):
        where = f"users[{index}]"
        username = fixture.require(item, "username", where)
        if find_by_username(state, str(username)):
            fixture.fail(f"{where}: duplicate username {username!r}")
        roles = item.get("roles", ["USER"])
        if not isinstance(roles, list) or not roles or any(r not in ROLES or r == "NONE" for r in roles):
            fixture.fail(f"{where}: 'roles' must be a list of USER, VIEWER, ADMIN, SUPERUSER")
        user = add_user(state, str(username), str(item.get("name", username)), roles, email=item.get("email"),
                        password=item.get("password"), auth_method=item.get("authMethod", "DB"),
                        active=bool(item.get("active", True)))
        for t_index, token_item in enumerate(item.get("tokens", [])):
            t_where = f"{where}.tokens[{t_index}]"
            value = str(fixture.require(token_item, "token", t_where))
            if not token_format.is_well_formed(value):
                fixture.fail(f"{t_where}: {value!r} is not a valid JATOS token (jap_ + 31 alphanumerics + checksum)")
            expires = token_item.get("expires")
            if expires is not None and not isinstance(expires, int):
                fixture.fail(f"{t_where}: 'expires' must be seconds (an integer) or null")
            token, _ = api_tokens.mint(state, user, token_item.get("name"), now, expires, value=value,
                                       active=bool(token_item.get("active", True)))
            ctx.tokens.append({"username": user.username, "roles": list(user.roles),
                                                "token": value, "name": token.name, "active": token.active})


def _load_batches(ctx: FixtureContext, fixture: FixtureFile) -> None:
    """batches.yaml: batches of fixture studies (by study UUID) with sessions, groups and study codes."""
    import json
    import re

    from jatos_mock.jatos import errors
    from jatos_mock.jatos.domain import batches, study_codes
    from jatos_mock.jatos.domain.workers import PERSONAL_TYPES, add_worker, worker_type_from_alias
    from jatos_mock.jatos.models import StudyLink

    state, store = ctx.state, ctx.store
    props_keys = ("title", "active", "maxActiveMembers", "maxTotalMembers", "maxTotalWorkers", "allowedWorkerTypes",
                  "comments", "batchInput")
    for index, item in enumerate(fixture.items("batches")):
        where = f"batches[{index}]"
        study_uuid = str(fixture.require(item, "study", where))
        study = next((s for s in state.studies.values() if s.uuid.lower() == study_uuid.lower()), None)
        if study is None:
            fixture.fail(f"{where}: unknown study {study_uuid!r} (studies are referenced by UUID)")
        body = {k: item[k] for k in props_keys if k in item}
        uuid = item.get("uuid")
        batch = None
        if item.get("default"):
            batch = state.batches[study.batch_ids[0]] if study.batch_ids else fixture.fail(f"{where}: no default batch")
        elif uuid:
            batch = next((state.batches[b] for b in study.batch_ids if state.batches[b].uuid == uuid), None)
        try:
            if batch is None:
                batch = batches.create_batch(state, study, body, str(uuid or store.new_uuid()), store.now(), False)
            elif body:
                batches.update_batch(state, batch, body)
        except errors.JatosError as exc:
            fixture.fail(f"{where}: {exc.message}")
        if "session" in item:
            batch.session_data = json.dumps(item["session"], separators=(",", ":"))
        batch.session_version = int(item.get("sessionVersion", batch.session_version))
        for g_index, g_item in enumerate(item.get("groups", [])):
            g_where = f"{where}.groups[{g_index}]"
            group_state = g_item.get("groupState", "STARTED")
            if group_state not in GROUP_STATES:
                fixture.fail(f"{g_where}: groupState must be STARTED, FINISHED or FIXED")
            session = json.dumps(g_item["session"], separators=(",", ":")) if "session" in g_item else "{}"
            batches.add_group(state, batch, int(g_item.get("startDate", store.now())), group_state=group_state,
                              session_data=None if group_state == "FINISHED" else session,
                              session_version=int(g_item.get("sessionVersion", 1)), end_date=g_item.get("endDate"))
        for c_index, c_item in enumerate(item.get("studyCodes", [])):
            c_where = f"{where}.studyCodes[{c_index}]"
            worker_type = worker_type_from_alias(str(fixture.require(c_item, "type", c_where))) or (
                c_item["type"] if c_item["type"] in ("MTSandbox",) else None)
            if worker_type is None or worker_type == "Jatos":
                fixture.fail(f"{c_where}: unknown study code type {c_item['type']!r}")
            code = str(c_item.get("code") or study_codes.new_code(state, store))
            if not re.fullmatch(r"[A-Za-z0-9]{11}", code) or code in state.study_links:
                fixture.fail(f"{c_where}: code {code!r} must be 11 letters or digits and unique")
            worker_id = None
            if worker_type in PERSONAL_TYPES:
                worker = add_worker(state, worker_type, c_item.get("comment"), batch_ids=[batch.id])
                batch.worker_ids.append(worker.id)
                worker_id = worker.id
            state.study_links[code] = StudyLink(code=code, batch_id=batch.id, worker_type=worker_type,
                                                worker_id=worker_id, active=bool(c_item.get("active", True)))


# (file name, loader); later issues add their sections here, in dependency order
SECTIONS = [("users.yaml", _load_users), ("studies.yaml", load_studies), ("batches.yaml", _load_batches)]
SECTIONS.append(("results.yaml", load_results))  # last: refers to studies, batches and users


def load_fixtures(store: Store, directory: Path) -> list[dict]:
    """Loads every known fixture file of `directory`; returns the fixture tokens {username, roles, token, ...}."""
    return load_fixture_dir(store, directory, SECTIONS)
