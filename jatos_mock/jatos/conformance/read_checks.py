"""Read-only cross-checks beyond the results (they run under `--read-only`): asset sizes and checksums against the
downloaded bytes, the study log's cut and download variants, list endpoints against item endpoints, and the same read
twice. Bounded: a few studies, a few MB of downloads.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from urllib.parse import quote

from jatos_mock.core.conformance.flow import Flow, WorkflowFailure, WorkflowSkipped
from jatos_mock.core.conformance.verify import Request, mismatch, same_twice, show
from jatos_mock.jatos.conformance.dialects import Dialect

MAX_STUDIES = 5
MAX_FILES = 20
MAX_BYTES = 5_000_000
STRUCTURE = "GET /studies/{id}/assets/structure"
DOWNLOAD = "GET /studies/{id}/assets/{filepath}"
STUDY_LOG = "GET /studies/{id}/log"
LIST = "GET /studies/properties"
CUT_MARKER = "--- Log is cut here. Download it to get the whole file. ---"  # StudyLogger.streamLogFile
NO_LOG_FILE = "Error: Could not open log file"
WITH_ALL = {"withComponentProperties": "true", "withBatchProperties": "true"}


def visible_studies(flow: Flow, params: dict | None = None) -> list[dict]:
    studies = flow.get("GET studies/properties", "studies/properties", LIST, params=params)
    flow.expect("GET studies/properties", isinstance(studies, list), f"data is not a list: {show(studies)}")
    return sorted(studies, key=lambda s: s.get("id", 0))


def leaves(node, found: list) -> list:
    """The leaves of a nested structure: files and empty directories (Api.getStudyAssetsStructure flatten)."""
    content = node.get("content")
    if node.get("type") == "directory" and content:
        for child in content:
            leaves(child, found)
    else:
        found.append(node)
    return found


def _leaf_key(node: dict) -> tuple:
    return node.get("path"), node.get("type"), node.get("size") if node.get("type") == "file" else None, \
        node.get("checksum")


def assets_agree(flow: Flow) -> None:
    """Per study: the nested and flattened structures list the same leaves; each file downloads with the size and
    Adler-32 checksum the structure reports."""
    files = studies = 0
    budget = MAX_BYTES
    for study in visible_studies(flow)[:MAX_STUDIES]:
        path = f"studies/{study['id']}/assets/structure"
        step = f"GET {path}?flatten=true"
        answer = flow.call(step, "GET", path, (200, 401, 403, 404), STRUCTURE, params={"flatten": "true"})
        if answer.status != 200:  # a viewer's token, or a study without an assets directory
            continue
        flat = flow.data(step, answer)
        flow.expect(step, isinstance(flat, list), f"data is not a list: {show(flat)}", STRUCTURE)
        step = f"GET {path}?flatten=false"
        tree = flow.get(step, path, STRUCTURE, params={"flatten": "false"})
        flow.expect(step, isinstance(tree, dict), f"data is not an object: {show(tree)}", STRUCTURE)
        nested = sorted(map(_leaf_key, leaves(tree, [])), key=str)
        flattened = sorted(map(_leaf_key, flat), key=str)
        if tree.get("content") == [] and len(flattened) == 1:
            nested = flattened  # an empty assets directory: the root itself is the one leaf
        flow.expect(step, nested == flattened, f"the nested structure's leaves {show(nested)} differ from the "
                                               f"flattened list {show(flattened)}", STRUCTURE)
        studies += 1
        for leaf in flat:
            if leaf.get("type") != "file" or files == MAX_FILES or leaf.get("size", 0) > budget:
                continue
            step = f"GET studies/{study['id']}/assets/{leaf['path']}"
            body = flow.call(step, "GET", f"studies/{study['id']}/assets/{quote(leaf['path'], safe='/')}", (200,),
                             DOWNLOAD).body
            checksum = zlib.adler32(body)
            flow.expect(step, len(body) == leaf.get("size") and checksum == leaf.get("checksum"),
                        f"downloaded {len(body)} bytes with Adler-32 {checksum}; the structure says "
                        f"{leaf.get('size')} bytes, checksum {leaf.get('checksum')}", DOWNLOAD)
            files += 1
            budget -= len(body)
    if not studies:
        raise WorkflowSkipped("no study's assets readable with this token (the structure needs the USER role)")
    flow.note = f"{files} files of {studies} studies downloaded and checked"


def _log_file(flow: Flow, step: str, body: bytes) -> bytes:
    """The log as sent, or the one file of a ZIP: the form JATOS 3.9's document gives the log (application/zip)."""
    if not body.startswith(b"PK\x03\x04"):
        return body
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
            flow.expect(step, len(names) == 1, f"the zipped study log holds {names}, not one file", STUDY_LOG)
            return archive.read(names[0])
    except zipfile.BadZipFile as exc:
        raise WorkflowFailure(step, f"the study log looks zipped but is no ZIP: {exc}", STUDY_LOG) from None


