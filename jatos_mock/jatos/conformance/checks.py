"""JATOS's own rules for an answer, beside schemathesis's built-in checks.

Each rule is a plain function of an `Answer` (what came back for which operation) that raises AssertionError; the
engine registers them as custom checks (engine.setup), and `check_answer` applies them all to one answer of any
transport.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from jatos_mock.core.conformance.answer import Answer
from jatos_mock.jatos.v3_9.envelope import API_VERSION as API_VERSION_3_9
from jatos_mock.jatos.v3_10.envelope import API_VERSION, ERROR_CODES

# Reference B "results": zip entry names of the three zip exports (study_result_ with an underscore, sic)
_DATA_ENTRY = re.compile(r"study_result_\d+/comp-result_\d+/data\.txt")
_FILES_ENTRY = re.compile(r"study_result_\d+/comp-result_\d+/files/.*[^/]")
ZIP_LAYOUTS = {  # by operationId (3.9's contract names the data and files exports exportResultData/…Files)
    "exportResultsData": (_DATA_ENTRY,),
    "exportResultsFiles": (_FILES_ENTRY,),
    "exportResults": (_DATA_ENTRY, _FILES_ENTRY, re.compile(r"metadata\.json")),
}
ZIP_LAYOUTS.update(exportResultData=ZIP_LAYOUTS["exportResultsData"],
                   exportResultFiles=ZIP_LAYOUTS["exportResultsFiles"])
STUDY_EXPORT = "exportStudy"
STUDY_LOG = "getStudyLog"
DOWNLOADS_WITH_LENGTH = {STUDY_EXPORT}  # reference A: study export always sends Content-Length
NOT_DOWNLOADS = {"getStudyAssetsStructure"}  # JSON, though 3.9's published spec types it an octet stream (J7)


# A schema cannot say "a name no other study has": JATOS refuses a rename onto a taken name with 400 (StudyService.
# renameStudyAssetsDir, ComponentService.renameHtmlFilePath). Such a refusal of schema-valid data is the target's
# state speaking, not a contract failure.
_STATE_CONFLICT = re.compile(r"couldn't be renamed to \".*\" because it already exists\.")


def is_state_conflict(status: int | None, body: bytes) -> bool:
    if status != 400:
        return False
    try:
        message = json.loads(body)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(message, str) and bool(_STATE_CONFLICT.search(message))


def check_envelope(answer: Answer) -> None:
    """Every JSON answer of the JATOS API is wrapped in JATOS's envelope with apiVersion 1.1.0."""
    if not answer.is_json or answer.status == 204 or not answer.body:
        return
    try:
        body = json.loads(answer.body)
    except ValueError as exc:
        raise AssertionError(f"the JSON answer does not parse: {exc}") from None
    if not isinstance(body, dict):
        raise AssertionError(f"the JSON answer is a {type(body).__name__}, not JATOS's envelope object")
    if body.get("apiVersion") != API_VERSION:
        raise AssertionError(f"envelope apiVersion is {body.get('apiVersion')!r}, expected {API_VERSION!r}")
    if answer.status >= 400 and not isinstance(body.get("error"), dict):
        raise AssertionError(f"a {answer.status} answer without the envelope's `error` object")
    if answer.status < 400 and "error" in body:
        raise AssertionError(f"a {answer.status} answer carries an `error` object")


def check_error_code(answer: Answer) -> None:
    """An error answer names one of JATOS's error codes (ApiEnvelope.ErrorCode)."""
    if not answer.is_json or answer.status < 400 or not answer.body:
        return
    try:
        error = json.loads(answer.body).get("error")
    except (ValueError, AttributeError):
        return  # check_envelope reports it
    if not isinstance(error, dict):
        return
    code = error.get("code")
    if code not in ERROR_CODES:
        raise AssertionError(f"error code {code!r} is not one of JATOS's error codes")
    if not isinstance(error.get("message"), str):
        raise AssertionError("the error object has no `message` string")


def check_auth_semantics(answer: Answer) -> None:
    """No credentials on a secured operation is 401, never 403 or success. (A 400 is allowed: Play binds typed
    parameters and parses the body before the auth action runs.)"""
    if answer.secured and not answer.sent_credentials and (answer.status < 400 or answer.status == 403):
        raise AssertionError(f"a request without credentials was answered {answer.status}, expected 401")


def check_zip(answer: Answer) -> None:
    """A zip answer is a readable zip; study exports hold exactly one .jas at the root; result exports follow
    JATOS's folder layout with no directory entries."""
    if answer.status != 200 or answer.media_type != "application/zip":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(answer.body)) as archive:
            names = archive.namelist()
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise AssertionError(f"the application/zip answer is not a valid zip: {exc}") from None
    if broken is not None:
        raise AssertionError(f"zip entry {broken!r} is corrupt")
    if answer.operation_id == STUDY_EXPORT:
        jas = [n for n in names if n.endswith(".jas") and "/" not in n]
        if len(jas) != 1:
            raise AssertionError(f"a study export must hold exactly one .jas at its root, found {jas or 'none'}")
    layout = ZIP_LAYOUTS.get(answer.operation_id or "")
    if layout is not None:
        directories = [n for n in names if n.endswith("/")]
        if directories:
            raise AssertionError(f"results zip has directory entries: {directories[:3]}")
        stray = [n for n in names if not any(p.fullmatch(n) for p in layout)]
        if stray:
            raise AssertionError(f"results zip entries outside JATOS's layout: {stray[:3]}")


