"""Users and their JatosWorkers (services/gui/UserService)."""

import hashlib
import json
import unicodedata
from collections.abc import Callable

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import jackson, java_text
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.no_html import NO_HTML_ALLOWED, has_html
from jatos_mock.jatos.models import AUTH_METHODS, ROLES, State, User, Worker


def normalize_username(username: str) -> str:
    # User.normalizeUsername: accents stripped, NFKC, lower-cased, trimmed
    decomposed = unicodedata.normalize("NFD", username)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFKC", stripped).lower().strip()


def password_hash(password: str) -> str:
    # JATOS stores an MD5 hash of DB users' passwords (HashUtils.getHashMD5)
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def find_by_username(state: State, username: str) -> User | None:
    wanted = normalize_username(username)
    return next((u for u in state.users.values() if u.username == wanted), None)


def add_user(state: State, username: str, name: str, roles: list[str], *, email: str | None = None,
             password: str | None = None, auth_method: str = "DB", active: bool = True,
             last_seen: int | None = None, last_signin: int | None = None) -> User:
    """Persists a user with its JatosWorker, as UserService.createAndPersistUser does (no validation here)."""
    user = User(id=state.next_id("user"), username=normalize_username(username), name=name, email=email,
                auth_method=auth_method, roles=list(roles), active=active,
                password_hash=password_hash(password) if password else None,
                last_seen=last_seen, last_signin=last_signin)
    worker = Worker(id=state.next_id("worker"), worker_type="Jatos", user_id=user.id)
    state.workers[worker.id] = worker
    user.worker_id = worker.id
    state.users[user.id] = user
    return user


# --- authorization on users (services/gui/AuthorizationService) ---

NOT_FOUND = "User not found"
ADMIN_USERNAME = "admin"  # UserService.ADMIN_USERNAME: the one protected account
ADMIN_PROTECTED = "The ADMIN role cannot be removed from user ‘admin’, and the user cannot be deleted."
INVALID_AUTH_METHOD = "Invalid authentication method"


def is_admin(user: User) -> bool:
    return "ADMIN" in user.roles


def get_user(state: State, user_id: int) -> User:
    user = state.users.get(user_id)
    if user is None:
        raise errors.NotFound(NOT_FOUND)
    return user


def check_admin_or_self(target: User, caller: User) -> None:
    # AuthZ.checkAdminOrSelf
    if not is_admin(caller) and caller.id != target.id:
        raise errors.NoAccess("You are not allowed to access this user")


def check_allowed_to_access_user(target: User, caller: User) -> None:
    """AuthZ.checkSignedinUserAllowedToAccessUser: self, or an admin acting on a non-admin (A10)."""
    if caller.id == target.id:
        return
    if not is_admin(caller):
        raise errors.Forbidden("Not allowed to access this user")
    if is_admin(target) and deviates("A10"):
        raise errors.Forbidden("Not allowed to access this user")


def check_not_user_admin(target: User) -> None:
    # AuthZ.checkNotUserAdmin
    if target.username == ADMIN_USERNAME:
        raise errors.Forbidden(ADMIN_PROTECTED)


def check_auth_method_db_or_ldap(target: User) -> None:
    # AuthZ.checkAuthMethodIsDbOrLdap
    if target.auth_method not in ("DB", "LDAP"):
        raise errors.Forbidden(INVALID_AUTH_METHOD, code="INVALID_AUTH_METHOD")


def study_ids(state: State, user: User) -> list[int]:
    return [s.id for s in state.studies.values() if user.id in s.member_ids]


# --- validation (models/gui/NewUserProperties.validate, UserProperties.validate) ---

