"""BrainSTEM's apps and models: URL slugs, envelope keys, id types, fields and how access to a record is decided.

One table (reference §2.1 and §6, from the support docs at brainstem_support HEAD 28345af). Everything else (the
routes, the validation of a write, the query language, the renderer, the contract's paths) reads it.

Not in the table: `stem/sessiondatastorage`, which the session page names for ordering a session's data storages
but documents no field, answer or permission of, and no client calls: it answers DRF's 404 as an unknown model, and
a session's `datastorage` keeps the order of the list last written (BS10).
"""

from dataclasses import dataclass, field

# field kinds
TEXT, INT, POSINT, BOOL, DATE, DATETIME, CHOICE, JSON, TAGS, URL = (
    "text", "int", "posint", "bool", "date", "datetime", "choice", "json", "tags", "url")
FK, M2M, REVERSE, ACCESS = "fk", "m2m", "reverse", "access"  # relations; `users`/`groups` role maps
RELATIONS = (FK, M2M, REVERSE)
TO_MANY = (M2M, REVERSE)

# how reading and writing a record is decided (domain/permissions.py)
PROJECT = "project"  # the record's own users/groups role maps (projects, personal attributes)
VIA = "via"  # the records its `via` relation points to (subject -> projects, behavior -> session)
SHARED = "shared"  # taxonomies, resources, dissemination: every signed-in user reads, writes go through approvals
DIRECTORY = "directory"  # users, groups, laboratories: everyone reads
APPROVAL = "approval"  # <x>approval records: the submitter and reviewers
INVITATION = "invitation"  # invitations and membership requests: the people they concern; private portal only


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = TEXT
    required: bool = False
    read_only: bool = False
    max_length: int | None = None
    target: str | None = None  # the related model's slug
    via: str | None = None  # REVERSE: the child's field pointing at this record
    choices: tuple = ()
    default: object = None
    create_only: bool = False  # writable on POST only (log types)


@dataclass(frozen=True)
class Model:
    slug: str
    app: str
    singular: str  # detail key: {"<singular>": {...}}
    plural: str  # list key: {"<plural>": [...]}
    fields: tuple[Field, ...]
    access: str
    via: str | None = None  # VIA: the relation whose records decide access
    int_ids: bool = False  # users and groups have integer ids; everything else UUIDs
    approval: str | None = None  # slug of the approval model writes go through
    approves: str | None = None  # an approval model: the slug of the model it approves
    unique: tuple[str, ...] = ()  # fields unique platform-wide
    admin_writes: bool = False  # only staff create, change or delete (brain regions)
    creatable: bool = True  # users and invitations are not created over the API
    actions: tuple[str, ...] = ()  # custom actions on an item: .../{id}/<action>/
    aliases: tuple[str, ...] = ()  # other URL slugs the clients send (PY2's underscore forms)
    other_apps: tuple[str, ...] = ()  # other apps a client routes it to (MATLAB: group under auth)
    field_map: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "field_map", {f.name: f for f in self.fields})

    @property
    def to_many(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind in TO_MANY)


def text(name, max_length=None, **kw):
    return Field(name, TEXT, max_length=max_length, **kw)


def fk(name, target, **kw):
    return Field(name, FK, target=target, **kw)


def m2m(name, target, **kw):
    return Field(name, M2M, target=target, **kw)


def reverse(name, target, via):
    return Field(name, REVERSE, target=target, via=via, read_only=True)


def choice(name, choices, **kw):
    return Field(name, CHOICE, choices=tuple(choices), **kw)


def _kw(kind, name, **kw):
    return Field(name, kind, **kw)


def tags():
    return Field("tags", TAGS)


def extra():
    return Field("extra_fields", JSON, default={})


def access_maps():
    """`users` keyed by email and `groups` keyed by group name, each -> {can_change, is_manager, is_owner}."""
    return (Field("users", ACCESS), Field("groups", ACCESS))


SEXES = ("F", "M", "U")
COORDINATE_SYSTEMS = ("CCF_XYZ_Absolute", "External_XYZ_Absolute", "Stereotaxic_BregmaAbsolute",
                      "Stereotaxic_BregmaBrainSurface", "Stereotaxic_LambdaAbsolute", "Stereotaxic_LambdaBrainSurface")
ATLASES = ("AIA", "AIA_dM", "AIA_HB", "AIA_dHB", "AIA_P", "AIA_S", "BM4", "PF2001", "PW1997", "S2004")
SETUP_CATEGORIES = ("I", "E", "A", "H", "V", "F", "U")
REPOSITORIES = ("CRCNS", "DANDI", "Figshare", "GitHub", "Globus", "Mendeley", "Zenodo", "Webshare", "Other")
APPROVAL_STATUSES = ("Pending", "Accepted", "Rejected")
INVITATION_STATUSES = ("Pending", "Accepted", "Rejected", "Cancelled")


