"""BrainSTEM's answers: dynamic-rest's envelopes and DRF's error bodies, as Flask responses."""

from urllib.parse import urlencode

from flask import Response, request

from jatos_mock.brainstem.errors import ApiError, ServerError
from jatos_mock.core.http.json_body import json_response


def detail(key: str, record: dict, status: int = 200) -> Response:
    return json_response({key: record}, status)


def listing(plural: str, records: list[dict], total: int, limit: int, offset: int, with_count: bool) -> Response:
    """`{"<plural>": [...], "meta": {...}}`, the primary list first (the official client pages on the first
    list-valued key). With BS1 also `count`, `next` and `previous` at the top level, as DRF's LimitOffsetPagination
    names them: the official Python client pages on `count`, the MATLAB one follows `next`. The keys inside `meta`
    are undocumented; ours are `total_results`, `limit` and `offset` (decision for open question 1, with BS1)."""
    body = {plural: records, "meta": {"total_results": total, "limit": limit, "offset": offset}}
    if with_count:
        body["count"] = total
        body["next"] = _page_url(offset + limit, limit) if offset + limit < total else None
        body["previous"] = _page_url(max(offset - limit, 0), limit) if offset > 0 else None
    return json_response(body)


def _page_url(offset: int, limit: int) -> str:
    args = request.args.to_dict(flat=False)
    args["limit"], args["offset"] = [str(limit)], [str(offset)]
    return f"{request.base_url}?{urlencode(args, doseq=True)}"


def no_content() -> Response:
    return Response(status=204)


def error(exc: ApiError) -> Response:
    return json_response(exc.body, exc.status, headers=exc.headers or None)


def server_error(_exc: ServerError) -> Response:
    """Django's 500 page with DEBUG off (django/views/defaults.py server_error)."""
    return Response("<h1>Server Error (500)</h1>", status=500, mimetype="text/html")
