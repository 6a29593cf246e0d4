"""Every JSON record the command line writes, checked against the shipped JSON Schema."""

from __future__ import annotations

import importlib.resources
import io
import json
from pathlib import Path
from typing import Any

import pytest

from segtext import inputs
from segtext.cli import commands, main
from segtext.output import SCHEMA_VERSION

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is installed by the test extra")

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA.parent.parent / "segtext" / "samples" / "hacked-page.txt"
HTML_PAGE = DATA / "html" / "title_slot.html"
SPAM = "标题\r\n免费毛片在线观看|亚洲无码视频专区|国产成人精品网站\r\n"


def _schema() -> dict[str, Any]:
    text = importlib.resources.files("segtext").joinpath("record.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _records(argv: list[str], stdin: bytes = b"") -> list[dict[str, Any]]:
    out = io.StringIO()
    main(argv, stdout=out, stderr=io.StringIO(), stdin=io.BytesIO(stdin))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _valid(records: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    assert records
    for rec in records:
        errors = sorted(validator.iter_errors(rec), key=str)
        assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"
        assert rec.get("schema_version", SCHEMA_VERSION) == SCHEMA_VERSION


def test_the_schema_is_itself_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())


@pytest.mark.parametrize("command", ["check", "clean", "split", "segment"])
def test_records_of_text_and_html_inputs_match_the_schema(command: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    recs = _records([command, "--format", "json", str(SAMPLE), str(HTML_PAGE), missing])
    _valid(recs)
    if command == "check":
        text, page = recs
        assert set(text) | {"html"} == set(page)  # one shape, HTML details in their own key
        assert page["html"]["findings"][0]["part"] == "title"


def test_batch_records_match_the_schema(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    page = HTML_PAGE.read_text(encoding="utf-8")
    lines = [{"id": 1, "text": SPAM}, {"id": 2, "html": page}, {"id": 3, "text": 5}]
    src.write_text("".join(json.dumps(r) + "\n" for r in lines) + "{bad\n", encoding="utf-8")
    recs = _records(["check", "-j", "1", "-q", str(src), str(tmp_path / "none.jsonl")])
    _valid(recs)
    assert [r.get("id") for r in recs] == [1, 2, 3, None, None]
    assert recs[2]["error"].endswith("'text' is an int, not a string")


@pytest.mark.parametrize("command", ["check", "clean", "split", "segment"])
def test_streamed_records_match_the_schema(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "STREAM_BYTES", 200)
    monkeypatch.setattr(commands, "WINDOW_CHARS", 100)
    text = ("A quiet line of news about the weather.\n\n" * 8 + SPAM) * 3
    (rec,) = _records([command, "--format", "json", "-"], text.encode("utf-8"))
    _valid([rec])
    assert rec["meta"]["streamed"] is True
    if command == "check":
        # The third copy's run: 3 x (8 news lines of 40 + 8 blank + 2 + ...) lines in.
        last = rec["spam"][-1]
        assert text[last["start"] : last["end"]].startswith("免费毛片")
        assert (last["line"], last["col"]) == (3 * 18, 1)


def test_findings_give_start_and_end_line_and_column() -> None:
    (rec,) = _records(["check", "--format", "json", "-"], SPAM.encode("utf-8-sig"))
    (f,) = rec["spam"]
    # Line 2 from col 1: 3 titles of 8 characters and 2 bars, so 26 characters.
    assert (f["start"], f["end"]) == (4, 30)
    assert (f["line"], f["col"], f["end_line"], f["end_col"]) == (2, 1, 2, 27)
    (page,) = _records(["check", "--format", "json", str(HTML_PAGE)])
    (f,) = page["spam"]
    # The <title> on line 5: 24 characters of text after the 7 of "<title>".
    assert (f["line"], f["col"], f["end_line"], f["end_col"]) == (5, 8, 5, 32)


def test_model_findings_and_near_misses_match_the_schema(tmp_path: Path) -> None:
    # A line only the learned model flags (kind "lines"), and a page whose
    # model line falls below the threshold (near misses, with --explain).
    flagged = tmp_path / "flagged.txt"
    flagged.write_text(
        "slot gacor hari ini situs judi online terpercaya daftar sekarang\n", "utf-8"
    )
    near = tmp_path / "near.txt"
    near.write_text("judi slot hari ini\n\nThe council met on Tuesday.\n", "utf-8")
    recs = _records(["check", "--explain", "--format", "json", str(flagged), str(near)])
    _valid(recs)
    assert recs[0]["spam"][0]["kind"] == "lines"
    assert recs[1]["spam"] == [] and recs[1]["near_misses"]
