"""The public package: names, lazy imports, and no public name hidden by a submodule."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.mark.parametrize(
    "first",
    [
        "from segtext import han_runs, segment",  # the order isort and ruff give
        "from segtext import *",
        "import segtext; segtext.analyze('中文', segtext.Config(tokens=True)); from segtext import segment",
        "import segtext.segment; from segtext import segment",
    ],
)
def test_segment_stays_the_function_whatever_imported_it(first: str) -> None:
    # Each of these made `segment` the submodule: "'module' object is not callable".
    out = _run(f"{first}\nprint([t.text for t in segment('中文 text')])")
    assert out == "['中文', 'text']"  # whitespace is not a token


def test_the_submodule_is_still_importable_by_its_full_name() -> None:
    out = _run(
        "import importlib, segtext\n"
        "m = importlib.import_module('segtext.segment')\n"
        "print(type(m).__name__, callable(segtext.segment), m.segment is segtext.segment)"
    )
    assert out == "module True True"