_USERNAME_EXTRA = set("-_@.+&'=~")
def _invalid(field: str, message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(f"Error in field '{field}' - {message}")


def _check_name(name) -> None:
    if name is None or not str(name).strip():
        raise _invalid("name", "Missing name")
    if java_text.counted_length(name) > 255:
        raise _invalid("name", "Name too long")
    if has_html(name):
        raise _invalid("name", NO_HTML_ALLOWED)


def _check_password(password, config: JatosConfig) -> None:
    if password is None or not password.strip():
        raise _invalid("password", "Passwords shouldn't be empty strings")
    if len(password) < config.password_length:
        raise _invalid("password", f"Passwords should be at least {config.password_length} characters long.")


def validate_new_user(props: dict, config: JatosConfig) -> None:
    """First error only, in NewUserProperties.validate's order."""
    username = props.get("username")
    if username is None or username == "":
        raise _invalid("username", "Missing username")
    # NewUserProperties: ^[\p{IsAlphabetic}\p{IsDigit}-_@.+&'=~]+$
    if not all(java_text.is_alphabetic(c) or java_text.is_digit(c) or c in _USERNAME_EXTRA for c in username):
        raise _invalid("username", "Username invalid (only alphabetic characters, numbers and -_@.+&'=~)")
    if not username.isascii() and not deviates("M8"):  # our contract: ASCII letters and digits only
        raise _invalid("username", "Username invalid (only alphabetic characters, numbers and -_@.+&'=~)")
    if java_text.counted_length(username) > 255:
        raise _invalid("username", "Username too long")
    if has_html(username):  # NewUserProperties.validate: '&lt' passes the character rule, not Jsoup
        raise _invalid("username", NO_HTML_ALLOWED)
    _check_name(props.get("name"))
    if has_html(props.get("email")):
        raise _invalid("email", NO_HTML_ALLOWED)
    if props.get("authMethod") == "DB":
        _check_password(props.get("password"), config)
    if props.get("role") not in ("VIEWER", "USER"):
        raise _invalid("role", "Invalid role")


def create_user(state: State, props: dict, config: JatosConfig) -> User:
    """Api.createUser after binding: validation, auth method, uniqueness, then UserService.createAndPersistUser."""
    validate_new_user(props, config)
    auth_method = props.get("authMethod")
    if auth_method not in ("DB", "LDAP"):
        raise errors.Forbidden(INVALID_AUTH_METHOD, code="INVALID_AUTH_METHOD")
    if find_by_username(state, props["username"]) is not None:
        raise errors.Forbidden("User exists already")
    role = props["role"]
    if role == "VIEWER" and deviates("A13"):
        role = "USER"  # UserService.createAndPersistUser calls updateRoles(USER) after the constructor's role
    password = props.get("password") if auth_method == "DB" else None
    return add_user(state, props["username"], props["name"], [role], email=props.get("email"),
                    password=password, auth_method=auth_method)


def update_user(target: User, caller: User, changes: dict, config: JatosConfig) -> User:
    """Api.updateUser after the merge: validation, then the 403 rules; changes hold only writable fields."""
    merged_name = changes.get("name", target.name)
    _check_name(merged_name)
    if has_html(changes.get("email")):
        raise _invalid("email", NO_HTML_ALLOWED)
    if "password" in changes:
        _check_password(changes["password"], config)
        if target.username == ADMIN_USERNAME and caller.id != target.id:
            raise errors.Forbidden("Only user 'admin' can change their own password")
        if target.auth_method == "LDAP":
            raise errors.Forbidden("LDAP user's password cannot be changed")
    if changes.get("active") is False:
        if target.username == ADMIN_USERNAME:
            raise errors.Forbidden("User 'admin' cannot be deactivated")
        if caller.id == target.id:
            raise errors.Forbidden("A user cannot deactivate themselves")
    target.name = merged_name
    if "email" in changes:
        target.email = changes["email"]
    if "password" in changes:
        target.password_hash = password_hash(changes["password"])
    if "active" in changes:
        target.active = changes["active"]
    return target


def change_role(target: User, caller: User, role: str) -> User:
    """User.updateRoles for USER/VIEWER: one replaces the other, ADMIN and SUPERUSER stay."""
    kept = [r for r in target.roles if r in ("ADMIN", "SUPERUSER")]
    target.roles = [role] + kept
    return target


# --- strict JSON binding (StrictJsonMapper) ---

_NEW_USER_FIELDS = ("username", "name", "email", "password", "authMethod", "role")
_ENUMS = {"authMethod": ("models.common.User$AuthMethod", AUTH_METHODS),
          "role": ("models.common.User$Role", ROLES)}


def bind_new_user(data, reject_unknown: Callable[[], bool], accept_null: Callable[[], bool]) -> dict:
    """treeToValue(json, NewUserProperties) with the strict mapper: errors are 400 INVALID_JSON.

    `accept_null()` is asked when email or password is null (JATOS binds it; the contract wants a string)."""
    if not isinstance(data, dict):
        raise errors.InvalidJson("Invalid JSON: Cannot deserialize value of type `models.gui.NewUserProperties` "
                                 f"from {jackson.kind(data)} value")
    props = {"authMethod": "DB", "role": "USER"}  # NewUserProperties defaults
    for key, value in data.items():
        if key not in _NEW_USER_FIELDS:
            if reject_unknown():
                raise errors.InvalidJson(f"Invalid JSON in field '{key}': Unrecognized field \"{key}\" "
                                         "(class models.gui.NewUserProperties), not marked as ignorable")
            continue
        if value is None and key in ("email", "password") and not accept_null():
            raise errors.InvalidJson(f"Invalid JSON in field '{key}': Expected a JSON string")
        if value is not None and key in _ENUMS:
            java_type, names = _ENUMS[key]
            if not isinstance(value, str) or value not in names:
                shown = value if isinstance(value, str) else json.dumps(value)
                raise errors.InvalidJson(f"Invalid JSON in field '{key}': Cannot deserialize value of type "
                                         f"`{java_type}` from {jackson.kind(value)} \"{shown}\": not one of the "
                                         f"values accepted for Enum class: [{', '.join(names)}]")
        elif value is not None and not isinstance(value, str):
            if key == "password":
                raise errors.InvalidJson("Invalid JSON in field 'password': Expected a JSON string")
            raise errors.InvalidJson(f"Invalid JSON in field '{key}': Cannot coerce {jackson.kind(value)} value "
                                     f"({json.dumps(value)}) to `java.lang.String` value")
        props[key] = value
    return props


_READ_ONLY_USER_FIELDS = ("id", "username")  # UserProperties: READ_ONLY, ignored on input
_USER_UPDATE_TYPES = {"name": str, "email": str, "password": str, "active": bool}


def bind_user_update(data: dict, ignore_read_only: Callable[[], bool]) -> dict:
    """StrictJsonMapper.updateFromJson into UserProperties: any problem is 400 VALIDATION_ERROR."""
    changes = {}
    for key, value in data.items():
        if key in _READ_ONLY_USER_FIELDS and ignore_read_only():
            continue
        wanted = _USER_UPDATE_TYPES.get(key)
        if wanted is None or (value is None and key == "active") or (
                value is not None and not isinstance(value, wanted)):
            raise errors.ValidationFailed(f"Error in field '{key}'")
        changes[key] = value
    return changes


def role_from_json(data) -> str:
    """ApiService.getFieldFromJson(json, "role", Role.class) with the lenient mapper (enum names or ordinals)."""
    if not isinstance(data, dict) or "role" not in data:
        raise errors.InvalidRequest("Missing role field")
    value = data["role"]
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(ROLES) and deviates("M14"):
        return ROLES[value]
    if isinstance(value, str) and value in ROLES:
        return value
    raise errors.InvalidRequest("'role' field must be of type Role")