def log_entries(flow: Flow, study_id: int, step: str, limit: int = -1) -> list | None:
    """The study log inline, newest first (JATOS 3.10 sends one JSON array, the contract allows JSON lines), or
    None when the server keeps no log for the study."""
    answer = flow.call(step, "GET", f"studies/{study_id}/log", (200,), STUDY_LOG,
                       params={"download": "false", "entryLimit": str(limit)})
    text = _log_file(flow, step, answer.body).decode("utf-8", "replace").strip()
    try:
        entries = json.loads(text) if text.startswith("[") else [json.loads(line) for line in text.splitlines()
                                                                 if line.strip()]
    except ValueError:
        raise WorkflowFailure(step, f"the inline study log is neither a JSON array nor JSON lines: "
                                    f"{answer.body[:120]!r}", STUDY_LOG) from None
    flow.expect(step, isinstance(entries, list), f"the inline study log is not a JSON array: {show(entries)}",
                STUDY_LOG)
    return None if entries == [NO_LOG_FILE] else entries


def log_messages(flow: Flow, study_id: int, step: str) -> list[str] | None:
    entries = log_entries(flow, study_id, step)
    return None if entries is None else [e.get("msg") for e in entries if isinstance(e, dict)]


def study_log_agrees(flow: Flow) -> None:
    """The inline log (newest first), its cut variant and the downloaded file (oldest first) hold the same
    entries; an entry written in between may only add to the file's end."""
    checked = 0
    for study in visible_studies(flow)[:MAX_STUDIES]:
        inline = log_entries(flow, study["id"], f"GET studies/{study['id']}/log?download=false")
        if inline is None:
            continue
        step = f"GET studies/{study['id']}/log?download=true"
        body = _log_file(flow, step, flow.call(step, "GET", f"studies/{study['id']}/log", (200,), STUDY_LOG,
                                               params={"download": "true"}).body)
        try:  # StudyLogger: ISO-8859-1, each entry "\n" + one JSON line
            downloaded = [json.loads(line) for line in body.decode("latin-1").splitlines() if line.strip()]
        except ValueError as exc:
            raise WorkflowFailure(step, f"a line of the downloaded log is not JSON: {exc}", STUDY_LOG) from None
        oldest_first = list(reversed(inline))
        flow.expect(step, downloaded[:len(oldest_first)] == oldest_first,
                    f"the downloaded log ({len(downloaded)} entries) does not start with the inline log's "
                    f"{len(inline)} entries, oldest first", STUDY_LOG)
        if len(inline) > 2:
            step = f"GET studies/{study['id']}/log?download=false&entryLimit=2"
            cut = log_entries(flow, study["id"], step, limit=2)
            # JATOS appends its cut marker; the contract's JSON lines just stop
            flow.expect(step, cut in (inline[:2] + [CUT_MARKER], inline[:2]),
                        f"entryLimit=2 gave {show(cut)}, expected the two newest entries (and the cut marker)",
                        STUDY_LOG)
        checked += 1
    if not checked:
        raise WorkflowSkipped("no study log visible to this token")
    flow.note = f"the logs of {checked} studies compared"


UNORDERED = ("members", "allowedWorkerTypes")  # StudyDao's members come in no order; a batch's types are a HashSet


