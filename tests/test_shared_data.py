"""The shared-data rule (conftest.shared_data_path): missing data fails in CI, skips elsewhere."""
import pytest

import conftest


def test_missing_shared_data_fails_in_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must not skip: shared data missing"):
        conftest.shared_data_path("gias-2022", "links.csv")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="shared data missing"):
        conftest.shared_data_path("gias-2022", "links.csv")
    (tmp_path / "data" / "la").mkdir(parents=True)
    assert conftest.shared_data_path("la") == tmp_path / "data" / "la"
