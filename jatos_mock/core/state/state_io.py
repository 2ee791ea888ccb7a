"""The whole state of a store as one JSON document, and back: every entity of the API's state type plus the blob
contents (base64).

The document is versioned ({"format": "jatos-mock-state", "version": 1, "api": ..., "apiVersion": ..., ...}) and
names the API and the API version that wrote it (a state of one version does not load into a mock of another).
Import builds a complete new state first (by the state type's annotations), lets the store check its references,
and swaps it in only when every part of the document is valid, so a broken document leaves the store as it was.
Files are written atomically (temporary file in the same folder + os.replace).
"""

import base64
import dataclasses
import glob
import hashlib
import json
import os
import tempfile
import types
import typing
from pathlib import Path

from jatos_mock.core.contract import text as json_text
from jatos_mock.core.state.blobs import BlobStore
from jatos_mock.core.state.clock import FIXED_EPOCH_MS, Clock
from jatos_mock.core.state.store import StateError, Store

FORMAT = "jatos-mock-state"
VERSION = 1


# --- export -------------------------------------------------------------------------------------------------------

def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _blob_keys(value, found: set[str]) -> set[str]:
    """Every blob key referenced anywhere in the state (fields named `blob` or ending in `_blob`)."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if (f.name == "blob" or f.name.endswith("_blob")) and isinstance(item, str):
                found.add(item)
            else:
                _blob_keys(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _blob_keys(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _blob_keys(item, found)
    return found


def export_state(store: Store) -> dict:
    with store.lock:
        state = store.state
        keys = sorted(_blob_keys(state, set()))
        blobs = {key: base64.b64encode(store.blobs.read(key)).decode("ascii") for key in keys
                 if store.blobs.exists(key)}
        document = {"format": FORMAT, "version": VERSION, "api": store.api}
        if store.api_version is not None:
            document["apiVersion"] = store.api_version
        document.update({"clock": store.clock.state(), "state": _plain(state)})
        rng_state = store.rng_state()  # seeded only: UUIDs and codes continue after a restart; tokens never use it
        if rng_state is not None:
            version, internal, gauss = rng_state
            document["rng"] = [version, list(internal), gauss]
        document["blobs"] = blobs
        return document


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False)


# --- import -------------------------------------------------------------------------------------------------------

def _build(hint, value, where: str):
    """Converts plain JSON `value` to the annotated type `hint`, or raises StateError naming `where`."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        return _build(options[0], value, where)
    if dataclasses.is_dataclass(hint):
        return _build_dataclass(hint, value, where)
    if origin is dict:
        if not isinstance(value, dict):
            raise StateError(f"{where}: expected an object")
        key_type, item_type = args
        result = {}
        for key, item in value.items():
            if key_type is int:
                try:
                    built_key = int(key)
                except ValueError:
                    raise StateError(f"{where}: key {key!r} is not an integer id") from None
            else:
                built_key = key
            result[built_key] = _build(item_type, item, f"{where}.{key}")
        return result
    if origin in (list, set):
        if not isinstance(value, list):
            raise StateError(f"{where}: expected a list")
        items = [_build(args[0], item, f"{where}[{i}]") for i, item in enumerate(value)]
        return set(items) if origin is set else items
    if hint is typing.Any or hint is object:
        return value
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if hint in (int, str, bool):
        if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
            raise StateError(f"{where}: expected {hint.__name__}, got {type(value).__name__}")
        return value
    return value  # anything else (plain JSON) as it is


_hints_cache: dict[type, dict] = {}


