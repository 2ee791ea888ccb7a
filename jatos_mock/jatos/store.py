"""The store of a JATOS mock: the core's store holding JATOS's state, and what an imported state must satisfy."""

from jatos_mock.core.state.store import StateError
from jatos_mock.core.state.store import Store as CoreStore
from jatos_mock.jatos.models import State

# (collection, field, collection its ids point into): what the handlers look up without a second thought
_REFERENCES = (
    ("users", "worker_id", "workers"), ("tokens", "user_id", "users"),
    ("studies", "member_ids", "users"), ("studies", "component_ids", "components"), ("studies", "batch_ids", "batches"),
    ("components", "study_id", "studies"), ("batches", "study_id", "studies"), ("batches", "worker_ids", "workers"),
    ("groups", "batch_id", "batches"), ("groups", "active_member_ids", "study_results"),
    ("groups", "history_member_ids", "study_results"), ("workers", "batch_ids", "batches"),
    ("workers", "user_id", "users"), ("study_links", "batch_id", "batches"), ("study_links", "worker_id", "workers"),
    ("study_results", "study_id", "studies"), ("study_results", "batch_id", "batches"),
    ("study_results", "worker_id", "workers"), ("study_results", "active_group_id", "groups"),
    ("study_results", "history_group_id", "groups"), ("study_results", "component_result_ids", "component_results"),
    ("component_results", "study_result_id", "study_results"), ("component_results", "component_id", "components"),
)
# (collection, its name in last_ids)
_ENTITIES = (("users", "user"), ("tokens", "token"), ("studies", "study"), ("components", "component"),
             ("batches", "batch"), ("groups", "group"), ("workers", "worker"), ("study_results", "study_result"),
             ("component_results", "component_result"))


class Store(CoreStore):
    state_type = State
    api = "jatos"

    def check_state(self, state: State) -> None:
        """Every id the state holds names an entity it has, every entity sits under its own id, and no new entity
        would take an id in use."""
        for collection, _ in _ENTITIES:
            for key, entity in getattr(state, collection).items():
                if entity.id != key:
                    raise StateError(f"state.{collection}.{key}: its id is {entity.id}")
        for collection, name, target in _REFERENCES:
            known = getattr(state, target)
            for key, entity in getattr(state, collection).items():
                value = getattr(entity, name)
                for ref in value if isinstance(value, list) else [value]:
                    if ref is not None and ref not in known:
                        raise StateError(f"state.{collection}.{key}.{name}: no {target} entry with id {ref}")
        for collection, entity in _ENTITIES:
            highest = max(getattr(state, collection), default=0)
            if highest > state.last_ids.get(entity, 0):
                raise StateError(f"state.last_ids.{entity}: {state.last_ids.get(entity, 0)} is below the id "
                                 f"{highest}")
