"""Files written whole (visualisations/files.py): the permissions a plain open() would give."""
from __future__ import annotations

import os
import stat

import pytest

from visualisations.files import atomic, atomic_path


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("writer", ["atomic", "atomic_path"])
def test_a_new_file_gets_0666_less_the_umask_not_a_temporary_files_0600(tmp_path, umask_022,
                                                                        writer):
    target = tmp_path / "export.graphml"
    if writer == "atomic":
        with atomic(target) as f:
            f.write("<graphml/>")
    else:
        with atomic_path(target) as p:
            p.write_text("<graphml/>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text() == "<graphml/>"


def test_a_replaced_file_keeps_its_permissions(tmp_path, umask_022):
    target = tmp_path / "page.html"
    target.write_text("old")
    target.chmod(0o640)
    with atomic(target) as f:
        f.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "export.csv"
    with pytest.raises(RuntimeError):
        with atomic(target) as f:
            f.write("half")
            raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []
