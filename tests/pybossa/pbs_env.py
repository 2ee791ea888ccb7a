"""pybossa-pbs 3.0.0 pins Click<7.1, which conflicts with ours: it runs from a virtual environment of its own,
created once and cached (JATOS_MOCK_PBS_VENV, default ~/.cache/jatos-mock/pybossa-pbs-3.0.0). Where it cannot be
created (no package index), the tests that need it skip with the reason."""

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

PBS = "pybossa-pbs==3.0.0"


def venv_dir() -> Path:
    default = Path.home() / ".cache" / "jatos-mock" / "pybossa-pbs-3.0.0"
    return Path(os.environ.get("JATOS_MOCK_PBS_VENV", default))


def pbs_command() -> tuple[Path | None, str]:
    """The pbs executable (creating the environment if it is missing), or None and why not. Parallel test workers
    wait for the one that builds it (a lock file beside it)."""
    target = venv_dir()
    pbs = target / "bin" / "pbs"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if pbs.exists():
            return pbs, ""
        shutil.rmtree(target, ignore_errors=True)  # a half-built one from an interrupted run
        try:
            subprocess.run([sys.executable, "-m", "venv", str(target)], check=True, capture_output=True, timeout=300)
            done = subprocess.run([str(target / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", PBS],
                                  capture_output=True, text=True, timeout=900)
        except (subprocess.SubprocessError, OSError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            return None, f"cannot create the environment for {PBS}: {exc}"
        if done.returncode != 0 or not pbs.exists():
            shutil.rmtree(target, ignore_errors=True)
            return None, f"cannot install {PBS} into its own environment: {done.stderr.strip()[-300:]}"
    return pbs, ""
