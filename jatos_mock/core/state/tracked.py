"""Entities and containers that record their changes in the open write's journal (core/state/undo.py).

Everything the state holds is one of: an immutable value (str, int, float, bool, None, bytes, and tuples or
frozensets of such), an `Entity` (the dataclasses of models.py), or a `TrackedList`, `TrackedDict` or `TrackedSet`.
Storing a plain list, dict or set converts it (a copy, deep); storing anything else raises TypeError, so no change
can escape the journal. What each kind records:
- an entity: the previous value of an attribute it assigns;
- a dict: the previous value of a key it sets (tables of 10 000 results stay cheap); a removal saves the whole
  contents once per write, because putting a key back would move it to the end and change the order;
- a list or a set: its whole contents, once per write (they are small: ids, roles, directories).
Reads are the built-in types' own methods, unchanged.
"""

import functools

from jatos_mock.core.state import undo as _journal
from jatos_mock.core.state.undo import MISSING

_open = _journal._open  # the thread's open journal, read on every change: one attribute look-up

# types stored as they are; Entity subclasses and the tracked containers add themselves
_KEPT: set[type] = {str, int, float, bool, type(None), bytes}


def tracked(value):
    """`value` as the state may hold it: plain containers become tracked copies; unknown types are refused."""
    kind = type(value)
    if kind in _KEPT:
        return value
    convert = _CONVERT.get(kind)
    if convert is None:
        raise TypeError(f"the state cannot hold a {kind.__name__}: its changes could not be rolled back")
    return convert(value)


# --- entities -----------------------------------------------------------------------------------------------------

def _swap_attribute(obj, name, saved):
    current = getattr(obj, name)
    object.__setattr__(obj, name, saved)
    return current


def _rebuild(cls, values):
    """Unpickles an entity without its __setattr__ (reset runs before every test)."""
    obj = object.__new__(cls)
    for setter, value in zip(cls._setters, values):
        setter(obj, value)
    return obj


def _unjournaled(init):
    """An entity being built has nothing to take back: its __init__ runs without the journal (and without the
    failed look-ups of unset slots that recording would cost)."""
    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        journal = _open.journal
        _open.journal = None
        try:
            init(self, *args, **kwargs)
        finally:
            _open.journal = journal
    return __init__


