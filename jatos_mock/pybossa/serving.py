"""What `jatos-mock serve --api pybossa` (and `pybossa-mock`) starts: settings from the command line, the app, and
what the command prints about it (the kit interface of jatos_mock/apis.py)."""

from jatos_mock.core.settings import key_values
from jatos_mock.pybossa.app import create_app
from jatos_mock.pybossa.settings import API, Settings

__all__ = ["API", "FIDELITIES", "banner", "create_app", "make_settings"]

FIDELITIES = (API, "spec")


# what `--config KEY=VALUE` may set, by the names of PyBossa's settings (pybossa/default_settings.py)
CONFIG_KEYS = {"LIMIT": ("rate_limit", int), "PER": ("rate_window_s", int), "BRAND": ("brand", str)}


def make_settings(config=(), **options) -> Settings:
    """Settings from the command line's common options (host, port, fixtures_dir, seed, fidelity, threads,
    state_file, faults) and `config`, KEY=VALUE assignments of CONFIG_KEYS (a ValueError names a bad one)."""
    return Settings(**options, **config_keys(config))


def config_keys(assignments) -> dict:
    settings = {}
    for assignment, key, value in key_values(assignments, list(CONFIG_KEYS), "PyBossa's settings"):
        name, kind = CONFIG_KEYS[key]
        try:
            settings[name] = kind(value)
        except ValueError:
            raise ValueError(f"{assignment!r}: {key} must be an integer") from None
        if kind is int and settings[name] < 1:
            raise ValueError(f"{assignment!r}: {key} must be at least 1")
    return settings


def banner(rt, url: str) -> list[str]:
    lines = [f"jatos-mock serving the PyBossa API (PyBossa {rt.version.name}, {rt.settings.fidelity} fidelity) "
             f"at {url}",
             f"  API base   {url}/api/",
             f"  contract   {url}/openapi.yaml",
             f"  API page   {url}/docs"]
    if rt.settings.state_file is not None:
        lines.append(f"  state      {rt.settings.state_file} (saved on shutdown and on POST /__mock__/state/save)")
    lines += [f"  fault      {fault}" for fault in rt.extras["faults"].describe()]
    rows = [("username", "roles", "api_key")] + [(t["username"], ",".join(t["roles"]), t["token"])
                                                  for t in rt.fixture_tokens]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines.append("Fixture users:\n" + "\n".join(("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths))).rstrip()
                                                for row in rows))
    admin = next((t["token"] for t in rt.fixture_tokens if "ADMIN" in t["roles"]), "<api key>")
    lines.append(f"Try: curl '{url}/api/project?api_key={admin}&all=1'")
    return lines
