"""JATOS API endpoints: study codes (reference B §4)."""

from flask import Blueprint, request

from jatos_mock.core.http.reply import ok
from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import access, study_codes
from jatos_mock.jatos.http import bodies
from jatos_mock.jatos.http.bodies import RAW, field_from_json
from jatos_mock.jatos.http.endpoint import USER, VIEWER_OR_USER, Call, endpoint
from jatos_mock.jatos.http.params import Int, Long, Str

bp = Blueprint("study_codes", __name__)

_CODE_QUERY = {"batchId": Long(None), "type": Str(None), "comment": Str(None), "amount": Int(None)}
_BODY_TYPES = {"batchId": "Long", "type": "String", "comment": "String", "amount": "Integer"}


def _options(call: Call, query: dict) -> dict:
    """Query values win over the same keys of the JSON body (read only with a JSON Content-Type)."""
    body = call.parsed_json if call.has_json_body else None
    options = {}
    for name, java_type in _BODY_TYPES.items():
        if query[name] is not None:
            options[name] = query[name]
        elif isinstance(body, dict) and name in body:
            value = field_from_json(body, name, java_type)  # lenient: "5" -> 5, 5 -> "5"
            if value is None and name == "amount" and deviates("M3"):  # a null Integer unboxed: NPE
                raise errors.UnexpectedError()
            options[name] = value
        else:
            options[name] = None
    return options


def _study_codes(call: Call, id: str, query: dict):
    options = _options(call, query)  # body field errors come before the study look-up
    with call.store.write() as state:
        study = access.accessible_study(state, id, call.user, call.config)  # no lock check
        if options["batchId"] is None:
            if not study.batch_ids:  # every batch deleted (B23): study.getDefaultBatch() on an empty list
                if deviates("M10"):
                    raise errors.UnexpectedError()  # IndexOutOfBoundsException
                raise errors.NotFound("Batch doesn't exist.")
            batch = state.batches[study.batch_ids[0]]
        else:
            batch = state.batches.get(options["batchId"])
            if batch is None:
                raise errors.NotFound("Batch doesn't exist.")
            if batch.study_id != study.id and not deviates("B15"):
                raise errors.NotFound("Batch doesn't exist.")
            # BatchService.getBatchOrDefaultBatch: any batch the caller can access, not checked against {id}
            access.check_study(state.studies.get(batch.study_id), call.user, call.config)
        worker_type, amount = study_codes.check_request(options["type"], options["comment"], options["amount"])
        codes = study_codes.get_or_create(state, call.store, batch, worker_type, options["comment"], amount)
    return ok(codes)


@bp.post("/studies/<id>/studyCodes")
@endpoint("getOrCreateStudyCodes", USER, query=_CODE_QUERY)
def get_or_create_study_codes(call: Call, id: str, **query):
    return _study_codes(call, id, query)


@bp.get("/studies/<id>/studyCodes")
@endpoint("getStudyCodesDeprecated", USER, query=_CODE_QUERY)
def get_study_codes_deprecated(call: Call, id: str, **query):
    # gui.routes: the old GET route runs Api.getOrGenerateStudyCodes as POST does (B18; our contract documents it)
    return _study_codes(call, id, query)


def _json_parser_before_auth(_path_values: dict) -> None:
    """@BodyParser.Of(Json) (B14): Play refuses a non-JSON Content-Type (415) or malformed JSON (400) before auth."""
    if deviates("B14"):
        bodies.parse_before_auth(bodies.JSON, request.content_type, request.get_data(cache=True))


def _link(state, code: str, call: Call):
    link = study_codes.find_link(state, code)
    if link is None:
        raise errors.NotFound("Study code doesn't exist.")
    batch = state.batches[link.batch_id]
    access.check_study(state.studies.get(batch.study_id), call.user, call.config)  # no lock check
    return link


@bp.get("/studyCodes/<code>")
@endpoint("getStudyCode", VIEWER_OR_USER)
def get_study_code(call: Call, code: str):
    with call.store.read() as state:
        link = _link(state, code, call)
        return ok(call.views.study_code(link, study_codes.link_comment(state, link), call.config.base_path))


@bp.patch("/studyCodes/<code>")
@endpoint("toggleStudyCodeActive", USER, body=RAW, first=_json_parser_before_auth)
def toggle_study_code_active(call: Call, code: str):
    body = call.json_body()
    with call.store.write() as state:  # a 500 below rolls the toggle back, as JATOS's transaction does
        link = _link(state, code, call)
        active = field_from_json(body, "active", "Boolean")
        if active is None:
            raise errors.InvalidRequest("'active' field must be of type Boolean")
        study_codes.set_active(link, active)
        return ok(call.views.study_code(link, study_codes.link_comment(state, link), call.config.base_path))
