"""Loads a fixture directory (YAML) into a store. A broken file stops start-up with its name and the problem.

Files, loaded in this order when present: users.yaml (users and their API tokens), studies.yaml (studies from
.jzip archives or inline properties, with components, batches, groups, sessions, study codes), results.yaml.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from jatos_mock.domain import tokens as token_format
from jatos_mock.domain.models import ApiToken, State
from jatos_mock.domain.store import Store
from jatos_mock.domain.users import add_user, find_by_username


class FixtureError(Exception):
    pass


class FixtureFile:
    """One parsed fixture file, with helpers that report problems against its name."""

    def __init__(self, path: Path, data):
        self.path = path
        self.data = data

    def fail(self, problem: str):
        raise FixtureError(f"{self.path}: {problem}")

    def items(self, key: str) -> list[dict]:
        value = self.data.get(key, []) if isinstance(self.data, dict) else self.fail("expected a mapping at the top")
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(f"'{key}' must be a list of mappings")
        return value

    def require(self, item: dict, key: str, where: str):
        if key not in item:
            self.fail(f"{where}: missing '{key}'")
        return item[key]


@dataclass
class FixtureContext:
    """What every section loader gets: the store, its state, the fixture folder, and what was loaded."""

    store: Store
    state: State
    directory: Path
    tokens: list[dict] = field(default_factory=list)  # {username, roles, token, name, active}


def _load_users(ctx: FixtureContext, fixture: FixtureFile) -> None:
    state, now = ctx.state, ctx.store.now()
    for index, item in enumerate(fixture.items("users")):
        where = f"users[{index}]"
        username = fixture.require(item, "username", where)
        if find_by_username(state, str(username)):
            fixture.fail(f"{where}: duplicate username {username!r}")
        roles = item.get("roles", ["USER"])
        if not isinstance(roles, list) or not roles or any(r not in ("USER", "VIEWER", "ADMIN", "SUPERUSER")
                                                            for r in roles):
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
            token = ApiToken(id=state.next_id("token"), name=token_item.get("name"),
                             token_hash=token_format.token_hash(value), user_id=user.id, creation_date=now,
                             expires=expires, active=bool(token_item.get("active", True)))
            state.tokens[token.id] = token
            ctx.tokens.append({"username": user.username, "roles": list(user.roles),
                                                "token": value, "name": token.name, "active": token.active})


# (file name, loader); later issues add their sections here, in dependency order
SECTIONS = [("users.yaml", _load_users)]


def read_yaml(path: Path) -> FixtureFile:
    try:
        with open(path, encoding="utf-8") as f:
            return FixtureFile(path, yaml.safe_load(f) or {})
    except yaml.YAMLError as exc:
        raise FixtureError(f"{path}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise FixtureError(f"{path}: cannot be read: {exc.strerror}") from None


def load_fixtures(store: Store, directory: Path) -> list[dict]:
    """Loads every known fixture file of `directory`; returns the fixture tokens {username, roles, token}."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FixtureError(f"{directory}: fixture directory not found")
    with store.write() as state:
        ctx = FixtureContext(store, state, directory)
        for name, loader in SECTIONS:
            path = directory / name
            if path.exists():
                fixture = read_yaml(path)
                try:
                    loader(ctx, fixture)
                except FixtureError:
                    raise
                except (KeyError, TypeError, ValueError) as exc:
                    raise FixtureError(f"{path}: {type(exc).__name__}: {exc}") from None
    return ctx.tokens
