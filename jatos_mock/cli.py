"""The `jatos-mock` command: `serve` a local JATOS (or another API), `check` a server against the contract."""

import signal
import sys
from pathlib import Path

import click

from jatos_mock import apis


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jatos-mock")
def main():
    """Faithful mocks of the JATOS HTTP API (and the other APIs --api names), and a conformance check for real
    servers."""


@main.command()
@click.option("--api", type=click.Choice(apis.names()), default=apis.DEFAULT, show_default=True,
              help="Which API to mock.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=9000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--fixtures", "fixtures_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Fixture directory instead of the built-in one.")
@click.option("--seed", type=int, help="Seed for UUIDs, codes and tokens; also freezes the clock (reproducible).")
@click.option("--fidelity", metavar="NAME",
              help="Behave like the real server (named after the API, e.g. 'jatos'; the default), or 'spec': as its "
                   "published spec says.")
@click.option("--jatos-version", "jatos_version", metavar="VERSION",
              help="The JATOS version to behave like (with --api jatos): 3.10 (the default) or 3.9 (3.9.8); a request "
                   "may ask for another with the X-Jatos-Mock-Version header.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--state", "state_file", type=click.Path(dir_okay=False, path_type=Path),
              help="State file: loaded at start if it exists, written on shutdown and on POST /__mock__/state/save.")
@click.option("--fault", "faults", multiple=True, metavar="SPEC",
              help="Inject a fault, e.g. 'error:503@getCurrentApiToken#2', 'latency:uniform:50-300', "
                   "'ratelimit:10/60', 'drop~0.1', 'truncate@exportStudy' (repeatable).")
@click.option("--config", "config", multiple=True, metavar="KEY=VALUE",
              help="Set a key of the server's own configuration by its name, e.g. JATOS's conf/jatos.conf keys "
                   "'jatos.api.allowed=false', 'jatos.urlBasePath=/study/' (repeatable; over the fixture "
                   "directory's jatos.conf).")
def serve(api, host, port, fixtures_dir, seed, fidelity, jatos_version, threads, state_file, faults, config):
    """Start the mock server, like a local JATOS (or the API --api names)."""
    from jatos_mock.core.faults import FaultError
    from jatos_mock.core.http.runtime import EXTENSION
    from jatos_mock.core.server import MockServer, PortInUse
    from jatos_mock.core.state.fixtures import FixtureError
    from jatos_mock.core.state.state_io import StateError, save_file

    kit = apis.serving(api)
    fidelity = fidelity or kit.FIDELITIES[0]
    if fidelity not in kit.FIDELITIES:
        raise click.BadParameter(f"{fidelity!r} is not one of {', '.join(map(repr, kit.FIDELITIES))} (for --api "
                                 f"{api})", param_hint="--fidelity")
    if config and not hasattr(kit, "config_keys"):
        raise click.BadParameter(f"the {api} mock has no configuration keys", param_hint="--config")
    own = {"config": list(config)} if config else {}  # only a kit with config_keys takes them
    if jatos_version is not None:
        if not hasattr(kit, "VERSIONS") or api != "jatos":
            raise click.BadParameter(f"only for --api jatos (not {api})", param_hint="--jatos-version")
        try:
            own["version"] = kit.resolve_version(jatos_version)
        except ValueError as exc:  # the kit names the versions it knows
            raise click.BadParameter(str(exc), param_hint="--jatos-version") from None
    try:
        settings = kit.make_settings(host=host, port=port, fixtures_dir=fixtures_dir, seed=seed, fidelity=fidelity,
                                     threads=threads, state_file=state_file, faults=list(faults), **own)
    except ValueError as exc:  # the kit names an unknown key or a bad value, and the keys it knows
        raise click.BadParameter(str(exc), param_hint="--config") from None
    try:
        app = kit.create_app(settings)
        server = MockServer(app, host, port, threads)
    except (FixtureError, PortInUse, StateError) as exc:
        raise click.ClickException(str(exc)) from None
    except FaultError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault") from None
    rt = app.extensions[EXTENSION]
    for line in kit.banner(rt, server.url):
        click.echo(line)
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


def _stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt


class _CheckByApi(click.Command):
    """`check [--api NAME] OPTIONS`: `--api` (default jatos) picks the API's own check command, which parses the
    rest (`jatos-mock check --api pybossa --help` shows PyBossa's options)."""

    def parse_args(self, ctx, args):
        ctx.meta["check_api"], ctx.meta["check_args"] = _api_option(args)
        return []

    def invoke(self, ctx):
        api, args = ctx.meta["check_api"], ctx.meta["check_args"]
        if api not in apis.checkable():
            raise click.BadParameter(f"{api!r} is not one of {', '.join(map(repr, apis.checkable()))}",
                                     ctx=ctx, param_hint="--api")
        command = apis.checking(api)
        with command.make_context(ctx.info_name, args, parent=ctx.parent) as sub:
            return command.invoke(sub)


def _api_option(args: list[str]) -> tuple[str, list[str]]:
    rest, api, i = [], apis.DEFAULT, 0
    while i < len(args):
        if args[i] == "--api" and i + 1 < len(args):
            api, i = args[i + 1], i + 2
            continue
        if args[i].startswith("--api="):
            api = args[i].split("=", 1)[1]
        else:
            rest.append(args[i])
        i += 1
    return api, rest


main.add_command(_CheckByApi("check", help="Check a server against its API's contract (--api NAME, default "
                                           "jatos; the API's own options follow, see --api NAME --help).",
                             add_help_option=False))

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
