"""What `jatos-mock serve --api pybossa` (and `pybossa-mock`) starts: settings from the command line, the app, and
what the command prints about it (the kit interface of jatos_mock/apis.py)."""

from jatos_mock.pybossa.app import create_app
from jatos_mock.pybossa.settings import API, Settings

__all__ = ["API", "FIDELITIES", "banner", "create_app", "make_settings"]

FIDELITIES = (API, "spec")


def make_settings(**options) -> Settings:
    """Settings from the command line's common options (host, port, fixtures_dir, seed, fidelity, threads,
    state_file, faults); the port defaults to PyBossa's development port when none is given."""
    return Settings(**options)


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