def _build_dataclass(cls, value, where: str):
    if not isinstance(value, dict):
        raise StateError(f"{where}: expected an object for {cls.__name__}")
    hints = _hints_cache.get(cls)
    if hints is None:
        hints = _hints_cache[cls] = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise StateError(f"{where}: unknown field(s) {', '.join(unknown)} for {cls.__name__}")
    kwargs = {}
    for name, f in fields.items():
        if name in value:
            kwargs[name] = _build(hints[name], value[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise StateError(f"{where}: missing field {name!r} of {cls.__name__}")
    return cls(**kwargs)


def parse_document(store: Store, document) -> tuple[object, dict[str, bytes], tuple | None]:
    """Validates a document completely; returns (state, blob contents by key, rng state or None)."""
    if not isinstance(document, dict):
        raise StateError("the state document must be a JSON object")
    if document.get("format") != FORMAT:
        raise StateError(f"not a jatos-mock state document ('format' must be {FORMAT!r})")
    if document.get("version") != VERSION:
        raise StateError(f"unsupported state document version {document.get('version')!r} (this mock reads {VERSION})")
    if document.get("api", store.api) != store.api:  # files from before the API was named are the first API's
        raise StateError(f"a state of the {document['api']!r} API cannot be loaded into a {store.api!r} mock")
    written_by = document.get("apiVersion")  # files from before versions were recorded load anywhere
    if written_by is not None and store.api_version is not None and written_by != store.api_version:
        raise StateError(f"this state was written by a {document.get('api', store.api)} {written_by} mock and "
                         f"cannot be loaded into a {store.api} {store.api_version} mock (serve {written_by}, or "
                         "start without this state file)")
    if "state" not in document:
        raise StateError("the document has no 'state'")
    state = _build_dataclass(store.state_type, document["state"], "state")
    store.check_state(state)
    raw_blobs = document.get("blobs", {})
    if not isinstance(raw_blobs, dict):
        raise StateError("blobs: expected an object of base64 strings by SHA-256 key")
    blobs: dict[str, bytes] = {}
    for key, encoded in raw_blobs.items():
        try:
            data = base64.b64decode(encoded, validate=True)
        except (ValueError, TypeError):
            raise StateError(f"blobs.{key}: not valid base64") from None
        if hashlib.sha256(data).hexdigest() != key:
            raise StateError(f"blobs.{key}: content does not match its SHA-256 key")
        blobs[key] = data
    missing = sorted(_blob_keys(state, set()) - set(blobs))
    if missing:
        raise StateError(f"blobs: the state refers to file contents that the document lacks: {missing[0]}")
    rng = document.get("rng")
    rng_state = None
    if rng is not None:
        try:
            version, internal, gauss = rng
            rng_state = (int(version), tuple(int(x) for x in internal), gauss)
        except (TypeError, ValueError):
            raise StateError("rng: not a random generator state") from None
    return state, blobs, rng_state


def _parse_clock(document) -> dict | None:
    clock = document.get("clock")
    if clock is None:
        return None
    now = clock.get("now") if isinstance(clock, dict) else None
    frozen = clock.get("frozen", False) if isinstance(clock, dict) else None
    if not isinstance(now, int) or isinstance(now, bool) or not isinstance(frozen, bool):
        raise StateError("clock: expected {\"now\": epoch ms, \"frozen\": true or false}")
    return {"now": now, "frozen": frozen}


def _restore_clock(store: Store, clock: dict) -> None:
    """The document's clock: a frozen one at its instant; a running one runs on from its time, or from now when that
    is later (time never runs backwards, so nothing made since looks made in the future)."""
    if clock["frozen"]:
        store.clock.freeze(clock["now"])
        return
    if store.clock.frozen:
        store.clock.unfreeze()
    store.clock.set(max(clock["now"], store.clock.now_ms()))


def import_state(store: Store, document) -> None:
    """Replaces the store's state (and clock) with the document's; raises StateError (state unchanged) when it is
    broken."""
    state, blobs, rng_state = parse_document(store, document)
    clock = _parse_clock(document)
    for data in blobs.values():
        store.blobs.put(data)
    with store.lock:
        store.state = state
        if clock is not None:
            _restore_clock(store, clock)
        if rng_state is not None and store.seed is not None:
            try:
                store.rng.setstate(rng_state)
            except (TypeError, ValueError):
                pass  # a foreign generator state: keep the current one


# --- files --------------------------------------------------------------------------------------------------------

def blob_dir(path: str | os.PathLike) -> Path:
    """Where a server with this state file keeps file contents: `<file>.blobs/` beside it, reused on restart."""
    path = Path(path)
    return path.parent / f"{path.name}.blobs"


def remove_stale_temp_files(path: str | os.PathLike) -> None:
    """Removes what a save interrupted by a kill left beside the state file (save_file's `.<name>.*.tmp`)."""
    path = Path(path)
    if path.parent.is_dir():
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            leftover.unlink(missing_ok=True)


def save_file(store: Store, path: str | os.PathLike) -> Path:
    """Writes the state atomically: a reader never sees a half-written file."""
    path = Path(path)
    text = dumps(export_state(store))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def load_file(store: Store, path: str | os.PathLike) -> None:
    path = Path(path)
    try:
        document = json_text.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StateError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise StateError(f"{path}: not valid JSON: {exc}") from None
    try:
        import_state(store, document)
    except StateError as exc:
        raise StateError(f"{path}: {exc}") from None


# --- an app's store, from its settings --------------------------------------------------------------------------

def open_store(store_type: type[Store], seed: int | None, state_file: str | os.PathLike | None) -> Store:
    """An empty store: its clock frozen at the fixed instant when seeded; its blobs beside the state file (a --state
    server reuses them across restarts, after removing what an interrupted save left), else in a temporary folder
    removed with the app."""
    clock = Clock(frozen_at_ms=FIXED_EPOCH_MS if seed is not None else None)
    if state_file is not None:
        remove_stale_temp_files(state_file)
        blobs = BlobStore(blob_dir(state_file))
    else:
        blobs = BlobStore()
    return store_type(seed=seed, clock=clock, blobs=blobs)


def start_from_fixtures(store: Store, state_file: str | os.PathLike | None) -> None:
    """Call once the fixtures are loaded: they become what reset returns to; then the state file, if there is one,
    is loaded over them (a StateError names what is wrong with it)."""
    store.mark_baseline()
    if state_file is not None and Path(state_file).exists():
        load_file(store, state_file)
