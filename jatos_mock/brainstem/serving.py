"""What `jatos-mock serve --api brainstem` (and `brainstem-mock`) starts: the settings from the command line, the
app, and what the command prints about it (the kit interface of jatos_mock/apis.py)."""

from jatos_mock.brainstem.app import create_app
from jatos_mock.brainstem.settings import API, FIDELITIES, Settings

__all__ = ["API", "FIDELITIES", "banner", "create_app", "make_settings"]


def make_settings(**options) -> Settings:
    """Settings from the command line's common options (host, port, fixtures_dir, seed, fidelity, threads,
    state_file, faults)."""
    return Settings(**options)


def banner(rt, url: str) -> list[str]:
    lines = [f"jatos-mock serving the BrainSTEM API (docs of {rt.version.name}, {rt.settings.fidelity} fidelity) "
             f"at {url}",
             f"  API base   {url}/api/{{private,public}}/{{app}}/{{model}}/",
             f"  contract   {url}/openapi.yaml",
             f"  API page   {url}/docs",
             "  device login: approve with POST /__mock__/device-logins/<code>/approve {\"username\": ...}"]
    if rt.settings.state_file is not None:
        lines.append(f"  state      {rt.settings.state_file} (saved on shutdown and on POST /__mock__/state/save)")
    lines += [f"  fault      {fault}" for fault in rt.extras["faults"].describe()]
    rows = [("username", "email", "password", "token")] + [
        (t["username"], t["email"], t["password"], t["token"]) for t in rt.fixture_tokens]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines.append("Fixture users:")
    lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    first = rt.fixture_tokens[0]["token"] if rt.fixture_tokens else "<token>"
    lines.append(f"Try: curl -H \"Authorization: Bearer {first}\" {url}/api/private/stem/project/")
    return lines
