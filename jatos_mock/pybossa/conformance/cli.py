"""`jatos-mock check --api pybossa`: PyBossa's workflows against a PyBossa (the mock or a real server)."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--url", required=True, help="Base URL of the PyBossa server, e.g. http://127.0.0.1:5000")
@click.option("--api-key", required=True, envvar="PYBOSSA_API_KEY", help="API key of a user (not admin) who may "
                                                                         "create projects.")
@click.option("--admin-api-key", envvar="PYBOSSA_ADMIN_API_KEY",
              help="An admin's API key, to delete the run's project once it has results.")
@click.option("--read-only", is_flag=True, help="Send only requests that change nothing.")
def check(url, api_key, admin_api_key, read_only):
    """Check a PyBossa server: its workflows, each answer against the contract; exit 0 when all pass."""
    from jatos_mock.pybossa.conformance.workflows import FAILED, run_all

    if not url.startswith(("http://", "https://")):
        raise click.UsageError(f"--url must start with http:// or https://, got {url!r}")
    click.echo(f"Checking {url} (PyBossa){' read-only' if read_only else ''}", err=True)
    try:
        results = run_all(url, api_key, admin_api_key, read_only)
    except Exception as exc:
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for result in results:
        detail = f"{result.steps} steps" if result.status == "passed" else result.message
        click.echo(f"  {result.status:7} {result.name}: {detail}")
        for note in result.notes:
            click.echo(f"          note: {note}")
    failed = [r for r in results if r.status == FAILED]
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)