def _shared_model(slug, app, singular, plural, fields, approval=True, **kw):
    return Model(slug, app, singular, plural, fields, SHARED, approval=f"{slug}approval" if approval else None, **kw)


def _personal(slug, singular, plural, *more):
    """Personal attributes: records of a user's groups, made public one by one (docs datamodel/permissions)."""
    return Model(slug, "personal_attributes", singular, plural,
                 (text("name", 200, required=True), text("description"), *more, _kw(BOOL, "is_public", default=False),
                  *access_maps(), tags()), PROJECT)


_TAXONOMY_TAIL = (text("description", 2000), text("rrid", 100), _kw(URL, "rrid_url", read_only=True),
                  _kw(JSON, "external_identifiers"), text("comments"))

MODELS: tuple[Model, ...] = (
    # --- stem ---
    Model("project", "stem", "project", "projects", (
        text("name", 200, required=True), text("description"),
        reverse("sessions", "session", "projects"), reverse("subjects", "subject", "projects"),
        m2m("publications", "publication"), extra(), _kw(BOOL, "is_public", default=False),
        reverse("collections", "collection", "project"), reverse("cohorts", "cohort", "project"),
        tags(), *access_maps()), PROJECT, unique=("name",)),
    Model("subject", "stem", "subject", "subjects", (
        text("name", 100, required=True), text("description"), m2m("projects", "project", required=True),
        fk("strain", "strain", required=True), choice("sex", SEXES, required=True), m2m("licenses", "license"),
        text("genetic_line", 100), text("genotype", 200), text("subject_identifier", 100),
        fk("supplier", "supplier"), fk("breeding", "breeding"), _kw(DATE, "birth_date"), _kw(DATE, "death_date"),
        text("status", 50, default="active"), extra(), reverse("procedures", "procedure", "subject"),
        reverse("subjectlogs", "subjectlog", "subject"), text("name_used_in_storage", 200), tags()),
        VIA, via="projects", unique=("name",)),
    Model("session", "stem", "session", "sessions", (
        text("name", 100, required=True), text("description"), m2m("projects", "project", required=True),
        _kw(DATETIME, "date_time"), _kw(JSON, "epochs", read_only=True, default=[]),
        m2m("datastorage", "datastorage"), extra(), _kw(JSON, "download_links", default=[]),
        reverse("dataacquisition", "dataacquisition", "session"), reverse("behaviors", "behavior", "session"),
        reverse("manipulations", "manipulation", "session"), text("name_used_in_storage", read_only=True),
        tags()), VIA, via="projects", unique=("name",)),
    Model("collection", "stem", "collection", "collections", (
        text("name", 100, required=True), text("description"), fk("project", "project", required=True),
        m2m("sessions", "session"), tags()), VIA, via="project"),
    Model("cohort", "stem", "cohort", "cohorts", (
        text("name", 100, required=True), text("description"), fk("project", "project", required=True),
        m2m("subjects", "subject"), tags()), VIA, via="project"),
    Model("breeding", "stem", "breeding", "breedings", (
        text("name", 100, required=True), fk("project", "project", required=True),
        fk("mother", "subject", required=True), fk("father", "subject", required=True), text("description"),
        _kw(DATE, "birth_date"), _kw(DATE, "start_date"), _kw(DATE, "end_date"), _kw(DATE, "weaning_date"),
        _kw(POSINT, "litter_size"), text("expected_genotype", 100), tags()), VIA, via="project"),
    Model("projectmembershipinvitation", "stem", "project_membership_invitation", "project_membership_invitations", (
        fk("project", "project", read_only=True), fk("user", "user", read_only=True),
        fk("inviter", "user", read_only=True), _kw(BOOL, "can_change", read_only=True),
        _kw(BOOL, "is_manager", read_only=True), _kw(BOOL, "is_owner", read_only=True),
        choice("status", INVITATION_STATUSES, read_only=True)),
        INVITATION, creatable=False, actions=("accept", "reject", "cancel"),
        aliases=("project_membership_invitation",)),
    Model("projectgroupmembershipinvitation", "stem", "project_group_membership_invitation",
          "project_group_membership_invitations", (
              fk("project", "project", read_only=True), fk("group", "group", read_only=True),
              fk("inviter", "user", read_only=True), _kw(BOOL, "can_change", read_only=True),
              _kw(BOOL, "is_manager", read_only=True), _kw(BOOL, "is_owner", read_only=True),
              choice("status", INVITATION_STATUSES, read_only=True)),
          INVITATION, creatable=False, actions=("accept", "reject", "cancel"),
          aliases=("project_group_membership_invitation",)),
    # --- modules ---
    Model("procedure", "modules", "procedure", "procedures", (
        text("type", 100, required=True), text("notes", 500), fk("subject", "subject", required=True),
        _kw(DATETIME, "date_time"), fk("consumablestock", "consumablestock"), m2m("equipment", "equipment"),
        fk("brain_region", "brainregion"), m2m("licenses", "license"), _kw(JSON, "details", default={}),
        text("type_schema_version", 20), choice("coordinates_system", COORDINATE_SYSTEMS, required=True),
        _kw(JSON, "coordinates_details", default={}), text("coordinates_schema_version", 20),
        _kw(DATETIME, "created_at", read_only=True), _kw(DATETIME, "updated_at", read_only=True)),
        VIA, via="subject"),
    Model("behavior", "modules", "behavior", "behaviors", (
        fk("session", "session", required=True), m2m("subjects", "subject", required=True),
        fk("setup", "setup", required=True), fk("behavioralassay", "behavioralassay", required=True),
        text("notes", 500), _kw(POSINT, "order")), VIA, via="session"),
    Model("dataacquisition", "modules", "data_acquisition", "data_acquisitions", (
        text("type", 100, required=True), text("notes", 500), fk("session", "session", required=True),
        m2m("procedures", "procedure"), m2m("equipment", "equipment"), _kw(JSON, "details", default={}),
        text("type_schema_version", 20), _kw(URL, "image", read_only=True), _kw(POSINT, "order")),
        VIA, via="session"),
    Model("manipulation", "modules", "manipulation", "manipulations", (
        text("type", 100, required=True), text("notes", 500), m2m("procedures", "procedure", required=True),
        fk("session", "session", required=True), m2m("equipment", "equipment"), _kw(JSON, "details", default={}),
        text("type_schema_version", 20), _kw(POSINT, "order")), VIA, via="session"),
    Model("equipment", "modules", "equipment", "equipment", (
        text("name", 200, required=True), text("description"), fk("setup", "setup", required=True),
        fk("hardware_device", "hardwaredevice"), _kw(JSON, "details", default={}), tags()), VIA, via="setup"),
    Model("consumablestock", "modules", "consumable_stock", "consumable_stocks", (
        fk("consumable", "consumable", required=True), fk("inventory", "inventory", required=True),
        text("notes", 500), _kw(JSON, "details", default={})), VIA, via="inventory"),
    Model("procedurelog", "modules", "procedure_log", "procedure_logs", (
        text("type", 100, required=True, create_only=True), text("description", 500),
        fk("procedure", "procedure", required=True), _kw(JSON, "entries", read_only=True, default=[])),
        VIA, via="procedure", actions=("add_entry", "change_entry", "remove_entry")),
    Model("subjectlog", "modules", "subject_log", "subject_logs", (
        text("type", 100, required=True, create_only=True), text("description", 500),
        fk("subject", "subject", required=True), fk("user", "user", read_only=True),
        _kw(JSON, "entries", read_only=True, default=[])),
        VIA, via="subject", actions=("add_entry", "change_entry", "remove_entry")),
    # --- personal attributes ---
    _personal("behavioralassay", "behavioralassay", "behavioralassays",
              fk("behavioral_paradigm", "behavioralparadigm")),
    _personal("datastorage", "datastorage", "datastorages", _kw(JSON, "data_organization", default=[])),
    _personal("inventory", "inventory", "inventories", reverse("consumablestocks", "consumablestock", "inventory")),
    _personal("license", "license", "licenses", fk("regulatory_authority", "regulatoryauthority"),
              _kw(DATE, "start_date"), _kw(DATE, "end_date")),
    _personal("protocol", "protocol", "protocols", _kw(URL, "url")),
    _personal("setup", "setup", "setups", fk("setup_type", "setuptype"), reverse("equipment", "equipment", "setup")),
    # --- resources ---
    _shared_model("consumable", "resources", "consumable", "consumables", (
        text("name", 200, required=True), text("description"), fk("supplier", "supplier"), text("comments"))),
    _shared_model("hardwaredevice", "resources", "hardwaredevice", "hardwaredevices", (
        text("name", 200, required=True), text("description"), fk("supplier", "supplier"), text("comments"))),
    _shared_model("supplier", "resources", "supplier", "suppliers", (
        text("name", 200, required=True), text("description"), _kw(URL, "website"), text("comments"))),
    # --- taxonomies ---
    _shared_model("species", "taxonomies", "species", "species", (
        text("name", 100, required=True), *_TAXONOMY_TAIL), unique=("name",)),
    _shared_model("strain", "taxonomies", "strain", "strains", (
        text("name", 100, required=True), fk("species", "species", required=True), *_TAXONOMY_TAIL),
        unique=("name",)),
    _shared_model("setuptype", "taxonomies", "setup_type", "setup_types", (
        text("name", 200, required=True), text("description"), choice("category", SETUP_CATEGORIES, required=True),
        text("comments"))),
    _shared_model("behavioralcategory", "taxonomies", "behavioral_category", "behavioral_categories", (
        text("name", 200, required=True), text("description"), text("comments"))),
    _shared_model("behavioralparadigm", "taxonomies", "behavioral_paradigm", "behavioral_paradigms", (
        text("name", 200, required=True), text("description"), fk("behavioral_category", "behavioralcategory"),
        text("comments"))),
    _shared_model("regulatoryauthority", "taxonomies", "regulatoryauthority", "regulatoryauthorities", (
        text("name", 200, required=True), text("description"), text("country", 100), text("comments"))),
    _shared_model("brainregion", "taxonomies", "brain_region", "brain_regions", (
        text("name", 200, required=True), text("description", 2000), text("acronym", 15, required=True),
        choice("atlas", ATLASES, required=True)), approval=False, admin_writes=True),
    # --- dissemination ---
    _shared_model("journal", "dissemination", "journal", "journals", (
        text("name", 300, required=True), text("abbreviation", 100), text("issn", 20), text("comments"))),
    _shared_model("publication", "dissemination", "publication", "publications", (
        text("title", 500, required=True), text("authors"), fk("journal", "journal"), _kw(INT, "year"),
        text("doi", 200), _kw(URL, "url"), text("description")), approval=False),
    # --- users ---
    Model("user", "users", "user", "users", (
        text("email", read_only=True), text("first_name", 150), text("last_name", 150),
        _kw(JSON, "groups_own_json", read_only=True, default=[]), _kw(URL, "website"), _kw(URL, "google_scholar"),
        text("orcid_id", 50), choice("atlas_preference", ATLASES, default="AIA"),
        _kw(JSON, "active_projects", read_only=True, default=[])),
        DIRECTORY, int_ids=True, creatable=False),
    Model("group", "users", "group", "groups", (
        text("name", 150, required=True), Field("users", ACCESS)),
        DIRECTORY, int_ids=True, unique=("name",), actions=("join", "leave"), other_apps=("auth",)),
    Model("laboratory", "users", "laboratory", "laboratories", (
        text("name", 200, required=True), text("description"), fk("group", "group"), m2m("pis", "user"),
        text("institution", 200), _kw(URL, "website")), DIRECTORY),
    Model("groupmembershipinvitation", "users", "group_membership_invitation", "group_membership_invitations", (
        fk("group", "group", read_only=True), fk("user", "user", read_only=True),
        fk("inviter", "user", read_only=True), _kw(BOOL, "is_manager", read_only=True),
        choice("status", INVITATION_STATUSES, read_only=True)),
        INVITATION, creatable=False, actions=("accept", "reject", "cancel"),
        aliases=("group_membership_invitation",)),
    Model("groupmembershiprequest", "users", "group_membership_request", "group_membership_requests", (
        fk("group", "group", read_only=True), fk("user", "user", read_only=True),
        choice("status", INVITATION_STATUSES, read_only=True)),
        INVITATION, creatable=False, actions=("accept", "reject", "cancel"),
        aliases=("group_membership_request",)),
)


