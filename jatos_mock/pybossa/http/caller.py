"""Who is asking (core.py _api_authentication): the API key from the Authorization header (its bare value), else
from `?api_key=`; a key no user has is ignored and the request runs anonymously."""

from flask import request

from jatos_mock.pybossa.domain.access import Caller
from jatos_mock.pybossa.domain.anonymizer import anonymize
from jatos_mock.pybossa.models import State


def api_key() -> str | None:
    if "Authorization" in request.headers:
        return request.headers.get("Authorization")
    return request.args.get("api_key")


def client_ip() -> str:
    return anonymize(request.remote_addr or "127.0.0.1")


def caller(state: State) -> Caller:
    key = api_key()
    user = next((u for u in state.user.values() if u.api_key == key), None) if key else None
    return Caller(user=user, ip=client_ip(), external_uid=request.args.get("external_uid"))
