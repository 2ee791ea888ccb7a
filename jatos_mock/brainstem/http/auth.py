"""The token routes (reference §3): the device flow, the JWT pair and its refresh, the legacy `/api/token/`.

The JWT routes and `/api/token/` are served as the October 2025 docs describe them, although the April 2026 docs
dropped them (decision for open question 5, BS6: whether the live server keeps them is unknown; the older clients
need them)."""

from flask import request

from jatos_mock.brainstem.deviations import deviates
from jatos_mock.brainstem.domain import device_login, records, tokens
from jatos_mock.brainstem.domain import fields as F
from jatos_mock.brainstem.errors import ApiError, ValidationError
from jatos_mock.brainstem.http.endpoint import Call, endpoint
from jatos_mock.core.http.json_body import json_response


def _strings(body, *names) -> list[str]:
    """The named string fields of a body, or DRF's field errors (CharField: required, not blank)."""
    body = records.body_object(body)
    errors = {}
    for name in names:
        value = body.get(name)
        if value is None:
            errors[name] = [F.REQUIRED if name not in body else F.NULL]
        elif not isinstance(value, str) or not value.strip():
            errors[name] = [F.BLANK]
    if errors:
        raise ValidationError(errors)
    return [body[name] for name in names]


def _auto_approve_user(state, call: Call) -> int | None:
    name = call.settings.device_auto_approve
    if not name:
        return None
    return next((a.user_id for a in state.accounts.values() if a.username == name), None)


@endpoint("startDeviceLogin")
def start_device_login(call: Call):
    body = call.body()
    client_name = body.get("client_name", "") if isinstance(body, dict) else ""
    with call.store.write() as state:
        answer = device_login.start(state, call.store, str(client_name or ""), request.host_url.rstrip("/"),
                                    call.settings.device_interval)
    return json_response(answer)


@endpoint("pollDeviceLogin")
def poll_device_login(call: Call):
    (device_code,) = _strings(call.body(), "device_code")
    with call.store.write() as state:
        answer = device_login.poll(state, call.store, device_code, _auto_approve_user(state, call))
    return json_response(answer)  # every poll is 200, pending or not (docs)


def _account(state, email: str, password: str):
    account = state.account_by_email(email)
    return account if account is not None and account.password == password else None


@endpoint("obtainTokenPair")
def obtain_token_pair(call: Call):
    email, password = _strings(call.body(), "email", "password")
    with call.store.write() as state:
        account = _account(state, email, password)
        if account is None:  # simplejwt TokenObtainPairView's answer
            raise ApiError({"detail": "No active account found with the given credentials"}, 401)
        return json_response(tokens.mint_pair(state, call.store, account.user_id))


@endpoint("refreshTokenPair")
def refresh_token_pair(call: Call):
    (refresh,) = _strings(call.body(), "refresh")
    with call.store.write() as state:
        return json_response(tokens.rotate(state, call.store, refresh))


@endpoint("obtainLegacyToken")
def obtain_legacy_token(call: Call):
    """`POST /api/token/` with username (an email) and password -> a personal access token. The docs of Oct 2025
    answer it as `access`; older clients (PY 0.x, MATLAB before 2025-10) read `token` (BS4 adds it)."""
    username, password = _strings(call.body(), "username", "password")
    with call.store.write() as state:
        account = _account(state, username, password)
        if account is None:  # rest_framework/authtoken/serializers.py AuthTokenSerializer
            raise ValidationError({"non_field_errors": ["Unable to log in with provided credentials."]})
        token = tokens.mint_pat(state, call.store, account.user_id, name="api/token")
        number = sum(1 for t in state.tokens.values() if t.kind == "pat")
    answer = {"access": token.key, "token_id": number, "message": "Token created successfully"}
    if deviates("BS4"):
        answer["token"] = token.key
    return json_response(answer)
