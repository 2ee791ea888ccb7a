"""BrainSTEM's fixture loaders (the core's fixture framework): users.yaml (users with tokens, emails and passwords;
groups) and records.yaml (records of every model by `ref`; see the file's header)."""

import uuid
from pathlib import Path

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.domain import approvals, records, tokens
from jatos_mock.brainstem.errors import ApiError
from jatos_mock.brainstem.models import Account
from jatos_mock.core.state.fixtures import FixtureContext, FixtureFile, load_fixture_dir

_NAMESPACE = uuid.UUID("5b1e6f1c-0b7a-4d3e-9a51-3b2f6c0d8e15")  # fixture ids: uuid5(namespace, "<model>/<ref>")
_REFS = "brainstem_refs"  # FixtureContext attribute: ref -> id
# stored as the fixture gives them although no client may write them (what the records have lived through)
_KEPT = ("entries", "user", "inviter", "status", "can_change", "is_manager", "is_owner", "project", "group")


def load_fixtures(store, directory: Path) -> list[dict]:
    with store.write() as state:
        state.jwt_secret = f"{store.rng.getrandbits(256):064x}"
        for model in catalog.MODELS:  # every table exists, so reads never create one
            state.table(model.slug)
    return load_fixture_dir(store, directory, (("users.yaml", _load_users), ("records.yaml", _load_records)))


def _refs(ctx: FixtureContext) -> dict:
    if not hasattr(ctx, _REFS):
        setattr(ctx, _REFS, {})
    return getattr(ctx, _REFS)


def _load_users(ctx: FixtureContext, fixture: FixtureFile) -> None:
    state, store, refs = ctx.state, ctx.store, _refs(ctx)
    user_model = catalog.model("user")
    for item in fixture.items("users"):
        username = fixture.require(item, "username", "a user")
        email = fixture.require(item, "email", f"user {username}")
        values = {k: item[k] for k in ("first_name", "last_name", "website", "orcid_id") if k in item}
        record = records.insert(state, store, user_model, {**values, "email": email})
        staff = bool(item.get("staff", False))
        state.accounts[record["id"]] = Account(record["id"], username, str(item.get("password", "")), staff)
        refs[username] = record["id"]
        token = tokens.mint_pat(state, store, record["id"], name="fixture", key=item.get("token"))
        ctx.tokens.append({"username": username, "roles": ["staff"] if staff else ["user"], "token": token.key,
                           "email": email, "password": str(item.get("password", ""))})
    emails = {a.username: state.table("user")[uid]["email"] for uid, a in state.accounts.items()}
    for item in fixture.items("groups"):
        name = fixture.require(item, "name", "a group")
        members = item.get("users") or {}
        unknown = sorted(set(members) - set(emails))
        if unknown:
            fixture.fail(f"group {name}: unknown user(s) {', '.join(unknown)}")
        roles = {emails[u]: {"is_manager": bool(f.get("is_manager")), "is_owner": bool(f.get("is_owner"))}
                 for u, f in members.items()}
        group = records.insert(state, store, catalog.model("group"), {"name": name, "users": roles})
        refs[name] = group["id"]


def _load_records(ctx: FixtureContext, fixture: FixtureFile) -> None:
    if not isinstance(fixture.data, dict):
        fixture.fail("expected a mapping of model slugs at the top")
    for slug in fixture.data:
        if slug not in catalog.BY_SLUG:
            fixture.fail(f"unknown model {slug!r}")
        for item in fixture.items(slug):
            _load_record(ctx, fixture, catalog.model(slug), item)


def _resolve(refs: dict, value, fixture: FixtureFile, where: str):
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in refs:
            fixture.fail(f"{where}: no record with ref {value[1:]!r} (defined further up?)")
        return refs[value[1:]]
    if isinstance(value, list):
        return [_resolve(refs, v, fixture, where) for v in value]
    return value


def _load_record(ctx: FixtureContext, fixture: FixtureFile, m: catalog.Model, item: dict) -> None:
    state, store, refs = ctx.state, ctx.store, _refs(ctx)
    ref = fixture.require(item, "ref", f"a {m.slug}")
    where = f"{m.slug} {ref}"
    if ref in refs:
        fixture.fail(f"{where}: ref used twice")
    emails = {a.username: state.table("user")[uid]["email"] for uid, a in state.accounts.items()}
    body = {k: _resolve(refs, v, fixture, where) for k, v in item.items() if k != "ref"}
    try:
        if m.approves:
            target = catalog.model(m.approves)
            values = records.validate(state, target, body, partial=False)
            _, record = approvals.propose(state, store, body.get("user"), target, values)
            refs[ref] = record["id"]
            return
        values = records.validate(state, m, body, partial=False)
    except ApiError as exc:
        fixture.fail(f"{where}: {exc.body}")
    values.update({k: body[k] for k in _KEPT if k in body and k in m.field_map})
    if m.access == catalog.INVITATION:
        values.setdefault("status", "Pending")
    for name in ("users", "groups"):
        if name in body and name in m.field_map:
            roles = body[name] or {}
            if name == "users":
                unknown = sorted(set(roles) - set(emails))
                if unknown:
                    fixture.fail(f"{where}: unknown user(s) {', '.join(unknown)}")
                roles = {emails[u]: f for u, f in roles.items()}
            values[name] = {k: {flag: bool((f or {}).get(flag)) for flag in ("can_change", "is_manager", "is_owner")}
                            for k, f in roles.items()}
    record_id = str(uuid.uuid5(_NAMESPACE, f"{m.slug}/{ref}"))
    records.insert(state, store, m, values, record_id=record_id)
    refs[ref] = record_id
