"""The store of a JATOS mock: the core's store holding JATOS's state."""

from jatos_mock.core.state.store import Store as CoreStore
from jatos_mock.jatos.models import State


class Store(CoreStore):
    state_type = State