def _canonical(value):
    """A read as list and item must both show it, with the lists JATOS keeps in no particular order sorted."""
    if isinstance(value, dict):
        return {k: sorted(map(_canonical, v), key=show) if k in UNORDERED and isinstance(v, list) else _canonical(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def lists_match_items(flow: Flow, jatos: Dialect) -> None:
    """List endpoints show what the item endpoints show (studies, components, batches, members, the caller's
    tokens, users for an admin), and the same read twice answers the same."""
    listed = visible_studies(flow, WITH_ALL)
    if not listed:
        raise WorkflowSkipped("the token sees no study")
    for study in listed[:MAX_STUDIES]:
        sid = study["id"]
        read = Request(f"GET studies/{sid}/properties", "GET", f"studies/{sid}/properties", "GET /studies/{id}/"
                       "properties", kw={"params": WITH_ALL})
        item = same_twice(flow, read, lambda answer, step=read.step: flow.data(step, answer))
        flow.expect(read.step, _canonical(item) == _canonical(study),
                    f"study {sid} differs between the item and the list (item vs list: "
                    f"{mismatch(_canonical(item), _canonical(study))})", LIST)
        if jatos.modern:  # 3.9 has no item routes for components, batches and members
            _parts_match(flow, sid, study)
    shown = min(len(listed), MAX_STUDIES)
    if not jatos.modern:
        flow.note = f"{shown} studies, each read twice and as the list shows it"
        return
    _tokens_match(flow)
    _users_match(flow)
    flow.note = f"{shown} studies with their components, batches and members"


def _parts_match(flow: Flow, sid: int, study: dict) -> None:
    components = flow.get(f"GET studies/{sid}/components", f"studies/{sid}/components",
                          "GET /studies/{id}/components")
    flow.expect(f"GET studies/{sid}/components", _canonical(components) == _canonical(study.get("components")),
                f"lists vs the study's properties: {mismatch(components, study.get('components'))}",
                "GET /studies/{id}/components")
    for component in (components or [])[:3]:
        got = flow.get(f"GET components/{component['id']}", f"components/{component['id']}",
                       "GET /components/{id}")
        flow.expect(f"GET components/{component['id']}", _canonical(got) == _canonical(component),
                    f"item vs list: {mismatch(got, component)}", "GET /components/{id}")
    batches = flow.get(f"GET studies/{sid}/batches", f"studies/{sid}/batches", "GET /studies/{id}/batches")
    flow.expect(f"GET studies/{sid}/batches", _canonical(batches) == _canonical(study.get("batches")),
                f"lists vs the study's properties: {mismatch(batches, study.get('batches'))}",
                "GET /studies/{id}/batches")
    for batch in (batches or [])[:3]:
        got = flow.get(f"GET batches/{batch['id']}", f"batches/{batch['id']}", "GET /batches/{id}")
        flow.expect(f"GET batches/{batch['id']}", _canonical(got) == _canonical(batch),
                    f"item vs list: {mismatch(got, batch)}", "GET /batches/{id}")
    members = flow.get(f"GET studies/{sid}/members", f"studies/{sid}/members", "GET /studies/{id}/members")
    ids = sorted(m.get("id") for m in study.get("members") or [])
    flow.expect(f"GET studies/{sid}/members", sorted((members or {}).get("members") or []) == ids,
                f"lists {show(members)}, the study's properties members {ids}", "GET /studies/{id}/members")


def _tokens_match(flow: Flow) -> None:
    own = flow.get("GET admin/token", "admin/token", "GET /admin/token")
    step = f"GET users/{own.get('userId')}/tokens"
    tokens = flow.get(step, f"users/{own.get('userId')}/tokens", "GET /users/{id}/tokens")
    mine = next((t for t in tokens or [] if isinstance(t, dict) and t.get("id") == own.get("id")), None)
    flow.expect(step, mine is not None, f"the caller's token {own.get('id')} is not among its user's tokens "
                                        f"{[t.get('id') for t in tokens or []]}", "GET /users/{id}/tokens")
    got = flow.get(f"GET tokens/{own['id']}", f"tokens/{own['id']}", "GET /tokens/{id}")
    flow.expect(f"GET tokens/{own['id']}", got == mine, f"item vs the user's token list: {mismatch(got, mine)}",
                "GET /tokens/{id}")


def _users_match(flow: Flow) -> None:
    answer = flow.call("GET users", "GET", "users", (200, 401, 403), "GET /users")
    if answer.status != 200:
        return  # an admin-only list
    for user in (flow.data("GET users", answer) or [])[:MAX_STUDIES]:
        got = flow.get(f"GET users/{user['id']}", f"users/{user['id']}", "GET /users/{id}")
        # the list may add fields (JATOS: studyIds); the item's must agree
        flow.expect(f"GET users/{user['id']}", {k: user.get(k) for k in got} == got,
                    f"item vs list: {mismatch(got, {k: user.get(k) for k in got})}", "GET /users/{id}")
