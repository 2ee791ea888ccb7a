"""The `jatos-mock` command: `serve` a local JATOS, `check` a server against the contract."""

import signal
import sys
from pathlib import Path

import click

from jatos_mock.jatos.conformance.cli import check
from jatos_mock.jatos.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jatos-mock")
def main():
    """A faithful mock of the JATOS HTTP API, and a conformance check for real JATOS servers."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=9000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--fixtures", "fixtures_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Fixture directory instead of the built-in one.")
@click.option("--seed", type=int, help="Seed for UUIDs, codes and tokens; also freezes the clock (reproducible).")
@click.option("--fidelity", type=click.Choice(["jatos", "spec"]), default="jatos", show_default=True,
              help="Behave like real JATOS 3.10, or as its published spec says.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--state", "state_file", type=click.Path(dir_okay=False, path_type=Path),
              help="State file: loaded at start if it exists, written on shutdown and on POST /__mock__/state/save.")
@click.option("--fault", "faults", multiple=True, metavar="SPEC",
              help="Inject a fault, e.g. 'error:503@getCurrentApiToken#2', 'latency:uniform:50-300', "
                   "'ratelimit:10/60', 'drop~0.1', 'truncate@exportStudy' (repeatable).")
@click.option("--config", "config", multiple=True, metavar="KEY=VALUE",
              help="Set a key of JATOS's conf/jatos.conf, e.g. 'jatos.api.allowed=false', "
                   "'jatos.urlBasePath=/study/' (repeatable; over the fixture directory's jatos.conf).")
def serve(host, port, fixtures_dir, seed, fidelity, threads, state_file, faults, config):
    """Start the mock server, like a local JATOS."""
    from jatos_mock.core.faults import FaultError
    from jatos_mock.core.server import MockServer, PortInUse
    from jatos_mock.jatos.app import create_app
    from jatos_mock.jatos.domain.config import ConfigError
    from jatos_mock.jatos.domain.fixtures import FixtureError
    from jatos_mock.jatos.domain.state_io import StateError, save_file
    from jatos_mock.jatos.http import config_control

    settings = Settings(host=host, port=port, fixtures_dir=fixtures_dir, seed=seed, fidelity=fidelity,
                        threads=threads, state_file=state_file, faults=list(faults), jatos_keys=_config_keys(config))
    try:
        app = create_app(settings)
        server = MockServer(app, host, port, threads)
    except (FixtureError, PortInUse, StateError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from None
    except FaultError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault") from None
    rt = app.extensions["jatos_mock"]
    version = rt.version
    root = server.url + config_control.current(rt).url_base_path.rstrip("/")  # where JATOS's routes are
    click.echo(f"jatos-mock serving JATOS API {version.api_version} (JATOS {version.name}, {fidelity} fidelity) "
               f"at {root}")
    click.echo(f"  API base   {root}{version.prefix}/")
    click.echo(f"  contract   {root}/openapi.yaml")
    click.echo(f"  API page   {root}/docs")
    if state_file is not None:
        click.echo(f"  state      {state_file} (saved on shutdown and on POST /__mock__/state/save)")
    for fault in rt.extras["faults"].describe():
        click.echo(f"  fault      {fault}")
    click.echo(_token_table(rt.fixture_tokens))
    click.echo(f"Try: curl -H \"Authorization: Bearer {_first_admin_token(rt.fixture_tokens)}\" "
               f"{root}{version.prefix}/admin/token")
    click.echo("Press Ctrl-C to stop.")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # a clean stop, so the state file gets written
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if state_file is not None:
            try:
                save_file(rt.store, state_file)
                click.echo(f"State saved to {state_file}.")
            except OSError as exc:
                click.echo(f"Error: state not saved to {state_file}: {exc.strerror or exc}", err=True)
        click.echo("jatos-mock stopped.")


def _config_keys(assignments) -> dict:
    """The --config values by key (a bad key or value is a usage error naming the known keys)."""
    from jatos_mock.jatos.domain.config import ConfigError, convert, parse_assignment

    keys = {}
    try:
        for assignment in assignments:
            key, value = parse_assignment(assignment)
            convert(key, value)
            keys[key] = value
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--config") from None
    return keys


def _stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt


def _token_table(tokens: list[dict]) -> str:
    rows = [("username", "roles", "token")] + [(t["username"], ",".join(t["roles"]), t["token"]) for t in tokens]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    return "Fixture users:\n" + "\n".join(lines)


def _first_admin_token(tokens: list[dict]) -> str:
    admin = next((t for t in tokens if "ADMIN" in t["roles"]), tokens[0] if tokens else {"token": "<token>"})
    return admin["token"]


main.add_command(check)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
