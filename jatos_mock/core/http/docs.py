"""The interactive API page at /docs: Swagger UI from the swagger-ui-bundle package, served by the mock (offline).

It loads /openapi.yaml (both under the API's application context, if it has one: `request.script_root`), whose first
server is relative ("/"), so "Try it out" talks to this mock on whatever host
and port it runs; the fixture users' tokens are listed on the page, each with a button that authorizes with it, to
the callers the control API answers (loopback, a Host naming the listen address) only.
"""

import html
import json

from flask import Blueprint, Response, abort, request, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from jatos_mock.core.http.control_access import refusal
from jatos_mock.core.http.runtime import runtime

bp = Blueprint("docs", __name__)

ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png",
          "favicon-16x16.png")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>jatos-mock: JATOS API</title>
  <link rel="stylesheet" href="{root}/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="{root}/docs/assets/favicon-32x32.png" sizes="32x32">
  <style>
    body {{ margin: 0; font-family: sans-serif; }}
    #fixture-tokens {{ margin: 1em auto 0; max-width: 1420px; padding: 0 20px; font-size: 14px; }}
    #fixture-tokens table {{ border-collapse: collapse; }}
    #fixture-tokens td, #fixture-tokens th {{ padding: 2px 10px; text-align: left; }}
    #fixture-tokens code {{ user-select: all; }}
  </style>
</head>
<body>
  <section id="fixture-tokens">
    <p>jatos-mock ({fidelity} fidelity). Fixture tokens: paste one into <b>Authorize</b>, or use a button.</p>
    <table>
      <tr><th>user</th><th>roles</th><th>token</th><th></th></tr>
      {rows}
    </table>
  </section>
  <div id="swagger-ui"></div>
  <script src="{root}/docs/assets/swagger-ui-bundle.js" charset="UTF-8"></script>
  <script src="{root}/docs/assets/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{root}/openapi.yaml",
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
      validatorUrl: null,
      tryItOutEnabled: false
    }});
    function useToken(token) {{ window.ui.preauthorizeApiKey("BearerAuth", token); }}
  </script>
</body>
</html>
"""


def _row(token: dict) -> str:
    value = html.escape(token["token"])
    return (f"<tr><td>{html.escape(token['username'])}</td><td>{html.escape(', '.join(token['roles']))}</td>"
            f"<td><code class=\"fixture-token\">{value}</code></td>"
            f"<td><button type=\"button\" onclick='useToken({html.escape(json.dumps(token['token']))})'>"
            f"use</button></td></tr>")


@bp.get("/docs")
@bp.get("/docs/")
def page():
    rt = runtime()
    if refusal() is None:
        rows = "\n      ".join(_row(t) for t in rt.fixture_tokens if t.get("active", True))
        rows = rows or "<tr><td colspan=4>none</td></tr>"
    else:  # a caller the control API refuses sees no tokens (GET /__mock__/tokens would refuse it too)
        rows = "<tr><td colspan=4>listed to loopback callers of the listen address only</td></tr>"
    root = html.escape(request.script_root)  # under the application context, when the API has one
    body = _PAGE.format(fidelity=html.escape(rt.profile.fidelity), rows=rows, root=root)
    return Response(body, mimetype="text/html")


@bp.get("/docs/assets/<name>")
def asset(name: str):
    if name not in ASSETS:
        abort(404)
    return send_from_directory(str(swagger_ui_path), name, max_age=3600)
