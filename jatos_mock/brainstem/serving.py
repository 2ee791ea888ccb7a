"""What `jatos-mock serve --api brainstem` (and `brainstem-mock`) starts: the settings from the command line, the
app, and what the command prints about it (the kit interface of jatos_mock/apis.py)."""

from jatos_mock.brainstem.app import create_app
from jatos_mock.brainstem.settings import API, FIDELITIES, Settings
from jatos_mock.core.settings import key_values

__all__ = ["API", "FIDELITIES", "banner", "create_app", "make_settings"]


# what `--config KEY=VALUE` may set: BrainSTEM has no configuration file of its own; these are the mock's
# stand-ins for the browser in the device flow
CONFIG_KEYS = {"device_auto_approve": str, "device_interval": int}


def make_settings(config=(), **options) -> Settings:
    """Settings from the command line's common options (host, port, fixtures_dir, seed, fidelity, threads,
    state_file, faults) and `config`, KEY=VALUE assignments of CONFIG_KEYS (a ValueError names a bad one)."""
    return Settings(**options, **config_keys(config))


def config_keys(assignments) -> dict:
    keys = {}
    for assignment, key, value in key_values(assignments, sorted(CONFIG_KEYS), "the keys"):
        try:
            keys[key] = CONFIG_KEYS[key](value)
        except ValueError:
            raise ValueError(f"{assignment!r}: {key} must be an integer") from None
    return keys


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
