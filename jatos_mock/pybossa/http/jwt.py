"""Project JWTs: the token route hands one out for the project's secret key (api/__init__.py auth_jwt_project), and
requests with an external uid must carry it as `Authorization: Bearer <jwt>` (auth/__init__.py
jwt_authorize_project; errors from auth/errcodes.py)."""

import jwt as pyjwt
from flask import request

from jatos_mock.pybossa import errors


def token_for(project) -> str:
    return pyjwt.encode({"short_name": project.short_name, "project_id": project.id}, project.secret_key,
                        algorithm="HS256")


def check(project, header: str | None) -> None:
    """Raises JwtError unless `header` is `Bearer <a JWT signed with the project's secret key for it>`."""
    if header is None:
        raise errors.JwtError(*errors.INVALID_HEADER_MISSING)
    parts = header.split()
    if not parts or parts[0].lower() != "bearer":
        raise errors.JwtError(*errors.INVALID_HEADER_BEARER)
    if len(parts) == 1:
        raise errors.JwtError(*errors.INVALID_HEADER_TOKEN)
    if len(parts) > 2:
        raise errors.JwtError(*errors.INVALID_HEADER_BEARER_TOKEN)
    try:
        data = pyjwt.decode(parts[1], project.secret_key, algorithms=["HS256"])
    except pyjwt.InvalidTokenError:
        raise errors.JwtError(*errors.DECODE_ERROR_SIGNATURE) from None
    if data.get("project_id") != project.id or data.get("short_name") != project.short_name:
        raise errors.JwtError(*errors.WRONG_PROJECT_SIGNATURE)


def require_project_jwt(project, forbidden: bool = False) -> None:
    """`forbidden`: TaskRunAPI turns a refused JWT into 403 Forbidden with the description as its message."""
    try:
        check(project, request.headers.get("Authorization"))
    except errors.JwtError as exc:
        if forbidden:
            raise errors.Forbidden(exc.description) from None
        raise
