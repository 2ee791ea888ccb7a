"""The store of a BrainSTEM mock: the core's store holding BrainSTEM's state."""

from jatos_mock.core.state.store import Store as CoreStore
from jatos_mock.brainstem.models import State


class Store(CoreStore):
    state_type = State
