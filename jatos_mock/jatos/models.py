"""The JATOS entities as plain dataclasses. Times are epoch milliseconds; ids are per-entity counters.

Field names follow JATOS's models (modules/common/app/models/common/*.java) in snake_case. JSON views of these
objects live in the HTTP layer (jatos_mock/jatos/v3_10/views.py), not here. Every entity is an `Entity`
(core/state/tracked.py): its changes, and those of the lists, dicts and sets it holds, are recorded so a failed write
can take them back.
"""

from dataclasses import dataclass, field

from jatos_mock.core.state.tracked import Entity

# User.Role
ROLES = ("NONE", "USER", "VIEWER", "ADMIN", "SUPERUSER")  # in ordinal order (M14)
# User.AuthMethod
AUTH_METHODS = ("DB", "LDAP", "OAUTH_GOOGLE", "OIDC", "ORCID", "SRAM", "CONEXT")

# Canonical worker types (models/common/workers/*.WORKER_TYPE)
WORKER_TYPES = ("Jatos", "PersonalSingle", "PersonalMultiple", "GeneralSingle", "GeneralMultiple", "MT", "MTSandbox")

# StudyResult.StudyState, ComponentResult.ComponentState, GroupResult.GroupState
STUDY_STATES = ("PRE", "STARTED", "DATA_RETRIEVED", "FINISHED", "ABORTED", "FAIL")
COMPONENT_STATES = ("STARTED", "DATA_RETRIEVED", "RESULTDATA_POSTED", "FINISHED", "RELOADED", "ABORTED", "FAIL")
GROUP_STATES = ("STARTED", "FINISHED", "FIXED")


@dataclass(slots=True)
class User(Entity):
    id: int
    username: str
    name: str
    email: str | None = None
    auth_method: str = "DB"
    roles: list[str] = field(default_factory=lambda: ["USER"])
    active: bool = True
    password_hash: str | None = None
    last_seen: int | None = None
    last_signin: int | None = None
    worker_id: int | None = None  # the user's JatosWorker


@dataclass(slots=True)
class ApiToken(Entity):
    id: int
    name: str | None
    token_hash: str
    user_id: int
    creation_date: int
    expires: int | None = None  # seconds; None or <= 0 means never
    active: bool = True


@dataclass(slots=True)
class AssetFile(Entity):
    blob: str  # key in the blob store
    size: int
    created: int
    modified: int
    checksum: int  # Adler-32 as an unsigned int


@dataclass(slots=True)
class Study(Entity):
    id: int
    uuid: str
    title: str
    dir_name: str
    description: str | None = None
    locked: bool = False
    active: bool = True
    group_study: bool = False
    linear_study: bool = False
    allow_preview: bool = False
    comments: str | None = None
    study_input: str | None = None  # stored as a JSON string, rendered parsed
    end_redirect_url: str | None = None
    study_entry_msg: str | None = None
    date: int = 0
    member_ids: list[int] = field(default_factory=list)
    component_ids: list[int] = field(default_factory=list)  # position order
    batch_ids: list[int] = field(default_factory=list)  # default batch first
    # assets: relative path ('/' separators) -> file; directories that exist without files
    assets: dict[str, AssetFile] = field(default_factory=dict)
    asset_dirs: set[str] = field(default_factory=set)
    assets_created: int = 0


@dataclass(slots=True)
class Component(Entity):
    id: int
    uuid: str
    study_id: int
    title: str
    html_file_path: str | None = None
    reloadable: bool = False
    active: bool = True
    comments: str | None = None
    component_input: str | None = None
    date: int = 0


@dataclass(slots=True)
class Batch(Entity):
    id: int
    uuid: str
    study_id: int
    title: str
    active: bool = True
    max_active_members: int | None = None
    max_total_members: int | None = None
    max_total_workers: int | None = None
    allowed_worker_types: list[str] = field(default_factory=list)
    comments: str | None = None
    batch_input: str | None = None
    session_data: str = "{}"
    session_version: int = 1
    worker_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class GroupResult(Entity):
    id: int
    batch_id: int
    group_state: str = "STARTED"
    session_data: str | None = "{}"
    session_version: int = 1
    active_member_ids: list[int] = field(default_factory=list)  # study result ids
    history_member_ids: list[int] = field(default_factory=list)
    start_date: int = 0
    end_date: int | None = None


@dataclass(slots=True)
class Worker(Entity):
    id: int
    worker_type: str
    comment: str | None = None
    batch_ids: list[int] = field(default_factory=list)
    user_id: int | None = None  # Jatos workers belong to a user


@dataclass(slots=True)
class StudyLink(Entity):
    """A study code (JATOS StudyLink)."""

    code: str
    batch_id: int
    worker_type: str
    worker_id: int | None = None  # None for GeneralSingle, GeneralMultiple and MT links
    active: bool = True


@dataclass(slots=True)
class StudyResult(Entity):
    id: int
    uuid: str
    study_id: int
    batch_id: int
    worker_id: int
    study_code: str | None = None
    state: str = "PRE"
    start_date: int = 0
    end_date: int | None = None
    last_seen_date: int | None = None
    message: str | None = None
    url_query_parameters: dict[str, str] = field(default_factory=dict)
    confirmation_code: str | None = None
    quota_reached: bool = False
    active_group_id: int | None = None
    history_group_id: int | None = None
    open_ai_api_count: int = 0  # OpenAI proxy calls made for this run
    component_result_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class ResultFile(Entity):
    blob: str
    size: int


@dataclass(slots=True)
class ComponentResult(Entity):
    id: int
    study_result_id: int
    component_id: int
    state: str = "STARTED"
    start_date: int = 0
    end_date: int | None = None
    data_blob: str | None = None  # None: no data
    data_size: int = 0
    files: dict[str, ResultFile] = field(default_factory=dict)  # relative path -> file
    quota_reached: bool = False
    message: str | None = None


@dataclass(slots=True)
class State(Entity):
    """Everything the mock knows; snapshot and restore copy this object as a whole, a failed write undoes its
    journal (store.py)."""

    users: dict[int, User] = field(default_factory=dict)
    tokens: dict[int, ApiToken] = field(default_factory=dict)
    studies: dict[int, Study] = field(default_factory=dict)
    components: dict[int, Component] = field(default_factory=dict)
    batches: dict[int, Batch] = field(default_factory=dict)
    groups: dict[int, GroupResult] = field(default_factory=dict)
    workers: dict[int, Worker] = field(default_factory=dict)
    study_links: dict[str, StudyLink] = field(default_factory=dict)
    study_results: dict[int, StudyResult] = field(default_factory=dict)
    component_results: dict[int, ComponentResult] = field(default_factory=dict)
    # study log entries per study UUID (JSON objects, oldest first); retired logs keep their file name
    study_logs: dict[str, list[dict]] = field(default_factory=dict)
    retired_study_logs: dict[str, list[dict]] = field(default_factory=dict)
    # last id handed out per entity, like JATOS's IDENTITY columns
    last_ids: dict[str, int] = field(default_factory=dict)

    def next_id(self, entity: str) -> int:
        self.last_ids[entity] = self.last_ids.get(entity, 0) + 1
        return self.last_ids[entity]
