"""Read-only cross-checks of the result exports, on the results a server already has (so they run under
`--read-only` against production): the metadata, the data zip, the files zip, the combined export with its
metadata.json and the plain-text data must tell the same story, and every selector form must select the matching
subset of a study's unfiltered metadata. Reference B §5.1-5.6.

Only results in a final state are compared byte for byte (a running study's results may grow between two reads),
and a result newer than the first read may show up in a later one. The work is bounded, so a production server is
read, not drained: a few studies, a few dozen results, a few MB.
"""

from __future__ import annotations

import json

from jatos_mock.core.conformance.flow import Flow, WorkflowFailure, WorkflowSkipped
from jatos_mock.core.conformance.verify import show
from jatos_mock.jatos.conformance import result_exports as rx
from jatos_mock.jatos.conformance.dialects import Dialect

MAX_STUDIES = 8  # studies scanned for results
MAX_RESULTS = 30  # component results cross-checked
MAX_BYTES = 5_000_000  # their data and files together
PLAIN_TEXT = "POST /results/data?asPlainText=true"


def scan(flow: Flow) -> list[tuple[dict, list[rx.Record]]]:
    """Studies the token sees that have results, each with its unfiltered metadata (studyIds=[id])."""
    studies = flow.get("GET studies/properties", "studies/properties", "GET /studies/properties",
                       params={"withBatchProperties": "true", "withComponentProperties": "true"})
    flow.expect("GET studies/properties", isinstance(studies, list), f"data is not a list: {show(studies)}")
    found = []
    for study in sorted(studies, key=lambda s: s.get("id", 0))[:MAX_STUDIES * 4]:
        step = f"POST results/metadata {{studyIds: [{study['id']}]}}"
        chosen = rx.metadata(flow, step, {"studyIds": [study["id"]]})
        if chosen:
            found.append((study, chosen))
        if len(found) == MAX_STUDIES:
            break
    return found


def pick(found: list[tuple[dict, list[rx.Record]]]) -> list[rx.Record]:
    """Finished results within the budget, those with files first (so the files zip is checked too)."""
    candidates = [r for _, records in found for r in records if r.study_state in rx.FINAL_STATES]
    candidates.sort(key=lambda r: (not r.files, r.id))
    chosen, total = [], 0
    for record in candidates:
        if len(chosen) == MAX_RESULTS:
            break
        if total + record.bytes <= MAX_BYTES:
            chosen.append(record)
            total += record.bytes
    return sorted(chosen, key=lambda r: r.id)


