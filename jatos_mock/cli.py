"""The `jatos-mock` command: `serve` a local JATOS, `check` a server against the contract."""

import sys
from pathlib import Path

import click

from jatos_mock.settings import Settings


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
def serve(host, port, fixtures_dir, seed, fidelity, threads):
    """Start the mock server, like a local JATOS."""
    from jatos_mock.app import create_app
    from jatos_mock.domain.fixtures import FixtureError
    from jatos_mock.server import MockServer, PortInUse

    settings = Settings(host=host, port=port, fixtures_dir=fixtures_dir, seed=seed, fidelity=fidelity,
                        threads=threads)
    try:
        app = create_app(settings)
        server = MockServer(app, host, port, threads)
    except (FixtureError, PortInUse) as exc:
        raise click.ClickException(str(exc)) from None
    rt = app.extensions["jatos_mock"]
    click.echo(f"jatos-mock serving JATOS API 1.1.0 (JATOS 3.10, {fidelity} fidelity) at {server.url}")
    click.echo(f"  API base   {server.url}/jatos/api/v1/")
    click.echo(f"  contract   {server.url}/openapi.yaml")
    click.echo(_token_table(rt.fixture_tokens))
    click.echo(f"Try: curl -H \"Authorization: Bearer {_first_admin_token(rt.fixture_tokens)}\" "
               f"{server.url}/jatos/api/v1/admin/token")
    click.echo("Press Ctrl-C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        click.echo("jatos-mock stopped.")


def _token_table(tokens: list[dict]) -> str:
    rows = [("username", "roles", "token")] + [(t["username"], ",".join(t["roles"]), t["token"]) for t in tokens]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
    return "Fixture users:\n" + "\n".join(lines)


def _first_admin_token(tokens: list[dict]) -> str:
    admin = next((t for t in tokens if "ADMIN" in t["roles"]), tokens[0] if tokens else {"token": "<token>"})
    return admin["token"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
