"""The suite's own rules (tests/conftest.py): third-party data in CI and outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import conftest


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_shared_data_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(conftest, "CASES", tmp_path / "none")
    # At collection: a parametrized test must not get an empty set in silence.
    with pytest.raises(pytest.fail.Exception, match=r"labels\.json is missing; CI must have"):
        conftest.case_labels()
    with pytest.raises(pytest.fail.Exception, match=r"01\.txt is missing; CI must have"):
        conftest.need_shared(tmp_path / "none" / "01.txt")


@pytest.mark.parametrize("ci", ["", "false", "0"])
def test_missing_shared_data_skips_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(conftest, "CASES", tmp_path / "none")
    assert conftest.case_labels() == {}
    with pytest.raises(pytest.skip.Exception):
        conftest.need_shared(tmp_path / "none" / "01.txt")