def check_download_headers(answer: Answer) -> None:
    """File downloads carry Content-Disposition; a study export also Content-Length matching the body."""
    if answer.status != 200 or answer.operation_id is None:
        return
    download = (answer.media_type in ("application/zip", "application/octet-stream")
                and answer.operation_id not in NOT_DOWNLOADS) or answer.operation_id == STUDY_EXPORT
    if download and "content-disposition" not in answer.headers:
        raise AssertionError(f"a {answer.media_type} download without a Content-Disposition header")
    if answer.operation_id in DOWNLOADS_WITH_LENGTH:
        length = answer.headers.get("content-length")
        if length is None:
            raise AssertionError("the study export has no Content-Length header")
        if length.isdigit() and int(length) != len(answer.body):
            raise AssertionError(f"Content-Length {length} but the body has {len(answer.body)} bytes")


def check_study_log(answer: Answer) -> None:
    """The study log streamed inline is JSON: one array (what JATOS 3.10 and 3.9 send) or JSON lines."""
    if answer.operation_id != STUDY_LOG or answer.status != 200 or \
            answer.media_type not in ("application/x-ndjson", "application/jsonline"):  # 3.10, 3.9
        return
    text = answer.body.decode("utf-8", errors="replace").strip()
    if not text:
        return
    try:
        json.loads(text)
        return
    except ValueError:
        pass
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                json.loads(line)
            except ValueError:
                raise AssertionError(f"study log line {number} is neither a JSON array nor a JSON line: "
                                     f"{line[:80]!r}") from None


# --- JATOS 3.9 (reference jatos-3.9-behaviour.md §1.2, §1.4, §1.5) -------------------------------------------------

RESULT_METADATA = "exportResultMetadata"
WRAPPED_3_9 = {"getCurrentApiToken", "getAdminStatus", "listStudyProperties", "getStudyProperties",
               "getStudyAssetsStructure", "getStudyCodes", RESULT_METADATA}  # JsonUtils.wrapForApi


def check_answer_shape_3_9(answer: Answer) -> None:
    """3.9 wraps the six endpoints of wrapForApi (and the result metadata) in `{apiVersion: 1.0.1, data}`; the
    other JSON answers (import, create) are raw, without apiVersion."""
    if answer.status >= 400 or not answer.is_json or not answer.body or answer.operation_id is None:
        return
    try:
        body = json.loads(answer.body)
    except ValueError as exc:
        raise AssertionError(f"the JSON answer does not parse: {exc}") from None
    if answer.operation_id in WRAPPED_3_9:
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        # the result metadata leaves apiVersion out for isApiCall=false (ResultStreamer)
        if keys not in (["apiVersion", "data"], ["data"] if answer.operation_id == RESULT_METADATA else None):
            raise AssertionError(f"3.9 wraps {answer.operation_id} as {{apiVersion, data}}, got keys {keys}")
        if body.get("apiVersion", API_VERSION_3_9) != API_VERSION_3_9:
            raise AssertionError(f"apiVersion is {body['apiVersion']!r}, expected {API_VERSION_3_9!r}")
    elif isinstance(body, dict) and "apiVersion" in body:
        raise AssertionError(f"3.9 answers {answer.operation_id} with raw JSON, not wrapped: {sorted(body)}")


def check_plain_text_errors(answer: Answer) -> None:
    """3.9 answers every error as text (ErrorHandler): text/plain, or an HTML page for a crash the client asked to
    see as HTML; never JSON, and no error object."""
    if answer.status < 400 or not answer.body:
        return  # a bodiless error (Play's notFound() / badRequest() without a message) is 3.9's too
    if answer.media_type not in ("text/plain", "text/html"):
        raise AssertionError(f"a {answer.status} answer as {answer.media_type or 'no Content-Type'}: 3.9 answers "
                             f"errors as plain text")


def check_auth_semantics_3_9(answer: Answer) -> None:
    """No credentials on a secured operation is never success: 3.9.8 redirects to the sign-in page (303) or, for a
    client that does not take HTML, answers 403 `Failed authentication`; its contract says 401 (the difference is a
    registered deviation). (400: Play binds first.)"""
    if not answer.secured or answer.sent_credentials:
        return
    if answer.status < 300:
        raise AssertionError(f"a request without credentials was answered {answer.status}, expected 303 to "
                             f"/jatos/signin, 401 or 403")
    if answer.status == 303 and not answer.headers.get("location", "").endswith("/jatos/signin"):
        raise AssertionError(f"the 303 for a request without credentials leads to "
                             f"{answer.headers.get('location')!r}, not /jatos/signin")


SHARED = {
    "jatos_zip": check_zip,
    "jatos_download_headers": check_download_headers,
    "jatos_study_log": check_study_log,
}
RULES = {  # JATOS 3.10
    "jatos_envelope": check_envelope,
    "jatos_error_code": check_error_code,
    "jatos_auth_semantics": check_auth_semantics,
    **SHARED,
}
RULES_3_9 = {
    "jatos39_answer_shape": check_answer_shape_3_9,
    "jatos39_plain_text_errors": check_plain_text_errors,
    "jatos39_auth_semantics": check_auth_semantics_3_9,
    **SHARED,
}
ALL_RULES = {**RULES, **RULES_3_9}  # what the engine registers; a run enables its version's


def rules_for(modern: bool) -> dict:
    """The rules of a version: 3.10's (`modern`) or 3.9's."""
    return RULES if modern else RULES_3_9


def check_answer(answer: Answer) -> list[str]:
    """All JATOS rules on one answer; the problems found as 'rule: message'."""
    problems = []
    for name, rule in RULES.items():
        try:
            rule(answer)
        except AssertionError as exc:
            problems.append(f"{name}: {exc}")
    return problems
