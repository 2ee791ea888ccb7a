"""The store of a PyBossa mock: the core's store holding PyBossa's `State`."""

from jatos_mock.core.state.store import Store as CoreStore
from jatos_mock.pybossa.models import State


class Store(CoreStore):
    state_type = State
