"""JATOS 3.10's JSON views of the entities (JsonUtils, Jackson view JsonForApi), key order as JATOS writes them.

Another API version gets its own views module; handlers pick views through the runtime, not by import.
"""

import json

from jatos_mock.domain.auth import expiration_date, is_expired
from jatos_mock.domain.models import ApiToken, State, User


def parsed_input(text: str | None):
    """Input fields are stored as JSON strings and rendered as the JSON value they hold (JsonUtils.*AsJsonForApi)."""
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def user(u: User) -> dict:
    return {"username": u.username, "id": u.id, "name": u.name, "email": u.email, "authMethod": u.auth_method,
            "lastSeen": u.last_seen, "active": u.active, "roles": list(u.roles), "lastSignin": u.last_signin}


def token_metadata(state: State, t: ApiToken, now_ms: int) -> dict:
    owner = state.users[t.user_id]
    return {"id": t.id, "name": t.name, "creationDate": t.creation_date, "active": t.active,
            "expiresAfter": t.expires, "username": owner.username, "userId": owner.id,
            "expirationDate": expiration_date(t), "isExpired": is_expired(t, now_ms), "roles": list(owner.roles)}
