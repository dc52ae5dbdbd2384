"""The command line's modules import in any order (a notebook may import one on its own)."""
import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["cli", "cli_gias", "cli_people", "cli_reports", "cli_viz",
                                    "clihelpers", "demo", "output"])
def test_each_cli_module_imports_first(module):
    p = subprocess.run([sys.executable, "-c", f"import govgraph.{module}; "
                        "from govgraph.cli import main; print(sorted(main.commands))"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-1500:]
    assert "'report'" in p.stdout and "'viz'" in p.stdout, p.stdout
