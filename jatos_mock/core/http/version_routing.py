"""Routing by the request's version: every version the app serves has a route table of its own (its blueprint's
rules plus the routes every version shares: control API, docs, ...), and a request is routed in its version's table.

The version is known before Flask routes (from the app's profile, or the request's version header), so the
choice is made where Flask binds its URL map to the request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Flask, Request
from werkzeug.routing import Map, MapAdapter

from jatos_mock.core.http.runtime import EXTENSION

VERSION_HEADER = "X-Jatos-Mock-Version"  # lets one request ask for another version the app serves


class VersionedFlask(Flask):
    """A Flask app whose requests are routed in the route table of their version (see `split_routes`)."""

    version_maps: dict[str, Map | Callable[[], Map]]  # a version's table, or how to build it on first use

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync: dict = {}  # function -> what ensure_sync gives for it

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        maps = getattr(self, "version_maps", None)
        if request is None or not maps:
            return super().create_url_adapter(request)
        rt = self.extensions[EXTENSION]
        wanted = request.headers.get(VERSION_HEADER) or rt.profile.version
        table = maps.get(wanted)
        if table is None:  # an unknown version is answered by the pipeline; route it in the default table
            return super().create_url_adapter(request)
        if not isinstance(table, Map):  # built once, when a request first asks for the version (two may race:
            table = maps[wanted] = table()  # both build the same table, one is kept)
        return table.bind_to_environ(request.environ, server_name=self.config["SERVER_NAME"],
                                     subdomain=self.url_map.default_subdomain or "")

    def ensure_sync(self, func):
        """Flask asks `inspect.iscoroutinefunction` for every hook and view of every request; the answer for one
        function never changes, so it is asked once."""
        known = self._sync.get(func)
        if known is None:
            known = self._sync[func] = super().ensure_sync(func)
        return known


def split_routes(app: VersionedFlask, blueprints: dict[str, str], default: str) -> None:
    """After every blueprint is registered: `blueprints` names each version's parent blueprint. The app's own map
    keeps the default version's routes and the shared ones; every version gets a map of its own."""
    owner = {bp: version for version, bp in blueprints.items()}
    old = app.url_map

    def table(version: str) -> Map:
        # the rules keep their order: Flask answers HEAD with the first matching rule
        rules = [rule.empty() for rule in old.iter_rules()
                 if owner.get(rule.endpoint.split(".", 1)[0], version) == version]
        return Map(rules, default_subdomain=old.default_subdomain, strict_slashes=old.strict_slashes,
                   merge_slashes=old.merge_slashes, redirect_defaults=old.redirect_defaults,
                   converters=old.converters, sort_parameters=old.sort_parameters, sort_key=old.sort_key,
                   host_matching=old.host_matching)

    # the default version's table now; another's when a request or a test first asks for it (each costs ~40 ms)
    app.version_maps = {version: functools.partial(table, version) for version in blueprints}
    app.url_map = app.version_maps[default] = table(default)
