"""The core's state file I/O and fixture framework serve any API: here a toy one (a store of notes), so nothing of
JATOS is needed to show what they do."""

from dataclasses import dataclass, field

import pytest

from jatos_mock.core.state import state_io
from jatos_mock.core.state.fixtures import FixtureError, load_fixture_dir
from jatos_mock.core.state.store import StateError, Store
from jatos_mock.core.state.tracked import Entity


@dataclass(slots=True)
class Note(Entity):
    id: int
    text: str
    tags: list[str] = field(default_factory=list)
    blob: str | None = None


@dataclass(slots=True)
class Notebook(Entity):  # entities and their containers record changes, so a failed write rolls back whole
    notes: dict[int, Note] = field(default_factory=dict)


class NoteStore(Store):
    state_type = Notebook
    api = "notes"

    def check_state(self, state: Notebook) -> None:
        for key, note in state.notes.items():
            if note.id != key:
                raise StateError(f"state.notes.{key}: its id is {note.id}")


class OtherStore(NoteStore):
    api = "other"


def _store_with_a_note() -> NoteStore:
    store = NoteStore(seed=3)
    with store.write() as state:
        state.notes[1] = Note(1, "hello", ["a"], blob=store.blobs.put(b"attached bytes"))
    return store


def test_a_state_goes_out_and_back_whole_with_its_file_contents(tmp_path):
    store = _store_with_a_note()
    path = state_io.save_file(store, tmp_path / "state.json")
    document = state_io.export_state(store)
    assert document["api"] == "notes" and document["state"]["notes"]["1"]["text"] == "hello"

    fresh = NoteStore(seed=3)
    state_io.load_file(fresh, path)
    note = fresh.state.notes[1]
    assert note == Note(1, "hello", ["a"], blob=note.blob) and fresh.blobs.read(note.blob) == b"attached bytes"


def test_the_api_check_and_the_api_name_refuse_a_state_and_keep_the_old_one():
    store = _store_with_a_note()
    document = state_io.export_state(store)
    document["state"]["notes"]["1"]["id"] = 2
    target = _store_with_a_note()
    with target.write() as state:
        state.notes[1].text = "kept"
    with pytest.raises(StateError, match=r"state.notes.1: its id is 2"):
        state_io.import_state(target, document)
    with pytest.raises(StateError, match="a state of the 'notes' API cannot be loaded into a 'other' mock"):
        state_io.import_state(OtherStore(), state_io.export_state(store))
    assert target.state.notes[1].text == "kept"


def test_a_state_with_a_wrong_type_names_where():
    document = state_io.export_state(_store_with_a_note())
    document["state"]["notes"]["1"]["tags"] = "a"
    with pytest.raises(StateError, match=r"state.notes.1.tags: expected a list"):
        state_io.import_state(NoteStore(), document)


def _load_notes(ctx, fixture):
    for index, item in enumerate(fixture.items("notes")):
        text = fixture.require(item, "text", f"notes[{index}]")
        ctx.state.notes[index + 1] = Note(index + 1, str(text))
        ctx.tokens.append({"username": f"writer{index}", "roles": [], "token": f"key{index}"})


def _load_tags(ctx, fixture):
    for item in fixture.items("tags"):
        ctx.state.notes[item["note"]].tags.append(item["tag"])  # a KeyError is reported against the file


SECTIONS = [("notes.yaml", _load_notes), ("tags.yaml", _load_tags)]


def test_fixture_sections_load_in_order_and_collect_credentials(tmp_path):
    (tmp_path / "tags.yaml").write_text("tags: [{note: 2, tag: later}]\n")
    (tmp_path / "notes.yaml").write_text("notes: [{text: one}, {text: two}]\n")
    store = NoteStore()
    tokens = load_fixture_dir(store, tmp_path, SECTIONS)
    assert [t["token"] for t in tokens] == ["key0", "key1"]
    assert store.state.notes[2] == Note(2, "two", ["later"])


@pytest.mark.parametrize(("files", "message"), [
    ({"notes.yaml": "notes: [{txt: one}]\n"}, r"notes.yaml: notes\[0\]: missing 'text'"),
    ({"notes.yaml": "notes: [\n"}, r"notes.yaml: not valid YAML"),
    ({"notes.yaml": "notes: {text: one}\n"}, r"notes.yaml: 'notes' must be a list of mappings"),
    ({"notes.yaml": "notes: [{text: one}]\n", "tags.yaml": "tags: [{note: 9, tag: x}]\n"},
     r"tags.yaml: KeyError: 9"),
])
def test_a_broken_fixture_file_is_named_and_nothing_is_loaded(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    store = NoteStore()
    with pytest.raises(FixtureError, match=message):
        load_fixture_dir(store, tmp_path, SECTIONS)
    assert store.state.notes == {}


def test_a_missing_fixture_directory_is_named(tmp_path):
    with pytest.raises(FixtureError, match="fixture directory not found"):
        load_fixture_dir(NoteStore(), tmp_path / "nowhere", SECTIONS)
