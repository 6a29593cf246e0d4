"""Project configuration: found from the current directory upwards, options win."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from segtext.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "segtext" / "samples" / "hacked-page.txt"
# The sample's one finding scores below 10 (cluster.marker: 1 + 0.02 per item).
HIGH = 10


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    code = main(argv, stdout=io.StringIO(), stderr=err, stdin=io.BytesIO(b""))
    return code, err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose pyproject.toml raises the threshold; the run starts in a subfolder."""
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.segtext]\nthreshold = {HIGH}\n', encoding="utf-8"
    )
    (tmp_path / "pages" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "pages" / "deep")
    return tmp_path


def test_the_sample_is_spam_without_a_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["check", "-q", str(SAMPLE)])[0] == 1


def test_pyproject_tool_segtext_is_found_from_a_subfolder(project: Path) -> None:
    assert run(["check", "-q", str(SAMPLE)])[0] == 0  # score below the configured 10


def test_the_command_line_takes_precedence(project: Path) -> None:
    assert run(["check", "-q", "--threshold", "1", str(SAMPLE)])[0] == 1


def test_isolated_reads_no_configuration(project: Path) -> None:
    assert run(["check", "-q", "--isolated", str(SAMPLE)])[0] == 1


def test_segtext_toml_wins_over_a_pyproject_further_up(project: Path) -> None:
    (project / "pages" / "segtext.toml").write_text("threshold = 1.0\n", encoding="utf-8")
    assert run(["check", "-q", str(SAMPLE)])[0] == 1


def test_config_names_the_file_and_paths_are_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "extra.tsv").write_text("蜘蛛池模板\tseo\t2\n", encoding="utf-8")
    (conf / "segtext.toml").write_text(
        f'threshold = {HIGH}\nlexicons = ["extra.tsv"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)  # conf/ is not on the way up: only --config finds it
    assert run(["check", "-q", str(SAMPLE)])[0] == 1
    assert run(["check", "-q", "--config", str(conf / "segtext.toml"), str(SAMPLE)]) == (0, "")
    missing = tmp_path / "bad.toml"
    missing.write_text('lexicons = ["nope.tsv"]\n', encoding="utf-8")
    code, err = run(["check", "--config", str(missing), str(SAMPLE)])
    assert code == 2 and "nope.tsv: no such file" in err and str(missing) in err


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("treshold = 2\n", "unknown key 'treshold'"),
        ("threshold = true\n", "threshold must be a number"),
        ('lexicons = "one.tsv"\n', "lexicons must be a list"),
        ("threshold = [\n", "not valid TOML"),
    ],
)
def test_a_bad_configuration_is_exit_2_naming_the_file(
    body: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "segtext.toml").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, err = run(["check", str(SAMPLE)])
    assert code == 2 and says in err and "segtext.toml" in err
