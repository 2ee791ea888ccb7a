"""JATOS 3.9's study codes (Api.getStudyCodes → StudyLinkService.getStudyCodes of 3.9.8): GET only, `type` required,
any batch id taken (an unknown one fails with an NPE), personal codes without an upper bound."""

from flask import Blueprint

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import assets, java_text, study_codes
from jatos_mock.jatos.domain.no_html import NO_HTML_ALLOWED, has_html
from jatos_mock.jatos.domain.workers import GENERAL_TYPES, PERSONAL_TYPES, worker_type_from_alias
from jatos_mock.jatos.http.params import Int, Long, Str
from jatos_mock.jatos.v3_9 import lookups
from jatos_mock.jatos.v3_9.endpoint import USER, endpoint39

bp = Blueprint("study_codes39", __name__)

QUERY = {"type": Str(), "batchId": Long(None), "comment": Str(None), "amount": Int(1)}
MOCK_MAX_AMOUNT = 100_000  # JATOS has no bound; the mock stops here to stay responsive (see README)


@bp.get("/studies/<id>/studyCodes")
@endpoint39("getStudyCodes", USER, query=QUERY)
def get_study_codes(call, id: str, type: str, batchId: int | None, comment: str | None, amount: int):  # noqa: A002,N803
    if comment is not None:
        try:
            comment = assets.java_url_decode(comment)  # Helpers.urlDecode once more
        except ValueError:
            raise errors.UnexpectedError() from None
    with call.store.write() as state:
        study = lookups.study(state, id, call.user, call.config)  # neither lock nor batch settings are checked
        if batchId is None:
            batch = state.batches[study.batch_ids[0]] if study.batch_ids else None
        else:
            batch = state.batches.get(batchId)  # a batch of another study is taken too
        if batch is None:  # NPE on the missing batch (J22); the document's answer: no such batch
            raise errors.UnexpectedError() if deviates("J22") else errors.NotFound(f"Couldn't find batch with ID "
                                                                                    f"{batchId}")
        worker_type = worker_type_from_alias(type)
        if worker_type not in PERSONAL_TYPES + GENERAL_TYPES:  # Jatos and MTSandbox parse, but have no study codes
            raise errors.BadRequest("Unknown worker type")
        if comment is not None and java_text.counted_length(comment) > 255:
            raise errors.BadRequest("Comment too long")
        if has_html(comment):
            raise errors.BadRequest(NO_HTML_ALLOWED)
        amount = max(amount, 1)
        if amount > MOCK_MAX_AMOUNT:
            raise errors.BadRequest(f"jatos-mock creates at most {MOCK_MAX_AMOUNT} study codes per request")
        return ok(study_codes.get_or_create(state, call.store, batch, worker_type, comment, amount))
