"""JATOS 3.9's endpoints: the shared pipeline (binding, body parsing, validation) with 3.9's auth."""

from jatos_mock.jatos.http.endpoint import endpoint
from jatos_mock.jatos.v3_9 import auth

USER = ("USER",)  # @Auth without argument (3.9 knows no VIEWER)
ADMIN = ("ADMIN",)


def endpoint39(operation_id: str, roles: tuple[str, ...], **options):
    return endpoint(operation_id, roles, authenticate=auth.authenticate, **options)
