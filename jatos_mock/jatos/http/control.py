"""JATOS's own control calls under /__mock__/ (beside the core's, see core/http/control.py): minting a token for any
user, and seeding study results (optionally as runs of a study code)."""

import base64
import binascii

from jatos_mock.core.http.control import control_blueprint, json_body, problem
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import runtime
from jatos_mock.jatos.domain import api_tokens
from jatos_mock.jatos.domain.result_seeding import SeedError, add_results
from jatos_mock.jatos.domain.users import find_by_username

bp = control_blueprint("jatos_control")


# --- tokens ---------------------------------------------------------------------------------------------------------

@bp.post("/tokens")
def mint_token():
    """A new real token for any user, stored as a hash like every JATOS token; its value is shown only here."""
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("username"), str):
        return problem("expected {\"username\": ..., \"expires\": seconds or null, \"name\": ...}")
    expires = body.get("expires")
    if expires is not None and (not isinstance(expires, int) or isinstance(expires, bool)):
        return problem("'expires' must be seconds (an integer) or null")
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        return problem("'name' must be a string")
    store = runtime().store
    with store.write() as state:
        user = find_by_username(state, body["username"])
        if user is None:
            return problem(f"no user {body['username']!r}", 404)
        token, value = api_tokens.mint(state, user, name, store.now(), expires, source=store.token_rng)
    return json_response({"id": token.id, "username": user.username, "name": name, "token": value,
                          "creationDate": token.creation_date, "expires": expires}, 201)


# --- seeding results ------------------------------------------------------------------------------------------------

@bp.post("/results")
def seed_results():
    """{"study": id or UUID, "count": 1, "data": "text" | null, "dataBase64": "...", "state": "FINISHED",
    "workerType": "GeneralMultiple", "studyCode": "..."} -> {"ids": [...]} (see add_results)."""
    body = json_body()
    allowed = {"study", "count", "data", "dataBase64", "state", "workerType", "studyCode"}
    if not isinstance(body, dict) or "study" not in body or not set(body) <= allowed:
        return problem(f"expected a JSON object with 'study' and any of {', '.join(sorted(allowed - {'study'}))}")
    for key in ("data", "dataBase64", "state", "workerType", "studyCode"):
        if body.get(key) is not None and not isinstance(body[key], str):
            return problem(f"'{key}' must be a string")
    if "dataBase64" in body:
        try:
            data = base64.b64decode(body["dataBase64"], validate=True)
        except (binascii.Error, TypeError):
            return problem("'dataBase64' is not valid base64")
    else:
        data = body.get("data", "{}")
        data = data.encode("utf-8", "surrogatepass") if data is not None else None
    try:
        ids = add_results(runtime().store, body["study"], count=body.get("count", 1), data=data,
                          state=body.get("state") or "FINISHED", worker_type=body.get("workerType"),
                          study_code=body.get("studyCode"))
    except SeedError as exc:
        return problem(f"results not added: {exc}", exc.status)
    return json_response({"ids": ids}, 201)
