"""`jatos-mock check`: the conformance suite against any JATOS (the mock or a real server)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


class _NeedsCheckExtra(click.Command):
    """Before parsing the options (so even a bare `jatos-mock check` says it): without the `check` extra, one line
    naming it, exit 2; `--help` still works."""

    def parse_args(self, ctx, args):
        if not any(arg in ("-h", "--help") for arg in args):
            from jatos_mock.core.conformance.engine import MissingExtra, require

            try:
                require()
            except MissingExtra as exc:
                click.echo(f"error: {exc}", err=True)
                ctx.exit(2)
        return super().parse_args(ctx, args)


@click.command(cls=_NeedsCheckExtra)
@click.option("--url", required=True, help="Base URL of the JATOS server, e.g. https://jatos.example.org")
@click.option("--token", required=True, envvar="JATOS_TOKEN", help="API token (jap_...) used for the requests.")
@click.option("--admin-token", envvar="JATOS_ADMIN_TOKEN", help="Token for admin-only operations (default: --token).")
@click.option("--spec", help="Contract to check against: a path or URL (default: jatos-mock's jatos-api.yaml); "
                             "a server's own /openapi.yaml works too.")
@click.option("--read-only", is_flag=True, help="Send only requests that change nothing (GET, HEAD, result exports).")
@click.option("--baseline", "baseline_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Known deviations (YAML/JSON: operation, check, deviation); default: the deviations registry.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the run's failures as a baseline file (to accept them next time).")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write a JUnit XML report here.")
@click.option("--max-examples", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16))
@click.option("--operation", "operations", multiple=True, help="Limit to these operationIds (repeatable).")
@click.option("--workflows/--no-workflows", "with_workflows", default=None,
              help="Run the workflows before the schemathesis run, with --token: every write followed by the read "
                   "that shows its effect, and cross-checks of exports, selectors, assets, study logs and lists "
                   "(default: yes, unless --operation limits the run); --read-only runs only the cross-checks.")
@click.option("--existing-ids/--no-existing-ids", default=True, show_default=True,
              help="First discover one existing study, component and batch (GET studies/properties) and check "
                   "the read-only operations on them (GET, HEAD only), so their success answers are checked too.")
@click.option("--own-study", is_flag=True,
              help="Also import a small study for the run and send every operation on a study, component or "
                   "batch (writes and deletes included) to it, then delete it; ignored with --read-only.")
@click.option("--jatos-version", "jatos_version", metavar="VERSION",
              help="The server's JATOS version: 3.10, 3.9 (= 3.9.8), 3.9.7 or 3.9.6 (= 3.9.1-3.9.6), or a release "
                   "(default: from the apiVersion GET admin/token answers: 1.1.0 is 3.10, 1.0.1 is 3.9). It picks "
                   "the contract, the checks and the workflows.")
@click.option("--contract/--no-contract", "contract", default=None,
              help="Check every operation against the contract with generated requests (default: yes; for "
                   "3.9.1-3.9.6 only when asked: the 3.9 contract has three routes they lack).")
@click.option("-v", "--verbose", is_flag=True, help="Longer failure messages.")
def check(url, token, admin_token, spec, read_only, baseline_file, write_baseline, junit, max_examples, seed,
          workers, operations, with_workflows, existing_ids, own_study, jatos_version, contract, verbose):
    """Check a JATOS server against the contract; exit 0 when only known deviations failed, 1 otherwise."""
    from jatos_mock.jatos.conformance import baseline as baselines
    from jatos_mock.jatos.conformance import report
    from jatos_mock.jatos.conformance.config import contract_for
    from jatos_mock.jatos.conformance.runner import Options, Target, run, sweeps

    try:
        known = baselines.load(baseline_file) if baseline_file else None
    except baselines.BaselineError as exc:
        raise click.UsageError(str(exc)) from None
    if not url.startswith(("http://", "https://")):
        raise click.UsageError(f"--url must start with http:// or https://, got {url!r}")
    if spec and not spec.startswith(("http://", "https://")) and not Path(spec).is_file():
        raise click.UsageError(f"--spec {spec!r}: no such file")
    for option, path in (("--junit", junit), ("--write-baseline", write_baseline)):
        if path is not None and not path.resolve().parent.is_dir():
            raise click.UsageError(f"{option} {str(path)!r}: directory {str(path.resolve().parent)!r} does not exist")
    _preflight(url, token, admin_token)
    jatos = _version(url, token, jatos_version)
    options = Options(spec=spec, read_only=read_only, baseline=known, max_examples=max_examples, seed=seed,
                      workers=workers, operations=tuple(operations) or None,
                      workflows=not operations if with_workflows is None else with_workflows,
                      existing_ids=existing_ids, own_study=own_study, version=jatos.name, contract=contract)
    click.echo(f"Checking {url} (JATOS {jatos.name}) against "
               + (f"{spec or contract_for(jatos).name}, max {max_examples} examples, seed {seed}"
                  if sweeps(options, jatos)
                  else "its workflows (no contract sweep)") + (" (read-only)" if read_only else ""), err=True)
    progress = {"n": 0}

    def on_progress(phase, label, status):
        progress["n"] += 1
        click.echo(f"  [{progress['n']:4}] {phase:9} {status:8} {label}", err=True)

    try:
        result = run(Target(token=token, url=url, admin_token=admin_token), options, on_progress)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except Exception as exc:  # the spec or the server could not be reached at all
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    click.echo(report.summary(result, verbose=verbose))
    if junit:
        report.junit(result, junit)
        click.echo(f"JUnit report: {junit}")
    if write_baseline:
        entries = [baselines.Known(f.operation, f.check, ",".join(f.deviations) or "NEW", f.title)
                   for op in result.operations.values() for f in op.findings]
        baselines.dump(entries, write_baseline)
        click.echo(f"Baseline written: {write_baseline} ({len(entries)} entries)")
    sys.exit(result.exit_code)


def _version(url, token, jatos_version):
    """The server's version: --jatos-version, else the one its apiVersion names; a usage error for a version
    jatos-mock does not know."""
    from jatos_mock.core.conformance.transport import HttpSeam
    from jatos_mock.jatos.conformance import dialects
    from jatos_mock.jatos.versions import UnknownVersion

    try:
        if jatos_version is not None:
            return dialects.for_version(jatos_version)
    except UnknownVersion as exc:
        raise click.BadParameter(str(exc), param_hint="--jatos-version") from None
    try:
        return dialects.detect(HttpSeam(url, token))
    except UnknownVersion as exc:
        raise click.UsageError(str(exc)) from None


def _preflight(url, token, admin_token) -> None:
    """Exit 2 when a token does not authenticate (a wrong token would pass: every 401 is a valid answer)."""
    import requests

    from jatos_mock.jatos.conformance.preflight import TokenRefused, check_token

    for option, value in (("--token", token), ("--admin-token", admin_token)):
        if not value:
            continue
        try:
            warning = check_token(url, value, option)
        except TokenRefused as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except requests.RequestException as exc:
            click.echo(f"error: cannot reach {url}: {type(exc).__name__}: {exc}", err=True)
            sys.exit(1)
        if warning:
            click.echo(warning, err=True)
