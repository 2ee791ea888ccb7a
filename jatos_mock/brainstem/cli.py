"""The `brainstem-mock` command: `jatos-mock serve --api brainstem` under a name of its own."""

import sys


def main():
    from jatos_mock.cli import serve

    serve.main(args=["--api", "brainstem", *sys.argv[1:]], prog_name="brainstem-mock")
