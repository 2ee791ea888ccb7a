"""Reading JATOS's result exports for the workflows: the metadata document as component-result records, and the zip
exports as {entry name: bytes}. Reference B §5.2-5.6 (RS.writeResults, JsonUtils.componentResultMetadata)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from jatos_mock.core.conformance.flow import Flow, WorkflowFailure, excerpt

METADATA = "POST /results/metadata"
DATA = "POST /results/data"
FILES = "POST /results/files"
COMBINED = "POST /results"
FINAL_STATES = ("FINISHED", "FAIL", "ABORTED")  # study results that no longer change


@dataclass(frozen=True)
class Record:
    """One component result as the metadata shows it."""

    id: int
    study_id: int
    study_result_id: int
    component_id: int
    component_uuid: str | None
    batch_id: int | None
    group_id: int | None
    study_state: str | None
    path: str
    data_size: int
    files: tuple[tuple[str, int], ...]  # (filename, size)

    @property
    def entry(self) -> str:
        """The zip folder of this result: the metadata's path without its leading slash."""
        return self.path.lstrip("/")

    @property
    def bytes(self) -> int:
        return self.data_size + sum(size for _, size in self.files)


def records(document) -> list[Record]:
    """The component results of a metadata document's `data`, ascending by id."""
    found = []
    for study in document if isinstance(document, list) else ():
        for sr in study.get("studyResults") or ():
            for cr in sr.get("componentResults") or ():
                data = cr.get("data") or {}
                found.append(Record(cr["id"], study["studyId"], sr["id"], cr.get("componentId"),
                                    cr.get("componentUuid"), sr.get("batchId"), sr.get("groupId"),
                                    sr.get("studyState"), cr.get("path") or "", data.get("size") or 0,
                                    tuple(sorted((f["filename"], f["size"]) for f in cr.get("files") or ()))))
    return sorted(found, key=lambda r: r.id)


def metadata(flow: Flow, step: str, selection: dict | None = None, params: dict | None = None) -> list[Record]:
    """POST results/metadata with a selector body (or query selectors): the records it lists."""
    kw = {"params": {"download": "false", **(params or {})}}
    if selection is not None:
        kw["json"] = selection
    return records(flow.data(step, flow.call(step, "POST", "results/metadata", (200,), METADATA, **kw)))


def metadata_document(flow: Flow, step: str, selection: dict) -> dict:
    answer = flow.call(step, "POST", "results/metadata", (200,), METADATA, params={"download": "false"},
                       json=selection)
    return answer.json()


def zip_export(flow: Flow, step: str, path: str, operation: str, selection: dict) -> dict[str, bytes]:
    """A zip export's entries: {name: bytes}."""
    answer = flow.call(step, "POST", path, (200,), operation, json=selection)
    return unzip(step, answer.body, operation)


def unzip(step: str, body: bytes, operation: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise WorkflowFailure(step, f"{operation} is not a valid zip ({exc}): {excerpt(body, 60)}", operation) \
            from None


def plain_text(flow: Flow, step: str, selection: dict) -> bytes:
    return flow.call(step, "POST", "results/data", (200,), DATA, params={"asPlainText": "true"},
                     json=selection).body


def data_entries(entries: dict[str, bytes]) -> dict[str, bytes]:
    return {name: content for name, content in entries.items() if name.endswith("/data.txt")}


def file_entries(entries: dict[str, bytes]) -> dict[str, bytes]:
    return {name: content for name, content in entries.items() if "/files/" in name}


def expected_files(chosen: list[Record]) -> dict[str, int]:
    """The files zip a selection must give: {entry name: size}."""
    return {f"{r.entry}/files/{name}": size for r in chosen for name, size in r.files}
