"""Result exports (services/gui/ResultStreamer): the metadata document, zip archives and plain-text data.

Two steps, so the store lock is never held while bytes flow: `plan()` copies what an export needs out of the state
(ids, blob keys, sizes, the metadata document), then `zip_chunks()` / `text_chunks()` stream it from the blob store,
which is immutable. A zip is written incrementally through a small write-through sink; memory stays flat.
"""

import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jatos_mock.core.state.blobs import BlobStore
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.models import ComponentResult, State, Study, StudyResult

API_VERSION = "1.1.0"  # Common.jatosApiVersion
COMBINED, DATA_ONLY, FILES_ONLY = "COMBINED", "DATA_ONLY", "FILES_ONLY"
LINE_SEPARATOR = b"\n"  # System.lineSeparator() on Linux
FLUSH_AT = 1 << 16


# --- formatting rules ---------------------------------------------------------------------------------------------

def human_readable(size: int) -> str:
    """Helpers.humanReadableByteCount: SI units, one decimal, e.g. '999 B', '1.5 kB', '3.4 MB'."""
    if -1000 < size < 1000:
        return f"{size} B"
    units = iter("kMGTPE")
    unit = next(units)
    while size <= -999_950 or size >= 999_950:
        size = int(size / 1000)  # Java long division truncates toward zero
        unit = next(units)
    scaled = size / 1000.0
    text = f"{abs(scaled) + 1e-12:.1f}"  # Java's %.1f rounds half up
    return f"{'-' if scaled < 0 else ''}{text} {unit}B"


