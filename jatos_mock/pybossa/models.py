"""PyBossa's tables as plain dataclasses, one field per column in column order (pybossa/model/*.py at v4.0.3).

Column order is the JSON key order of PyBossa's `dictize()`. Each field's metadata carries its column type
(`kind`), which decides how a value from a request body is coerced as PostgreSQL would, and its constraints
(`required`: NOT NULL without a default; `unique`). Timestamps are ISO text without zone, as PyBossa stores them.
Every entity is an `Entity` (core/state/tracked.py), so a failed write is rolled back whole.
"""

from dataclasses import dataclass, field, fields
from operator import attrgetter

from jatos_mock.core.state.tracked import Entity

INT, FLOAT, TEXT, BOOL, JSON, INT_ARRAY, TIME = "integer", "double precision", "text", "boolean", "jsonb", \
    "integer[]", "timestamp"


def column(kind: str, default=None, *, factory=None, required: bool = False, unique: bool = False):
    meta = {"kind": kind, "required": required, "unique": unique}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(slots=True)
class User(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    email_addr: str | None = column(TEXT, required=True, unique=True)
    name: str | None = column(TEXT, required=True, unique=True)
    fullname: str | None = column(TEXT, required=True)
    locale: str = column(TEXT, "en")
    api_key: str | None = column(TEXT, unique=True)
    passwd_hash: str | None = column(TEXT)
    ldap: str | None = column(TEXT)
    admin: bool = column(BOOL, False)
    pro: bool = column(BOOL, False)
    privacy_mode: bool = column(BOOL, True)
    restrict: bool = column(BOOL, False)
    category: int | None = column(INT)
    flags: int | None = column(INT)
    ckan_api: str | None = column(TEXT)
    newsletter_prompted: bool = column(BOOL, False)
    valid_email: bool = column(BOOL, False)
    confirmation_email_sent: bool = column(BOOL, False)
    subscribed: bool = column(BOOL, False)
    consent: bool = column(BOOL, False)
    info: dict = column(JSON, factory=dict)
    user_pref: dict | None = column(JSON)
    notified_at: str | None = column(TEXT)


@dataclass(slots=True)
class Category(Entity):
    id: int = column(INT)
    name: str | None = column(TEXT, required=True, unique=True)
    short_name: str | None = column(TEXT, required=True, unique=True)
    description: str | None = column(TEXT, required=True)
    created: str | None = column(TIME)
    info: dict = column(JSON, factory=dict)


@dataclass(slots=True)
class Project(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    updated: str | None = column(TIME)
    name: str | None = column(TEXT, required=True, unique=True)
    short_name: str | None = column(TEXT, required=True, unique=True)
    description: str | None = column(TEXT, required=True)
    long_description: str | None = column(TEXT)
    webhook: str | None = column(TEXT)
    allow_anonymous_contributors: bool = column(BOOL, True)
    published: bool = column(BOOL, False)
    featured: bool = column(BOOL, False)
    secret_key: str | None = column(TEXT)
    zip_download: bool = column(BOOL, True)
    contacted: bool = column(BOOL, False)
    owner_id: int | None = column(INT, required=True)
    category_id: int | None = column(INT, required=True)
    info: dict = column(JSON, factory=dict)
    owners_ids: list = column(INT_ARRAY, factory=list)


@dataclass(slots=True)
class Task(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    project_id: int | None = column(INT, required=True)
    state: str = column(TEXT, "ongoing")
    quorum: int = column(INT, 0)
    calibration: int = column(INT, 0)
    priority_0: float = column(FLOAT, 0.0)
    info: object = column(JSON)
    n_answers: int = column(INT, 30)
    fav_user_ids: list | None = column(INT_ARRAY)


@dataclass(slots=True)
class TaskRun(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    project_id: int | None = column(INT, required=True)
    task_id: int | None = column(INT, required=True)
    user_id: int | None = column(INT)
    user_ip: str | None = column(TEXT)
    finish_time: str | None = column(TIME)
    timeout: int | None = column(INT)
    calibration: int | None = column(INT)
    external_uid: str | None = column(TEXT)
    media_url: str | None = column(TEXT)
    info: object = column(JSON)


@dataclass(slots=True)
class Result(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    project_id: int | None = column(INT, required=True)
    task_id: int | None = column(INT, required=True)
    task_run_ids: list = column(INT_ARRAY, factory=list, required=True)
    last_version: bool = column(BOOL, True)
    info: object = column(JSON)


@dataclass(slots=True)
class HelpingMaterial(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    project_id: int | None = column(INT, required=True)
    info: dict = column(JSON, factory=dict)
    media_url: str | None = column(TEXT)
    priority: float = column(FLOAT, 0.0)


@dataclass(slots=True)
class Blogpost(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    updated: str | None = column(TIME)
    project_id: int | None = column(INT, required=True)
    user_id: int | None = column(INT)
    title: str | None = column(TEXT, required=True)
    body: str | None = column(TEXT, required=True)
    info: dict = column(JSON, factory=dict)
    media_url: str | None = column(TEXT)
    published: bool = column(BOOL, False)


@dataclass(slots=True)
class Announcement(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    user_id: int | None = column(INT)
    updated: str | None = column(TIME)
    title: str | None = column(TEXT, required=True)
    body: str | None = column(TEXT, required=True)
    info: dict = column(JSON, factory=dict)
    media_url: str | None = column(TEXT)
    published: bool = column(BOOL, False)


@dataclass(slots=True)
class Page(Entity):
    id: int = column(INT)
    created: str | None = column(TIME)
    slug: str | None = column(TEXT, required=True)
    project_id: int | None = column(INT, required=True)
    info: dict = column(JSON, factory=dict)
    media_url: str | None = column(TEXT)


@dataclass(slots=True)
class ProjectStats(Entity):
    id: int = column(INT)
    project_id: int | None = column(INT)
    n_tasks: int = column(INT, 0)
    n_task_runs: int = column(INT, 0)
    n_results: int = column(INT, 0)
    n_volunteers: int = column(INT, 0)
    n_completed_tasks: int = column(INT, 0)
    overall_progress: int = column(INT, 0)
    average_time: float = column(FLOAT, 0.0)
    n_blogposts: int = column(INT, 0)
    last_activity: str = column(TEXT, "0")  # filled by a background job; "0" until it runs (observed)
    info: dict = column(JSON, factory=dict)


# table name (PyBossa's __tablename__, as its SQL error messages say it) -> model
TABLES = {"user": User, "category": Category, "project": Project, "task": Task, "task_run": TaskRun,
          "result": Result, "helpingmaterial": HelpingMaterial, "blogpost": Blogpost,
          "announcement": Announcement, "pages": Page, "project_stats": ProjectStats}


def columns(model: type) -> dict[str, dict]:
    """name -> metadata (kind, required, unique) of a model's columns, in column order."""
    cached = _COLUMNS.get(model)
    if cached is None:
        cached = _COLUMNS[model] = {f.name: dict(f.metadata) for f in fields(model)}
    return cached


_COLUMNS: dict[type, dict[str, dict]] = {}


def dictize(row: Entity) -> dict:
    """Every column in column order (DomainObject.dictize), as plain JSON values."""
    reader = _READERS.get(type(row))
    if reader is None:
        reader = _READERS[type(row)] = _reader(type(row))
    names, values = reader
    # scalars are taken as they are; only containers are copied (answers must not share the state's)
    return {name: _plain(value) if isinstance(value, _CONTAINERS) else value
            for name, value in zip(names, values(row))}


def _reader(model: type):
    """The column names of a model and a function reading all of a row's columns at once, in that order."""
    names = tuple(columns(model))
    if len(names) == 1:
        return names, lambda row: (getattr(row, names[0]),)
    return names, attrgetter(*names)


_READERS: dict[type, tuple] = {}
_CONTAINERS = (dict, list)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) if isinstance(v, _CONTAINERS) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value


@dataclass(slots=True)
class Stamp(Entity):
    """A newtask stamp (ContributionsGuard.stamp): the caller asked for the task at `created` (ISO text)."""

    created: str
    expires_ms: int


@dataclass(slots=True)
class State(Entity):
    """Everything the mock knows; one dict per table (id -> row), plus what PyBossa keeps in Redis."""

    user: dict[int, User] = field(default_factory=dict)
    category: dict[int, Category] = field(default_factory=dict)
    project: dict[int, Project] = field(default_factory=dict)
    task: dict[int, Task] = field(default_factory=dict)
    task_run: dict[int, TaskRun] = field(default_factory=dict)
    result: dict[int, Result] = field(default_factory=dict)
    helpingmaterial: dict[int, HelpingMaterial] = field(default_factory=dict)
    blogpost: dict[int, Blogpost] = field(default_factory=dict)
    announcement: dict[int, Announcement] = field(default_factory=dict)
    pages: dict[int, Page] = field(default_factory=dict)
    project_stats: dict[int, ProjectStats] = field(default_factory=dict)
    # newtask stamps, "<caller key>:<task id>" -> Stamp (Redis pybossa:task_requested:…, TTL 1 hour)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    # locked scheduler: task id (text, as in the Redis key) -> {contributor: lock expiry in epoch ms}
    # (redis pybossa:project:task_requested:timestamps:<task id>)
    locks: dict[str, dict[str, int]] = field(default_factory=dict)
    # locked scheduler: project id (text) -> {contributor: expiry in epoch ms}
    # (redis pybossa:active_users_in_project:<project id>)
    active_users: dict[str, dict[str, int]] = field(default_factory=dict)
    # uploaded files: "<container>/<file name>" -> blob key
    uploads: dict[str, str] = field(default_factory=dict)
    # last id handed out per table, like PostgreSQL's sequences (never reused)
    last_ids: dict[str, int] = field(default_factory=dict)

    def table(self, name: str) -> dict:
        return getattr(self, name)

    def next_id(self, table: str) -> int:
        self.last_ids[table] = self.last_ids.get(table, 0) + 1
        return self.last_ids[table]
