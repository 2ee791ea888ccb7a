"""Who is asking (core.py _api_authentication): the API key from the Authorization header (its bare value), else
from `?api_key=`; a key no user has is ignored and the request runs anonymously."""

from flask import request

from jatos_mock.pybossa.domain.access import Caller
from jatos_mock.pybossa.domain.anonymizer import anonymize
from jatos_mock.pybossa.models import State


def api_key() -> str | None:
    environ = request.environ  # the header as werkzeug's EnvironHeaders reads it
    if "HTTP_AUTHORIZATION" in environ:
        return environ["HTTP_AUTHORIZATION"]
    return _arg("api_key")


def client_ip() -> str:
    return anonymize(request.remote_addr or "127.0.0.1")


def caller(state: State) -> Caller:
    key = api_key()
    user = next((u for u in state.user.values() if u.api_key == key), None) if key else None
    return Caller(user=user, ip=client_ip(), external_uid=_arg("external_uid"))


def _arg(name: str) -> str | None:
    """request.args.get(name) without the exception MultiDict raises and catches for a missing name."""
    args = request.args
    return args[name] if name in args else None