def duration(start: int | None, end: int | None) -> str | None:
    """JsonUtils duration: 'HH:mm:ss', or 'D:HH:mm:ss' from one day on; null without both dates."""
    if start is None or end is None:
        return None
    seconds = max(0, (end - start) // 1000)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days}:{clock}" if days else clock


def result_path(study_result_id: int, component_result_id: int) -> str:
    """IOUtils.getResultsPathForZip: underscore form, no leading slash (metadata `path` adds one)."""
    return f"study_result_{study_result_id}/comp-result_{component_result_id}"


def timestamp(now_ms: int) -> str:
    """Helpers.getDateTimeYyyyMMddHHmmss, taken from the store clock (UTC)."""
    return datetime.fromtimestamp(now_ms / 1000, UTC).strftime("%Y%m%d%H%M%S")


# --- planning (under the store lock) ------------------------------------------------------------------------------

@dataclass
class Entry:
    """One component result as an export needs it."""

    study_result_id: int
    component_result_id: int
    data_blob: str | None
    data_size: int
    files: list[tuple[str, str, int]] = field(default_factory=list)  # (relative path, blob, size)

    @property
    def path(self) -> str:
        return result_path(self.study_result_id, self.component_result_id)


@dataclass
class StudyPart:
    study: Study
    accessible: bool
    entries: list[Entry] = field(default_factory=list)


Runs = list[tuple[StudyResult, list[ComponentResult]]]  # a study result with its component results


def grouped(state: State, cr_ids: Iterable[int]) -> list[tuple[Study, Runs]]:
    """Selected component results grouped study -> study result -> component result, all ascending by id."""
    by_study: dict[int, dict[int, list[ComponentResult]]] = {}
    for cr_id in sorted(set(cr_ids)):
        cr = state.component_results.get(cr_id)
        sr = state.study_results.get(cr.study_result_id) if cr else None
        if sr is None or sr.study_id not in state.studies:
            continue
        by_study.setdefault(sr.study_id, {}).setdefault(sr.id, []).append(cr)
    return [(state.studies[study_id], [(state.study_results[sr_id], crs) for sr_id, crs in sorted(srs.items())])
            for study_id, srs in sorted(by_study.items())]


def plan(state: State, cr_ids: Iterable[int], can_access: Callable[[Study], bool]) -> list[StudyPart]:
    parts = []
    for study, study_results in grouped(state, cr_ids):
        part = StudyPart(study, can_access(study))
        for sr, crs in study_results:
            for cr in crs:
                files = sorted((name, f.blob, f.size) for name, f in cr.files.items())
                part.entries.append(Entry(sr.id, cr.id, cr.data_blob, cr.data_size, files))
        parts.append(part)
    return parts


def exportable(parts: list[StudyPart], stop_at_inaccessible: bool) -> tuple[list[StudyPart], bool]:
    """The parts that get written and whether the export is complete.

    JATOS checks access inside the stream and stops at the first inaccessible study (RS.writeResults); the spec
    leaves inaccessible results out instead.
    """
    if stop_at_inaccessible:
        for index, part in enumerate(parts):
            if not part.accessible:
                return parts[:index], False
        return parts, True
    return [p for p in parts if p.accessible], True


# --- the metadata document (RS.writeResultMetadata, JsonUtils.studyResultMetadata/componentResultMetadata) --------

class _Once:
    """Asks `deviates` once per document, and only when the quirk is about to matter."""

    def __init__(self, switch):
        self.switch = switch  # e.g. lambda: deviates("B29")
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = self.switch()
        return self.value


def metadata_document(state: State, cr_ids: Iterable[int], with_api_version: bool = True,
                      studies: set[int] | None = None, api_version: str = API_VERSION, real: bool | None = None,
                      quota: bool = True, runs: list[tuple[Study, Runs]] | None = None) -> dict:
    """{apiVersion, data: [study…]}; `studies` limits the document to those study ids. `real`: True shows the
    server's quirks whatever the registry says (JATOS 3.9, whose contract does not describe them); None: as the
    registry says. `quota` False: without isQuotaReached (JATOS 3.9.7 and older). `runs`: `grouped(state, cr_ids)`
    when the caller has it already."""
    filename_quirk = _Once(lambda: deviates("B29") if real is None else real)
    null_code = _Once(lambda: deviates("B28") if real is None else real)
    data = []
    for study, study_results in runs if runs is not None else grouped(state, cr_ids):
        if studies is not None and study.id not in studies:
            continue
        data.append({"studyId": study.id, "studyUuid": study.uuid, "studyTitle": study.title,
                     "studyResults": [_study_result_metadata(state, sr, crs, filename_quirk, null_code, quota)
                                      for sr, crs in study_results]})
    return {"apiVersion": api_version, "data": data} if with_api_version else {"data": data}


def _study_result_metadata(state: State, sr: StudyResult, crs: list[ComponentResult], filename_quirk,
                           null_code, quota: bool = True) -> dict:
    worker = state.workers.get(sr.worker_id)
    batch = state.batches.get(sr.batch_id)
    study_code = sr.study_code
    if study_code is None and not null_code:
        study_code = ""  # the spec requires a string
    node = {"id": sr.id, "uuid": sr.uuid, "studyCode": study_code}
    if worker is not None and worker.comment:
        node["comment"] = worker.comment
    node.update({"startDate": sr.start_date, "endDate": sr.end_date, "duration": duration(sr.start_date, sr.end_date),
                 "lastSeenDate": sr.last_seen_date, "studyState": sr.state})
    if sr.message:
        node["message"] = sr.message
    if sr.url_query_parameters:
        node["urlQueryParameters"] = dict(sr.url_query_parameters)
    group_id = sr.active_group_id if sr.active_group_id is not None else sr.history_group_id
    node.update({"workerId": sr.worker_id, "workerType": worker.worker_type if worker else None,
                 "batchId": sr.batch_id, "batchUuid": batch.uuid if batch else None,
                 "batchTitle": batch.title if batch else None, "groupId": group_id})
    if sr.confirmation_code is not None:
        node["confirmationCode"] = sr.confirmation_code
    if quota:
        node["isQuotaReached"] = sr.quota_reached
    node["componentResults"] = [_component_result_metadata(state, sr, cr, filename_quirk, quota) for cr in crs]
    return node


def _component_result_metadata(state: State, sr: StudyResult, cr: ComponentResult, filename_quirk,
                               quota: bool = True) -> dict:
    component = state.components.get(cr.component_id)
    data = {"size": cr.data_size, "sizeHumanReadable": human_readable(cr.data_size)}
    # JsonUtils.componentResultMetadata adds the file name only when the size is 0 (B29); the spec: when applicable
    if (cr.data_size == 0) if filename_quirk else (cr.data_blob is not None):
        data["filename"] = "data.txt"
    files = [{"filename": name, "size": f.size, "sizeHumanReadable": human_readable(f.size)}
             for name, f in sorted(cr.files.items())]
    node = {"id": cr.id, "componentId": cr.component_id, "componentUuid": component.uuid if component else None,
            "startDate": cr.start_date, "endDate": cr.end_date, "duration": duration(cr.start_date, cr.end_date),
            "componentState": cr.state, "path": "/" + result_path(sr.id, cr.id), "data": data, "files": files}
    if quota:
        node["isQuotaReached"] = cr.quota_reached
    return node


def dump_json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- streaming ----------------------------------------------------------------------------------------------------

class _Sink:
    """A write-only, unseekable file for ZipFile: it keeps what was written until the generator takes it."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0
        self.pending = 0

    def write(self, data) -> int:
        data = bytes(data)
        self._chunks.append(data)
        self._position += len(data)
        self.pending += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def seek(self, *_args):
        raise OSError("not seekable")

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.pending = 0
        return data


def zip_chunks(parts: list[StudyPart], mode: str, blobs: BlobStore, now_ms: int,
               metadata: bytes | None = None) -> Iterator[bytes]:
    """The zip of `parts` in JATOS's layout (RS.writeResults), yielded in chunks of about 64 kB."""
    sink = _Sink()
    stamp = datetime.fromtimestamp(now_ms / 1000, UTC).timetuple()[:6]
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED)
    try:
        for part in parts:
            for entry in part.entries:
                if mode in (COMBINED, FILES_ONLY):
                    for name, blob, size in entry.files:
                        yield from _write_blob(archive, sink, f"{entry.path}/files/{name}", blob, size, blobs, stamp)
                if mode in (COMBINED, DATA_ONLY) and entry.data_blob is not None:
                    yield from _write_blob(archive, sink, f"{entry.path}/data.txt", entry.data_blob, entry.data_size,
                                           blobs, stamp)
        if metadata is not None:
            info = zipfile.ZipInfo("metadata.json", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, metadata)
    finally:
        archive.close()
    yield sink.take()


def _write_blob(archive: zipfile.ZipFile, sink: _Sink, name: str, blob: str, size: int, blobs: BlobStore,
                stamp) -> Iterator[bytes]:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = size
    with archive.open(info, "w") as out:
        for chunk in blobs.iter_chunks(blob):
            out.write(chunk)
            if sink.pending >= FLUSH_AT:
                yield sink.take()
    if sink.pending >= FLUSH_AT:
        yield sink.take()


def text_chunks(entries: list[tuple[str | None, int]], blobs: BlobStore) -> Iterator[bytes]:
    """RS.streamComponentResultData: each result's data then one line separator; null data gives nothing."""
    buffer, pending = [], 0
    for blob, _size in entries:
        if blob is None:
            continue
        for chunk in blobs.iter_chunks(blob):
            buffer.append(chunk)
            pending += len(chunk)
        buffer.append(LINE_SEPARATOR)
        pending += 1
        if pending >= FLUSH_AT:
            yield b"".join(buffer)
            buffer, pending = [], 0
    if buffer:
        yield b"".join(buffer)
