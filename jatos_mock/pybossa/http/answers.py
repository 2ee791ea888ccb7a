"""PyBossa's answers: JSON as Python's json.dumps writes it (", " and ": ", ASCII escapes, key order kept), the
error object (pybossa/error/__init__.py), the JWT errors' {code, description}, JSONP (util.jsonpify), and the
answers of routing misses (core.py setup_error_handlers, util.handle_content_type)."""

import json

from flask import Response, request

from jatos_mock.pybossa import errors

NOT_FOUND_PAGE_TITLE = "PYBOSSA - PyBossa by Scifabric"


def dumps(value) -> str:
    return json.dumps(value)


def json_answer(value, status: int = 200, headers: dict | None = None) -> Response:
    # content_type: what mimetype="application/json" resolves to (no charset), without resolving it each time
    response = Response(dumps(value), status=status, content_type="application/json", headers=headers)
    response.json_document = value  # response validation reads this instead of parsing the bytes again
    return response


def error_object(exc: errors.PybossaError, target: str, action: str) -> Response:
    """ErrorStatus.format_exception: key order action, status, status_code, target, exception_cls, exception_msg."""
    body = {"action": action.upper(), "status": "failed", "status_code": exc.status, "target": target,
            "exception_cls": exc.exception_cls, "exception_msg": str(exc.message)}
    return json_answer(body, exc.status)


def jwt_error(exc: errors.JwtError) -> Response:
    return json_answer({"code": exc.code, "description": exc.description}, 401)  # auth.handle_error: jsonify


def jsonp(response: Response) -> Response:
    """util.jsonpify: `callback(<str of the body bytes>)`, whatever the status, as application/javascript 200."""
    args = request.args
    callback = args["callback"] if "callback" in args else None  # .get raises and catches a KeyError when absent
    if not callback:
        return response
    return Response(f"{callback}({response.get_data()!r})", mimetype="application/javascript")


def wants_json() -> bool:
    """util.handle_content_type: JSON when the request says Content-Type application/json, or response_format."""
    return request.headers.get("Content-Type") == "application/json" or \
        request.args.get("response_format") == "json"


def not_found_page() -> Response:
    """The theme's 404 page, or its JSON form."""
    if wants_json():
        return json_answer({"code": 404, "description": errors.NOT_FOUND_TEXT, "template": "404.html"}, 404)
    html = (f"<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n    \n"
            f"    <title>{NOT_FOUND_PAGE_TITLE}</title>\n  </head>\n  <body>\n    <h1>404 Not Found</h1>\n"
            f"    <p>{errors.NOT_FOUND_TEXT}</p>\n  </body>\n</html>\n")
    return Response(html, status=404, mimetype="text/html")


def method_not_allowed_page(allowed) -> Response:
    """werkzeug's own 405 page (PyBossa registers no handler for it), with the Allow header."""
    html = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>405 Method Not Allowed</title>\n'
            f"<h1>Method Not Allowed</h1>\n<p>{errors.METHOD_NOT_ALLOWED_TEXT}</p>\n")
    return Response(html, status=405, mimetype="text/html", headers={"Allow": ", ".join(allowed)})
