"""The README's examples, run: an example that stops working fails the suite."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from segtext.cli import main
from segtext.cli.settings import KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = ROOT / "segtext" / "samples" / "hacked-page.txt"
HTML_PAGE = Path(__file__).resolve().parent / "data" / "html" / "title_slot.html"

_BLOCK = re.compile(
    r"(?:<!-- not run: (?P<why>[^>]*) -->\n)?^```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.DOTALL | re.MULTILINE,
)


def _blocks(lang: str) -> list[Any]:
    found = [m for m in _BLOCK.finditer(README) if m["lang"] == lang and not m["why"]]
    assert found, f"no {lang} blocks in README.md"
    return [
        pytest.param(m["body"], id=f"line{README.count(chr(10), 0, m.start()) + 1}") for m in found
    ]


def _names(tmp_path: Path) -> dict[str, Any]:
    """What the README's snippets take as given: a page, an HTML page, a dataset."""
    names: dict[str, Any] = {
        "page_text": SAMPLE.read_text(encoding="utf-8"),
        "html": HTML_PAGE.read_text(encoding="utf-8"),
    }
    datasets = pytest.importorskip("datasets", reason="datasets is installed by the test extra")
    clean = "A quiet page about the weather."
    names["ds"] = datasets.Dataset.from_dict({"text": [clean] * 3 + [names["page_text"]]})
    return names


@pytest.mark.parametrize("body", _blocks("python"))
def test_python_examples_run(
    body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever an example creates stays in here
    namespace = _names(tmp_path)
    exec(compile(body, "README.md", "exec"), namespace)
    if "ds.map(" in body:  # the datasets example: the columns are there and typed
        assert namespace["ds"]["segtext_verdict"] == ["clean"] * 3 + ["spam"]
    if "analyze(page_text)" in body:
        assert "cluster.marker" in capsys.readouterr().out


def test_the_quickstart_command_runs() -> None:
    (block,) = (
        m["body"] for m in _BLOCK.finditer(README) if "segtext check --explain" in m["body"]
    )
    command = next(line for line in block.splitlines() if "segtext check" in line)
    argv = command.split("&& ", 1)[1].split()[1:]  # after `pip install . &&`, without `segtext`
    out = io.StringIO()
    code = main([a if not a.startswith("segtext/") else str(ROOT / a) for a in argv], stdout=out)
    assert code == 0 and "SPAM" in out.getvalue() and "[[" in out.getvalue()


@pytest.mark.parametrize("body", _blocks("toml"))
def test_configuration_examples_use_known_keys(body: str) -> None:
    table = tomllib.loads(body)["tool"]["segtext"]
    assert set(table) <= set(KEYS)
