"""The store of a PyBossa mock: the core's store holding PyBossa's `State`, and what an imported state must
satisfy."""

from jatos_mock.core.state.store import StateError
from jatos_mock.core.state.store import Store as CoreStore
from jatos_mock.pybossa.models import TABLES, State

# (table, column, table its ids point into): what the handlers look up without a second thought
_REFERENCES = (("project", "owner_id", "user"), ("project", "category_id", "category"),
               ("task", "project_id", "project"), ("task_run", "project_id", "project"),
               ("task_run", "task_id", "task"),
               ("result", "project_id", "project"), ("result", "task_id", "task"),
               ("helpingmaterial", "project_id", "project"), ("blogpost", "project_id", "project"),
               ("pages", "project_id", "project"), ("project_stats", "project_id", "project"))


class Store(CoreStore):
    state_type = State
    api = "pybossa"

    def check_state(self, state: State) -> None:
        """Every row sits under its own id, the ids rows point to exist, and no new row would take an id in use."""
        for table in TABLES:
            for key, row in state.table(table).items():
                if row.id != key:
                    raise StateError(f"state.{table}.{key}: its id is {row.id}")
            highest = max(state.table(table), default=0)
            if highest > state.last_ids.get(table, 0):
                raise StateError(f"state.last_ids.{table}: {state.last_ids.get(table, 0)} is below the id {highest}")
        for table, column, target in _REFERENCES:
            known = state.table(target)
            for key, row in state.table(table).items():
                value = getattr(row, column)
                if value is not None and value not in known:
                    raise StateError(f"state.{table}.{key}.{column}: no {target} row with id {value}")
