"""BrainSTEM's state: records of every model of the catalog, the accounts behind the users, and their tokens.

A record is a dict of its catalog fields (relations as ids, to-many as lists) plus `id`; reverse relations are not
stored, they are read from the children's foreign keys when a record is rendered, so they cannot drift. Times are
epoch milliseconds of the mock's clock.
"""

from dataclasses import dataclass, field

from jatos_mock.brainstem import catalog
from jatos_mock.core.state.tracked import Entity

PAT, ACCESS, REFRESH = "pat", "access", "refresh"
INT_ID_MODELS = frozenset(m.slug for m in catalog.MODELS if m.int_ids)  # users and groups


@dataclass(slots=True)
class Account(Entity):
    """What a user record does not show: how the user signs in and what the platform lets them do."""
    user_id: int
    username: str
    password: str
    is_staff: bool = False  # reviews approvals, writes admin-only taxonomies


@dataclass(slots=True)
class Token(Entity):
    key: str
    user_id: int
    kind: str  # PAT (sliding) | ACCESS | REFRESH (JWTs; the key is the token's jti)
    created: int
    expires: int  # ms; a PAT's moves forward on use
    name: str = ""
    revoked: bool = False


@dataclass(slots=True)
class DeviceLogin(Entity):
    device_code: str
    user_code: str
    session_id: str
    client_name: str
    created: int
    expires: int
    status: str = "pending"  # pending | approved | denied | used
    user_id: int | None = None


@dataclass(slots=True)
class State(Entity):
    """Everything the mock knows; its dicts are tracked (core/state/tracked.py), so a failed write is undone whole."""

    records: dict[str, dict[str, dict]] = field(default_factory=dict)  # model slug -> {UUID: record}
    numbered: dict[str, dict[int, dict]] = field(default_factory=dict)  # users and groups: {integer id: record}
    next_ids: dict[str, int] = field(default_factory=dict)  # integer ids (users, groups)
    accounts: dict[int, Account] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    device_logins: dict[str, DeviceLogin] = field(default_factory=dict)  # by device_code
    jwt_secret: str = ""

    def table(self, slug: str) -> dict:
        """The records of one model (the fixture loader creates every model's table)."""
        tables = self.numbered if slug in INT_ID_MODELS else self.records
        table = tables.get(slug)
        if table is None:  # a state file written before the model existed
            tables[slug] = {}
            table = tables[slug]
        return table

    def account_by_email(self, email: str) -> Account | None:
        users = self.table("user")
        for account in self.accounts.values():
            if users[account.user_id]["email"].lower() == (email or "").lower():
                return account
        return None
