"""JATOS's answers without a body: Play's `noContent()`, `notFound()` and `redirect(...)` carry no entity, so they
are sent without a Content-Type (Flask's Response would add text/html; charset=utf-8)."""

from flask import Response


class Bodiless(Response):
    default_mimetype = None  # Werkzeug sets no Content-Type when neither mimetype nor content_type is given


def redirect(location: str) -> Response:
    """Play's `redirect(url)`: 303 See Other with the Location and nothing else."""
    return Bodiless(status=303, headers={"Location": location})