def exports_agree(flow: Flow, jatos: Dialect, chosen: list[rx.Record], selection: dict) -> None:
    """Metadata ↔ data zip ↔ files zip ↔ combined export (and its metadata.json) ↔ plain-text data, for
    `selection`, which must select exactly `chosen` (as the unfiltered metadata lists them); the combined export's
    name has the version's suffix where the version fixes it (3.9.7 and older: .jrzip)."""
    wanted = {r.id: r for r in chosen}
    step = f"POST results/metadata {show(selection)}"
    document = rx.metadata_document(flow, step, selection)
    listed = rx.records(document.get("data"))
    _same_ids(step, rx.METADATA, [r.id for r in listed], sorted(wanted))
    for record in listed:
        flow.expect(step, record == wanted[record.id], f"component result {record.id} is {show(record.__dict__)} "
                                                       f"here but {show(wanted[record.id].__dict__)} in the study's "
                                                       f"metadata", rx.METADATA)

    step = f"POST results/data {show(selection)}"
    data = rx.zip_export(flow, step, "results/data", rx.DATA, selection)
    allowed = {f"{r.entry}/data.txt": r for r in chosen}
    stray = sorted(set(data) - set(allowed))
    flow.expect(step, not stray, f"the data zip has entries for results not selected: {stray[:5]}", rx.DATA)
    for name, record in allowed.items():
        if record.data_size:
            flow.expect(step, name in data, f"the data zip lacks {name} (result {record.id}, {record.data_size} "
                                            f"bytes of data in the metadata)", rx.DATA)
        if name in data:
            flow.expect(step, record.data_size in _data_lengths(data[name]),
                        f"{name} has {len(data[name])} bytes, the metadata says {record.data_size}", rx.DATA)

    step = f"POST results/files {show(selection)}"
    files = rx.zip_export(flow, step, "results/files", rx.FILES, selection)
    expected = rx.expected_files(chosen)
    flow.expect(step, set(files) == set(expected),
                f"the files zip holds {sorted(set(files) - set(expected))[:5]} beyond and lacks "
                f"{sorted(set(expected) - set(files))[:5]} of the metadata's files", rx.FILES)
    for name, size in expected.items():
        flow.expect(step, len(files[name]) == size, f"{name} has {len(files[name])} bytes, the metadata says {size}",
                    rx.FILES)

    step = f"POST results {show(selection)}"
    answer = flow.call(step, "POST", "results", (200,), rx.COMBINED, json=selection)
    combined = rx.unzip(step, answer.body, rx.COMBINED)
    if jatos.results_archive_suffix:
        disposition = answer.header("Content-Disposition") or ""
        flow.expect(step, f'.{jatos.results_archive_suffix}"' in disposition or
                    disposition.endswith(f".{jatos.results_archive_suffix}"),
                    f"JATOS {jatos.name} names the results archive .{jatos.results_archive_suffix}, the answer "
                    f"says {disposition!r}", rx.COMBINED)
    parts = {**data, **files}
    names = set(combined) - {"metadata.json"}
    flow.expect(step, "metadata.json" in combined, "the combined export has no metadata.json", rx.COMBINED)
    flow.expect(step, names == set(parts), f"the combined export holds {sorted(names - set(parts))[:5]} beyond "
                                           f"and lacks {sorted(set(parts) - names)[:5]} of the data and files "
                                           f"zips", rx.COMBINED)
    for name in sorted(names):
        flow.expect(step, combined[name] == parts[name], f"{name} differs from the same entry of the data or "
                                                         f"files zip", rx.COMBINED)
    try:
        inner = rx.records(json.loads(combined["metadata.json"]).get("data"))
    except (ValueError, AttributeError, KeyError, TypeError) as exc:
        raise WorkflowFailure(step, f"metadata.json does not read as the metadata document: {exc}",
                              rx.COMBINED) from None
    flow.expect(step, inner == listed, f"metadata.json lists {[r.id for r in inner]}, results/metadata "
                                       f"{[r.id for r in listed]} (or their sizes, paths or files differ)",
                rx.COMBINED)

    step = f"POST results/data?asPlainText=true {show(selection)}"
    text = rx.plain_text(flow, step, selection)
    # RS.streamComponentResultData: each non-null data then one line separator, ascending by id
    joined = b"".join(data[f"{r.entry}/data.txt"] + b"\n" for r in chosen if f"{r.entry}/data.txt" in data)
    flow.expect(step, text == joined, f"the plain-text data ({len(text)} bytes) is not the data zip's entries in "
                                      f"order, each with a line separator ({len(joined)} bytes)", PLAIN_TEXT)


def _data_lengths(content: bytes) -> tuple[int, int]:
    """What a result data's size may count: JATOS measures data with SQL's LENGTH(data) (ComponentResultDao
    .sizeByStudy), characters on H2 and bytes on MySQL; the zip holds the bytes."""
    return len(content), len(content.decode("utf-8", "replace"))


def _same_ids(step: str, operation: str, got: list[int], wanted: list[int]) -> None:
    if sorted(got) != sorted(wanted):
        missing, extra = sorted(set(wanted) - set(got)), sorted(set(got) - set(wanted))
        raise WorkflowFailure(step, f"selected {len(wanted)} component results, {operation} lists {len(got)}: "
                                    f"missing {missing[:8]}, not selected {extra[:8]}", operation)


def results_agree(flow: Flow, jatos: Dialect) -> None:
    """The result exports agree with each other, on results the target already has."""
    found = scan(flow)
    chosen = pick(found)
    if not chosen:
        raise WorkflowSkipped("no finished results visible to this token: nothing to cross-check")
    exports_agree(flow, jatos, chosen, {"componentResultIds": [r.id for r in chosen]})
    with_files = sum(1 for r in chosen if r.files)
    studies = len({r.study_id for r in chosen})
    flow.note = f"cross-checked {len(chosen)} component results ({with_files} with files) of {studies} studies"