def _approval_model(target: Model) -> Model:
    """`<x>approval`: a proposed add or change of x, with the proposed fields, reviewed by accept/reject."""
    proposed = tuple(Field(f.name, f.kind, target=f.target, choices=f.choices, read_only=True)
                     for f in target.fields if f.kind != REVERSE)
    return Model(target.approval, target.app, f"{target.singular}_approval", f"{target.singular}_approvals", (
        Field("instance_id", TEXT, read_only=True), choice("action", ("Add", "Change"), read_only=True),
        fk("user", "user", read_only=True), fk("reviewer", "user", read_only=True),
        choice("status", APPROVAL_STATUSES, read_only=True), *proposed),
        APPROVAL, approves=target.slug, creatable=False, actions=("accept", "reject"))


MODELS = MODELS + tuple(_approval_model(m) for m in MODELS if m.approval)
BY_SLUG: dict[str, Model] = {m.slug: m for m in MODELS}
# (app, URL slug) -> model, with the clients' other slugs and apps
ROUTES: dict[tuple[str, str], Model] = {}
for _m in MODELS:
    for _app in (_m.app, *_m.other_apps):
        for _slug in (_m.slug, *_m.aliases):
            ROUTES[(_app, _slug)] = _m
APPS = tuple(sorted({app for app, _ in ROUTES}))
PORTALS = ("private", "public")


def model(slug: str) -> Model:
    return BY_SLUG[slug]
