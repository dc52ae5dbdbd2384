"""scripts/find-python, which README command 1 and .ci/run both use, on fake machines.

Each machine is a PATH of stub commands: a pyenv shim that answers "command not found", a
python3 that is 3.11, a pyenv versions directory, a uv that knows an interpreter, or nothing.
The stubs that stand for a good Python run this test's own interpreter (>= 3.12 by pyproject).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FINDER = Path(__file__).resolve().parents[1] / "scripts" / "find-python"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")


def stub(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


def good_python(path: Path) -> Path:
    return stub(path, f'exec "{sys.executable}" "$@"')


def old_python(path: Path) -> Path:
    """Answers the version probe as Python 3.11 would (and fails anything else)."""
    return stub(path, 'case "$2" in *version_info*) echo 311; exit 0;; esac; exit 1')


def shim(path: Path) -> Path:
    """What a pyenv shim prints when its version is not the global one."""
    name = path.name
    return stub(path, f'echo "pyenv: {name}: command not found" >&2; exit 127')


def run(tmp_path: Path, *args: str, pyenv_root: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": str(tmp_path / "bin"), "HOME": str(tmp_path / "home")}
    if pyenv_root:
        env["PYENV_ROOT"] = str(pyenv_root)
    (tmp_path / "bin").mkdir(exist_ok=True)
    return subprocess.run(["/bin/sh", str(FINDER), *args], env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def trap(tmp_path):
    """The machine of issue 14: python3 is 3.11, python3.12 and python3.13 are failing shims."""
    bin_ = tmp_path / "bin"
    shim(bin_ / "python3.12")
    shim(bin_ / "python3.13")
    old_python(bin_ / "python3")
    return tmp_path


def test_skips_a_failing_shim_and_finds_pyenv(trap):
    root = trap / "pyenv"
    old_python(root / "versions" / "3.11.7" / "bin" / "python3")
    good = good_python(root / "versions" / "3.13.0" / "bin" / "python3")
    p = run(trap, pyenv_root=root)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(good)


def test_default_pyenv_root_is_under_home(trap):
    good = good_python(trap / "home" / ".pyenv" / "versions" / "3.12.1" / "bin" / "python3")
    p = run(trap)
    assert p.returncode == 0 and p.stdout.strip() == str(good), p.stderr


def test_asks_uv_when_nothing_else(trap):
    good = good_python(trap / "uv-python" / "bin" / "python3.13")
    stub(trap / "bin" / "uv", f'[ "$1 $2" = "python find" ] && echo "{good}" && exit 0; exit 2')
    p = run(trap)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(good)


def test_prefers_a_working_python_on_path(trap):
    root = trap / "pyenv"
    good_python(root / "versions" / "3.13.0" / "bin" / "python3")
    on_path = good_python(trap / "bin" / "python3.14")
    p = run(trap, pyenv_root=root)
    assert p.returncode == 0 and p.stdout.strip() == str(on_path), p.stderr


def test_nothing_found_says_how_to_get_one_in_one_line(trap):
    p = run(trap, "-m", "venv", str(trap / "venv"), pyenv_root=trap / "no-pyenv")
    assert p.returncode == 1
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "no Python >= 3.12" in lines[0] and "uv python install" in lines[0]
    assert "pyenv install" in lines[0]
    assert not (trap / "venv").exists()


def test_runs_the_found_python_with_the_arguments(trap):
    root = trap / "pyenv"
    good_python(root / "versions" / "3.12.1" / "bin" / "python3")
    p = run(trap, "-c", "import sys; print(sys.version_info >= (3, 12))", pyenv_root=root)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "True"
    assert "using" in p.stderr


def test_ci_and_readme_use_the_finder():
    root = FINDER.parent.parent
    assert os.access(FINDER, os.X_OK)
    assert "scripts/find-python" in (root / ".ci" / "run").read_text()
    readme = (root / "README.md").read_text()
    assert "scripts/find-python -m venv .venv && .venv/bin/pip install -e . && .venv/bin/govgraph demo" in readme