def selectors_agree(flow: Flow, jatos: Dialect) -> None:
    """Every selector form selects the matching subset of a study's unfiltered metadata (3.9: but componentUuids,
    which 3.9 reads from the studyUuids node)."""
    found = scan(flow)
    if not found:
        raise WorkflowSkipped("no results visible to this token: no selector to cross-check")
    study, unfiltered = max(found, key=lambda pair: len(pair[1]))
    newest = max(r.id for r in unfiltered)
    by_id = {r.id: r for r in unfiltered}
    forms = [form for form in _forms(study, unfiltered, lambda r: r.id > newest)
             if jatos.component_uuids_selector or form[0] != "componentUuids"]
    for name, body, params, matches, foreign_ok in forms:
        step = f"POST results/metadata by {name}"
        listed = rx.metadata(flow, step, body, params)
        got = {r.id: r for r in listed}
        wanted = {r.id for r in unfiltered if matches(r)}
        missing = sorted(wanted - set(got))
        # a record outside the unfiltered read: another study's inside a range, or a result that arrived since
        extra = sorted(i for i, r in got.items() if i not in wanted and (i in by_id or not foreign_ok(r)))
        if missing or extra:
            raise WorkflowFailure(step, f"selector {name} ({show(body) if body else show(params)}) should select "
                                        f"{sorted(wanted)[:10]} of study {study['id']}'s results; missing "
                                        f"{missing[:8]}, not matching {extra[:8]}", rx.METADATA)
        for record in listed:
            if record.id in by_id and record.study_state in rx.FINAL_STATES:
                flow.expect(step, record == by_id[record.id],
                            f"component result {record.id} reads {show(record.__dict__)} here but "
                            f"{show(by_id[record.id].__dict__)} in the unfiltered metadata", rx.METADATA)
    flow.note = f"{len(forms)} selector forms against study {study['id']}'s {len(unfiltered)} component results"


def _forms(study: dict, unfiltered: list[rx.Record], newer) -> list[tuple]:
    """(name, body, query, which of the study's records it means, which records from beyond the unfiltered read
    it may add)."""
    first = unfiltered[0]
    ids = [r.id for r in unfiltered]
    study_results = sorted({r.study_result_id for r in unfiltered})
    never = lambda r: False  # noqa: E731 - explicit ids: nothing else may come
    forms = [
        ("studyUuids", {"studyUuids": [study.get("uuid")]}, None, lambda r: True, newer),
        ("studyIds as text", {"studyIds": str(study["id"])}, None, lambda r: True, newer),
        ("query studyId", None, {"studyId": str(study["id"])}, lambda r: True, newer),
        ("componentIds", {"componentIds": [first.component_id]}, None,
         lambda r: r.component_id == first.component_id, newer),
        ("componentUuids", {"componentUuids": [first.component_uuid]}, None,
         lambda r: r.component_uuid == first.component_uuid, newer),
        ("studyResultIds", {"studyResultIds": [first.study_result_id]}, None,
         lambda r: r.study_result_id == first.study_result_id, never),
        ("query studyResultId", None, {"studyResultId": str(first.study_result_id)},
         lambda r: r.study_result_id == first.study_result_id, never),
        ("batchIds", {"batchIds": [first.batch_id]}, None, lambda r: r.batch_id == first.batch_id, newer),
        ("componentResultIds", {"componentResultIds": ids[:2]}, None, lambda r: r.id in ids[:2], never),
        ("query componentResultId", None, {"componentResultId": [str(i) for i in ids[-2:]]},
         lambda r: r.id in ids[-2:], never),
        ("componentResultIds as text 'a, b'", {"componentResultIds": ", ".join(map(str, ids[:2]))}, None,
         lambda r: r.id in ids[:2], never),
    ]
    grouped = next((r.group_id for r in unfiltered if r.group_id is not None), None)
    if grouped is not None:
        forms.append(("groupIds", {"groupIds": [grouped]}, None, lambda r: r.group_id == grouped, newer))
    # interior ranges of a run of consecutive ids all in this study (a range touching another study's results may
    # be refused: B9), so a result on either side shows an off-by-one
    run = _longest_run(ids)
    if len(run) >= 3:
        lo, hi = run[1], run[-2]
        inside = lambda r: lo <= r.id <= hi  # noqa: E731
        forms.append((f"componentResultIds range '{lo}-{hi}'", {"componentResultIds": f"{lo}-{hi}"}, None,
                      inside, never))
    run = _longest_run(study_results)
    if len(run) >= 3:
        slo, shi = run[1], run[-2]
        within = lambda r: slo <= r.study_result_id <= shi  # noqa: E731
        forms.append((f"studyResultIds range '{slo} - {shi}'", {"studyResultIds": f"{slo} - {shi}"}, None,
                      within, never))
    return forms


def _longest_run(ids: list[int]) -> list[int]:
    """The longest run of consecutive integers in ascending `ids`."""
    best: list[int] = []
    current: list[int] = []
    for value in sorted(set(ids)):
        current = current + [value] if current and value == current[-1] + 1 else [value]
        if len(current) > len(best):
            best = current
    return best