class Entity:
    """Base of the state's dataclasses (slots=True): attribute assignments are journaled and tracked."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _KEPT.add(cls)
        cls._field_setters = {name: cls.__dict__[name].__set__ for name in cls.__dict__.get("__slots__", ())}
        cls._setters = tuple(cls._field_setters.values())
        if "__slots__" in cls.__dict__ and "__init__" in cls.__dict__:  # the dataclass, as slots=True rebuilds it
            cls.__init__ = _unjournaled(cls.__init__)

    def __setattr__(self, name, value):
        setter = self._field_setters.get(name)
        if setter is None:
            object.__setattr__(self, name, value)  # not a field: raises AttributeError as usual
        if type(value) not in _KEPT:  # tracked(value)'s own test, inline: this runs for every field set
            value = tracked(value)
        journal = _open.journal
        if journal is not None:
            journal.record(_swap_attribute, self, name, getattr(self, name))
        else:
            _journal.changed()  # outside a write: nothing records it, so it is counted
        setter(self, value)

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__}.{name} cannot be deleted: entities keep all their fields")

    def __reduce__(self):
        return _rebuild, (type(self), tuple([getattr(self, name) for name in self._field_setters]))


# --- containers ---------------------------------------------------------------------------------------------------

def _swap_list(target, _, saved):
    current = list.copy(target)
    list.__setitem__(target, slice(None), saved)
    return current


def _swap_dict(target, _, saved):
    current = dict.copy(target)
    dict.clear(target)
    dict.update(target, saved)
    return current


def _swap_key(target, key, saved):
    current = dict.get(target, key, MISSING)
    if saved is MISSING:
        dict.pop(target, key, None)
    else:
        dict.__setitem__(target, key, saved)
    return current


def _swap_set(target, _, saved):
    current = set.copy(target)
    set.clear(target)
    set.update(target, saved)
    return current


class TrackedList(list):
    __slots__ = ()

    def __reduce__(self):
        return TrackedList, (list(self),)

    def _changing(self):
        journal = _open.journal
        if journal is not None:
            journal.record_whole(_swap_list, self, list.copy)
        else:
            _journal.changed()

    def __setitem__(self, index, value):
        self._changing()
        list.__setitem__(self, index, [tracked(v) for v in value] if isinstance(index, slice) else tracked(value))

    def __delitem__(self, index):
        self._changing()
        list.__delitem__(self, index)

    def __iadd__(self, values):
        self._changing()
        list.extend(self, [tracked(v) for v in values])
        return self

    def __imul__(self, n):
        self._changing()
        return list.__imul__(self, n)

    def append(self, value):
        self._changing()
        list.append(self, tracked(value))

    def extend(self, values):
        self._changing()
        list.extend(self, [tracked(v) for v in values])

    def insert(self, index, value):
        self._changing()
        list.insert(self, index, tracked(value))

    def pop(self, index=-1):
        self._changing()
        return list.pop(self, index)

    def remove(self, value):
        self._changing()
        list.remove(self, value)

    def clear(self):
        self._changing()
        list.clear(self)

    def sort(self, *, key=None, reverse=False):
        self._changing()
        list.sort(self, key=key, reverse=reverse)

    def reverse(self):
        self._changing()
        list.reverse(self)


class TrackedDict(dict):
    __slots__ = ()

    def __reduce__(self):
        return TrackedDict, (dict(self),)

    def _removing(self):
        journal = _open.journal
        if journal is not None:
            journal.record_whole(_swap_dict, self, dict.copy)
        else:
            _journal.changed()

    def __setitem__(self, key, value):
        journal = _open.journal
        if journal is None:
            _journal.changed()
        elif not journal.saved_whole(self):
            journal.record(_swap_key, self, key, dict.get(self, key, MISSING))
        dict.__setitem__(self, key, tracked(value))

    def __delitem__(self, key):
        if key in self:
            self._removing()
        dict.__delitem__(self, key)

    def pop(self, key, *default):
        if key in self:
            self._removing()
        return dict.pop(self, key, *default)

    def popitem(self):
        if self:
            self._removing()
        return dict.popitem(self)

    def clear(self):
        if self:
            self._removing()
        dict.clear(self)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self


class TrackedSet(set):
    __slots__ = ()

    def __reduce__(self):
        try:
            items = sorted(self)  # the same members pickle to the same bytes, whatever the set's history
        except TypeError:
            items = list(self)
        return TrackedSet, (items,)

    def __repr__(self):
        return repr(set(self))  # as a plain set shows itself, not "TrackedSet({...})"

    def _changing(self):
        journal = _open.journal
        if journal is not None:
            journal.record_whole(_swap_set, self, set.copy)
        else:
            _journal.changed()

    def add(self, value):
        self._changing()
        set.add(self, tracked(value))

    def discard(self, value):
        self._changing()
        set.discard(self, value)

    def remove(self, value):
        self._changing()
        set.remove(self, value)

    def pop(self):
        self._changing()
        return set.pop(self)

    def clear(self):
        self._changing()
        set.clear(self)

    def update(self, *others):
        self._changing()
        set.update(self, *[[tracked(v) for v in other] for other in others])

    def difference_update(self, *others):
        self._changing()
        set.difference_update(self, *others)

    def intersection_update(self, *others):
        self._changing()
        set.intersection_update(self, *others)

    def symmetric_difference_update(self, other):
        self._changing()
        set.symmetric_difference_update(self, [tracked(v) for v in other])

    def __ior__(self, other):
        self.update(other)
        return self

    def __iand__(self, other):
        self.intersection_update(other)
        return self

    def __isub__(self, other):
        self.difference_update(other)
        return self

    def __ixor__(self, other):
        self.symmetric_difference_update(other)
        return self


_KEPT.update({TrackedList, TrackedDict, TrackedSet})
_CONVERT = {
    list: lambda value: TrackedList([tracked(v) for v in value]),
    dict: lambda value: TrackedDict({k: tracked(v) for k, v in value.items()}),
    set: lambda value: TrackedSet([tracked(v) for v in value]),
    tuple: lambda value: tuple([_frozen(v) for v in value]),
    frozenset: lambda value: frozenset([_frozen(v) for v in value]),
}
_SCALARS = (str, int, float, bool, type(None), bytes)


def _frozen(value):
    """An item of a tuple or frozenset: nothing there can record a change, so it must be unchangeable."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind in (tuple, frozenset):
        return _CONVERT[kind](value)
    raise TypeError(f"the state cannot hold a {kind.__name__} inside a tuple or frozenset: it could change unseen")
