"""`jatos-mock check --api brainstem`: the BrainSTEM check against any server (the mock or a real BrainSTEM)."""

from __future__ import annotations

import sys

import click

from jatos_mock.brainstem.conformance.fuzzing import MAX_EXAMPLES


@click.command()
@click.option("--url", required=True, help="Base URL, e.g. https://www.brainstem.org or a served mock.")
@click.option("--token", required=True, envvar="BRAINSTEM_API_TOKEN", help="A personal access token.")
@click.option("--read-only", is_flag=True, help="Send only GETs (and no device login): skip the writing workflows.")
@click.option("--spec", help="Contract to check against (default: jatos-mock's brainstem-api.yaml).")
@click.option("--max-examples", type=click.IntRange(min=0), default=MAX_EXAMPLES, show_default=True,
              help="Generated requests per operation in the engine's pass (0: no engine pass).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the generated requests.")
def check(url, token, read_only, spec, max_examples, seed):
    """Check a BrainSTEM server against the contract and its documented behaviour; exit 0 when only known
    deviations failed, 1 otherwise."""
    from jatos_mock.brainstem.conformance.runner import Target, run, summary

    if not url.startswith(("http://", "https://")):
        raise click.UsageError(f"--url must start with http:// or https://, got {url!r}")
    try:
        result = run(Target(token=token, url=url), read_only=read_only, spec=spec, max_examples=max_examples,
                     seed=seed)
    except Exception as exc:  # the server could not be reached at all
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    click.echo(summary(result))
    sys.exit(result.exit_code)
