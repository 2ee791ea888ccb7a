"""`pybossa-mock`: `jatos-mock serve --api pybossa` under a name of its own (same options)."""

import sys

from jatos_mock.cli import serve


def main() -> None:
    args = sys.argv[1:]
    if any(a == "--api" or a.startswith("--api=") for a in args):
        sys.exit("pybossa-mock: --api is fixed to pybossa (use jatos-mock serve --api NAME for the others)")
    serve.main(args=["--api", "pybossa", *args], prog_name="pybossa-mock")
