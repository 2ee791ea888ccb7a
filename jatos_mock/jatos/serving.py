"""What `jatos-mock serve --api jatos` starts: the settings from the command line, the app, and what the command
prints about it (the kit interface the command line uses; see jatos_mock/apis.py)."""

from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.domain.config import convert, parse_assignment
from jatos_mock.jatos.http import config_control
from jatos_mock.jatos.settings import API, Settings
from jatos_mock.jatos.versions import NAMES, resolve

__all__ = ["API", "FIDELITIES", "VERSIONS", "banner", "create_app", "make_settings", "resolve_version"]

FIDELITIES = (API, "spec")
VERSIONS = NAMES  # what --jatos-version takes (the default first); releases like 3.9.8 too


def make_settings(config=(), version: str | None = None, **options) -> Settings:
    """Settings from the command line's common options (host, port, fixtures_dir, seed, fidelity, threads,
    state_file, faults), `config`, KEY=VALUE assignments of conf/jatos.conf keys (a ConfigError, a ValueError,
    names a bad one and the known keys), and the JATOS version (--jatos-version, resolved by resolve_version)."""
    settings = Settings(jatos_keys=config_keys(config), **options)
    if version is not None:
        settings.version = resolve_version(version)
    return settings


def resolve_version(version: str) -> str:
    """The served version a --jatos-version value means (UnknownVersion, a ValueError, names the known ones)."""
    return resolve(version)


def config_keys(assignments) -> dict:
    """KEY=VALUE assignments -> {key: value}, each checked (a ConfigError names a bad one and the known keys)."""
    keys = {}
    for assignment in assignments:
        key, value = parse_assignment(assignment)
        convert(key, value)
        keys[key] = value
    return keys


def banner(rt, url: str) -> list[str]:
    """The lines `serve` prints once the mock listens at `url` (JATOS's routes under its jatos.urlBasePath)."""
    version = rt.version
    url += config_control.current(rt).base_path.rstrip("/")
    lines = [f"jatos-mock serving JATOS API {version.api_version} (JATOS {version.name}, {rt.settings.fidelity} "
             f"fidelity) at {url}",
             f"  API base   {url}{version.prefix}/",
             f"  contract   {url}/openapi.yaml",
             f"  API page   {url}/docs"]
    if rt.settings.state_file is not None:
        lines.append(f"  state      {rt.settings.state_file} (saved on shutdown and on POST /__mock__/state/save)")
    lines += [f"  fault      {fault}" for fault in rt.extras["faults"].describe()]
    lines.append(_token_table(rt.fixture_tokens))
    lines.append(f"Try: curl -H \"Authorization: Bearer {_first_admin_token(rt.fixture_tokens)}\" "
                 f"{url}{version.prefix}/admin/token")
    return lines


def _token_table(tokens: list[dict]) -> str:
    rows = [("username", "roles", "token")] + [(t["username"], ",".join(t["roles"]), t["token"]) for t in tokens]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    return "Fixture users:\n" + "\n".join(lines)


def _first_admin_token(tokens: list[dict]) -> str:
    admin = next((t for t in tokens if "ADMIN" in t["roles"]), tokens[0] if tokens else {"token": "<token>"})
    return admin["token"]
