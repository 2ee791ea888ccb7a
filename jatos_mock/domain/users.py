"""Users and their JatosWorkers (services/gui/UserService)."""

import hashlib
import unicodedata

from jatos_mock.domain.models import State, User, Worker


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
