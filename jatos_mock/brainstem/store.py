"""The store of a BrainSTEM mock: the core's store holding BrainSTEM's state, and what an imported state must
satisfy."""

from jatos_mock.brainstem import catalog
from jatos_mock.brainstem.models import State
from jatos_mock.core.state.store import StateError
from jatos_mock.core.state.store import Store as CoreStore


class Store(CoreStore):
    state_type = State
    api = "brainstem"

    def check_state(self, state: State) -> None:
        """Every record sits under its own id, and every relation names a record the state has."""
        for m in catalog.MODELS:
            for key, record in state.table(m.slug).items():
                if record.get("id") != key:
                    raise StateError(f"state.{m.slug}.{key}: its id is {record.get('id')!r}")
                for f in m.fields:
                    if f.kind not in (catalog.FK, catalog.M2M):
                        continue
                    value = record.get(f.name)
                    for ref in value if isinstance(value, list) else [value]:
                        if ref is not None and ref not in state.table(f.target):
                            raise StateError(f"state.{m.slug}.{key}.{f.name}: no {f.target} {ref!r}")
        for account in state.accounts.values():
            if account.user_id not in state.table("user"):
                raise StateError(f"state.accounts: no user {account.user_id}")
