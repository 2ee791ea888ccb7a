"""Study codes (JATOS StudyLinks): get or generate them, look them up, switch them on and off, start runs.

services/gui/StudyLinkService, models/common/StudyLink, Api.getOrGenerateStudyCodes / getStudyCode /
toggleStudyCodeActive.
"""

import string

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import java_text
from jatos_mock.jatos.domain.no_html import NO_HTML_ALLOWED, has_html
from jatos_mock.jatos.domain.results import add_study_result
from jatos_mock.jatos.domain.workers import GENERAL_TYPES, PERSONAL_TYPES, add_worker, worker_type_from_alias
from jatos_mock.jatos.models import Batch, State, StudyLink, StudyResult
from jatos_mock.jatos.store import Store

CODE_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 11
MAX_AMOUNT = 1000
DEFAULT_TYPE = "PersonalSingle"  # spec fidelity only, for a request without type (M11)


def new_code(state: State, store: Store) -> str:
    """RandomStringUtils.randomAlphanumeric(11), from the store's seeded source."""
    while True:
        code = "".join(store.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in state.study_links:  # JATOS does not check; a clash is astronomically unlikely anyway
            return code


def _field_error(key: str, message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(f"Error in field '{key}' - {message}")


def check_request(type_value: str | None, comment: str | None, amount: int | None) -> tuple[str, int]:
    """StudyCodeProperties.validate then StudyLinkService's type switch; returns (worker type, amount)."""
    if type_value is None and not deviates("M11"):
        type_value = DEFAULT_TYPE  # the contract cannot require type in the query or the body: spec fidelity's default
    if type_value is None or not str(type_value).strip():
        raise _field_error("type", "Invalid type")
    worker_type = worker_type_from_alias(type_value)
    if worker_type is None:
        raise errors.ValidationFailed("Unknown type")
    if comment is not None and java_text.counted_length(comment) > 255:
        raise _field_error("comment", "Comment too long")
    if has_html(comment):
        raise _field_error("comment", NO_HTML_ALLOWED)
    amount = 1 if amount is None else amount
    personal = worker_type in PERSONAL_TYPES
    if deviates("B16"):  # StudyCodeProperties.validate: 1..1000 whatever the type
        if amount <= 0 or amount > MAX_AMOUNT:
            raise _field_error("amount", "Amount must be > 0 and <= 1000")
    elif personal and amount <= 0:
        raise _field_error("amount", "Amount must be > 0")
    elif personal and amount > MAX_AMOUNT:  # the mock's own cap, also in spec fidelity (keeps it responsive)
        raise _field_error("amount", "Amount must be > 0 and <= 1000")
    if worker_type not in PERSONAL_TYPES + GENERAL_TYPES:  # Jatos and MTSandbox parse but have no study codes
        if deviates("B17"):  # StudyLinkService: BadRequestException without a code
            raise errors.BadRequest("Unknown type")
        raise errors.ValidationFailed("Unknown type")
    return worker_type, amount


def get_or_create(state: State, store: Store, batch: Batch, worker_type: str, comment: str | None,
                  amount: int) -> list[str]:
    """Personal types: `amount` new workers with the comment, one new code each. General types and MT: the
    batch's first code of that type, created when there is none (comment and amount ignored)."""
    if worker_type in PERSONAL_TYPES:
        codes = []
        for _ in range(amount):
            worker = add_worker(state, worker_type, comment, batch_ids=[batch.id])
            batch.worker_ids.append(worker.id)
            link = StudyLink(code=new_code(state, store), batch_id=batch.id, worker_type=worker_type,
                             worker_id=worker.id)
            state.study_links[link.code] = link
            codes.append(link.code)
        return codes
    existing = next((link for link in state.study_links.values()
                     if link.batch_id == batch.id and link.worker_type == worker_type), None)
    if existing is None:
        existing = StudyLink(code=new_code(state, store), batch_id=batch.id, worker_type=worker_type)
        state.study_links[existing.code] = existing
    return [existing.code]


def find_link(state: State, code: str) -> StudyLink | None:
    """Exact code first; JATOS's databases compare case-insensitively, so fall back to that."""
    link = state.study_links.get(code)
    if link is None:
        wanted = code.lower()
        link = next((lk for c, lk in state.study_links.items() if c.lower() == wanted), None)
    return link


def link_comment(state: State, link: StudyLink) -> str | None:
    """The worker's comment. JsonUtils.getStudyLinkData reads it through link.getWorker(), which is null for
    GeneralSingle, GeneralMultiple and MT links: an NPE (500) in JATOS."""
    if link.worker_id is None:
        if deviates("B13"):
            raise errors.UnexpectedError()
        return None
    worker = state.workers.get(link.worker_id)
    return worker.comment if worker is not None else None


def set_active(link: StudyLink, active: bool) -> StudyLink:
    link.active = active
    return link


def start_study_run(state: State, store: Store, code: str) -> StudyResult:
    """A participant opens the study with `code`: a STARTED StudyResult of the code's worker, batch and code.

    Personal codes run as their own worker (so results metadata shows its comment); general and MT codes get a
    fresh worker of their type per run (publix GeneralSingle/GeneralMultiple/MT worker creation).
    """
    link = find_link(state, code)
    if link is None:
        raise errors.NotFound("Study code doesn't exist.")
    if not link.active:
        raise errors.Forbidden("This study link is inactive")
    batch = state.batches[link.batch_id]
    if link.worker_id is not None:
        worker = state.workers[link.worker_id]
    else:
        worker = add_worker(state, link.worker_type, batch_ids=[batch.id])
        batch.worker_ids.append(worker.id)
    now = store.now()
    result = add_study_result(state, store.new_uuid(), batch.study_id, batch.id, worker.id, study_code=link.code,
                              start_date=now, last_seen_date=now)
    result.state = "STARTED"
    return result


# --- the publix OpenAI proxy's gate (OpenAiProxy.proxy), for runs started with study codes ---

RUNNING_STATES = ("PRE", "STARTED", "DATA_RETRIEVED")  # StudyResultDao.isStudyRunning


class CallLimitReached(errors.JatosError):
    """jatos.openai.callLimit reached: 429 OPENAI_ERROR."""

    code = "OPENAI_ERROR"


def check_openai_call(state: State, config, study_result_uuid: str) -> StudyResult:
    """Checks, in JATOS's order, that a proxy call may go out (allowed, study running, under the call limit)."""
    if not config.openai_allowed:
        raise errors.Forbidden("OpenAI API is not allowed", code="OPENAI_ERROR")
    wanted = study_result_uuid.strip().lower()
    result = next((r for r in state.study_results.values()
                   if r.uuid.lower() == wanted and r.state in RUNNING_STATES), None)
    if result is None:
        raise errors.Forbidden("Study not running", code="OPENAI_ERROR")
    limit = config.openai_call_limit
    if limit >= 0 and result.open_ai_api_count >= limit:  # -1: unlimited, 0: every call refused
        raise CallLimitReached("OpenAI API call limit reached")
    return result


def count_openai_call(state: State, config, study_result_uuid: str) -> StudyResult:
    """check_openai_call, then the call is counted (before the upstream call: failed calls count too)."""
    result = check_openai_call(state, config, study_result_uuid)
    result.open_ai_api_count += 1
    return result
