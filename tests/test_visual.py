"""The HTML report (issue 13): escaping, offsets, lang/dir, streaming, the command.

The report is parsed back with the standard library's HTML parser (a small
tree of the elements the tests look at), so these tests need no browser;
``test_visual_browser.py`` checks the same report in a real Chromium.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from segtext import Config, SpamConfig, analyze
from segtext.cli import main
from segtext.html import analyze_html
from segtext.visual import (
    DEFAULT_MAX_PAGES,
    Page,
    ReportWriter,
    escape_attr,
    escape_text,
    render_page,
    write_report,
)
from tests.conftest import SEED, need_shared

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "segtext" / "samples" / "hacked-page.txt"
HTML_DATA = ROOT / "tests" / "data" / "html"

ARTICLE = (
    "The city opened a new cycling path on Sunday, linking the old town with the business"
    " district in a ride of about twenty minutes.\n"
)
SPAM_RUN = "一级毛片 | 亚洲欧美 | 午夜影院 | 制服丝袜 | 东京热 | 百家乐 | 六合彩"
#: Hostile strings: markup, a script and its end tag, a comment opener, attribute
#: breakers, a character reference, CR, NUL and a lone surrogate.
HOSTILE = (
    "<script>alert(1)</script>",
    "<script>window.__pwned=1;alert(1)</script>",
    "</script>",
    "<!--",
    '"><img/src=x/onerror=alert(1)>',
    "'&amp;",
    "\r\0\ud800",
)
_TITLES = ("一级毛片", "亚洲欧美", "午夜影院", "制服丝袜", "东京热", "百家乐", "六合彩", "偷拍")


def hostile_page() -> str:
    """A page whose spider-pool footer has the hostile strings as titles of its own."""
    items = [x for pair in zip(_TITLES, (*HOSTILE, "x"), strict=True) for x in pair]
    return (
        ARTICLE
        + "\n主站蜘蛛池模板: "
        + " | ".join(items)
        + '\nContact: <marquee>bold</marquee> & "quotes"\n'
    )


# --- a small tree of the parsed report ------------------------------------------------


@dataclass
class El:
    tag: str
    attrs: dict[str, str]
    parent: El | None = None
    children: list[El | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Any:
        yield self
        for c in self.children:
            if isinstance(c, El):
                yield from c.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[El]:
        return [e for e in self.iter() if e.tag == tag and (cls is None or cls in e.classes())]


_VOID = {"meta", "br", "img", "input", "link", "hr"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = El("#root", {})
        self.cur = self.root
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = El(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(el)
        if tag not in _VOID:
            self.cur = el

    def handle_endtag(self, tag: str) -> None:
        node: El | None = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data: str) -> None:
        if self.cur.tag == "script":
            self.scripts.append(data)
        self.cur.children.append(data)


def parse(doc: str) -> _Tree:
    tree = _Tree()
    tree.feed(doc)
    tree.close()
    return tree


def as_dom(text: str) -> str:
    """What the browser's DOM holds for ``text``: NUL and lone surrogates as U+FFFD."""
    return "".join("\ufffd" if c == "\0" or 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def report_html(pages: list[Page], **kw: Any) -> str:
    buf = io.StringIO()
    write_report(pages, buf, **kw)
    return buf.getvalue()


#: The config the report command analyses with: the detector lists near misses.
NEAR = Config(spam=SpamConfig(near_misses=True))


def text_page(text: str, name: str = "page.txt") -> Page:
    return Page(name, text, analyze(text, NEAR), {"encoding": "utf-8"})


def marks_by_finding(section: El, attr: str = "data-f") -> dict[int, list[El]]:
    out: dict[int, list[El]] = {}
    for m in section.find_all("mark"):
        for i in m.attrs.get(attr, "").split():
            out.setdefault(int(i), []).append(m)
    return out


def check_offsets(text: str, section: El, findings: list[tuple[int, int]]) -> None:
    """Every mark holds its own slice, and a finding's marks, in order, its whole span."""
    dom = as_dom(text)
    container = section.find_all("div", "text")[0]
    assert container.text() == dom
    for m in section.find_all("mark"):
        a, b = int(m.attrs["data-start"]), int(m.attrs["data-end"])
        assert m.text() == dom[a:b]
    for b in section.find_all("span", "b"):
        assert b.text() == dom[int(b.attrs["data-start"]) : int(b.attrs["data-end"])]
    by_f = marks_by_finding(section)
    assert sorted(by_f) == list(range(len(findings)))
    for i, (start, end) in enumerate(findings):
        ms = by_f[i]
        assert int(ms[0].attrs["data-start"]) == start
        assert int(ms[-1].attrs["data-end"]) == end
        assert "".join(m.text() for m in ms) == dom[start:end]


# --- escaping ----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_parses_back_to_the_text(s: str) -> None:
    out = escape_text(s)
    assert "<" not in out and ">" not in out and "\r" not in out and "\0" not in out
    out.encode("utf-8")  # no lone surrogate left to break the file
    tree = parse(f"<div>{out}</div>")
    assert tree.root.find_all("div")[0].text() == as_dom(s)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_attribute_parses_back_in_either_quote(s: str) -> None:
    v = escape_attr(s)
    for q in "\"'":
        tree = parse(f"<div title={q}{v}{q} id=x>y</div>")
        (div,) = tree.root.find_all("div")
        assert div.attrs["title"] == as_dom(s)
        assert div.attrs["id"] == "x"


def test_hostile_page_is_text_only_and_its_spam_is_marked_exactly() -> None:
    text = hostile_page()
    rep = analyze(text)
    assert rep.is_spam
    (f,) = rep.spam
    assert all(h in text[f.start : f.end] for h in HOSTILE)
    doc = report_html([text_page(text)])
    doc.encode("utf-8")
    tree = parse(doc)
    # The report's one script is its own; nothing of the page became an element.
    assert len(tree.root.find_all("script")) == 1
    assert not tree.root.find_all("img") and not tree.root.find_all("marquee")
    assert not any(k.startswith("on") for e in tree.root.iter() for k in e.attrs)
    assert "__pwned" not in tree.scripts[0]
    assert "<script>window" not in doc and "</script> <!--" not in doc
    (section,) = tree.root.find_all("section", "page")
    check_offsets(text, section, [(f.start, f.end)])
    assert "\r" not in doc and "&#13;" in doc


_PIECES = (
    *_TITLES,
    *HOSTILE,
    "主站蜘蛛池模板: ",
    " | ",
    "|",
    "_",
    "、",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    ARTICLE,
    "这是一个关于电视节目的报道，记者采访了很多观众。",
    "澳门六开彩开奖结果历史查询",
    "افتتحت مكتبة جديدة",
    "วันนี้มีการเปิด",
    "東京では今日",
    "서울에서",
    "\u200b",
    "\U0001f600",
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=40).map("".join))
def test_any_page_renders_with_exact_marks(text: str) -> None:
    rep = analyze(text)
    doc = report_html([text_page(text)])
    doc.encode("utf-8")
    tree = parse(doc)
    assert len(tree.root.find_all("script")) == 1
    (section,) = tree.root.find_all("section", "page")
    check_offsets(text, section, [(f.start, f.end) for f in rep.spam if f.end > f.start])


def test_lone_surrogates_and_nul_render_one_code_point_each() -> None:
    text = ARTICLE + "\n" + SPAM_RUN + "\ud83d\0\n"
    doc = report_html([text_page(text)])
    tree = parse(doc)
    (section,) = tree.root.find_all("section", "page")
    container = section.find_all("div", "text")[0]
    assert len(container.text()) == len(text)
    check_offsets(text, section, [(f.start, f.end) for f in analyze(text).spam])


# --- offsets ------------------------------------------------------------------------------


def test_seed_page_marks_match_the_json_offsets(tmp_path: Path) -> None:
    seed = need_shared(SEED)
    out = io.StringIO()
    assert main(["check", "--format", "json", str(seed)], stdout=out) == 1
    record = json.loads(out.getvalue())
    spans = [(f["start"], f["end"]) for f in record["spam"]]
    assert spans
    html_out = tmp_path / "seed.html"
    assert main(["report", str(seed), "-o", str(html_out), "-q"]) == 1
    tree = parse(html_out.read_text(encoding="utf-8"))
    (section,) = tree.root.find_all("section", "page")
    text = seed.read_text(encoding="utf-8")
    check_offsets(text, section, spans)
    roles = {b.attrs["class"].split()[1] for b in section.find_all("span", "b")}
    assert {"r-article", "r-boilerplate", "r-footer", "r-spam"} <= roles


def test_inline_splice_is_marked_inside_its_article_line() -> None:
    text = (
        "The council met on Monday to discuss the new budget for the coming year.\n"
        "今天的新闻报道说澳门六开彩开奖结果历史查询本市将新建三座公园，市民表示欢迎。\n"
    )
    rep = analyze(text)
    inline = [f for f in rep.spam if f.kind == "inline"]
    assert inline
    tree = parse(report_html([text_page(text)]))
    (section,) = tree.root.find_all("section", "page")
    check_offsets(text, section, [(f.start, f.end) for f in rep.spam])
    line2 = section.find_all("div", "l")[1]
    assert any(m.tag == "mark" for m in line2.iter())
    assert any("r-article" in e.classes() for e in line2.iter())


def test_html_page_findings_point_at_element_and_source_line() -> None:
    html = (HTML_DATA / "link_farm.html").read_text(encoding="utf-8")
    rep = analyze_html(html)
    page = Page("link_farm.html", html, rep, {"encoding": "utf-8", "html": True})
    doc = render_page(page)
    tree = parse(doc)
    (section,) = tree.root.find_all("section", "page")
    check_offsets(rep.document.text, section, [(f.start, f.end) for f in rep.findings])
    details = [li.text() for li in section.find_all("li", "fd")]
    farm = [d for d in details if d.startswith("html.link_farm")]
    assert any("div#friendlinks" in d and "HTML line 13" in d for d in farm)
    assert any("hidden: off-screen" in d for d in farm)
    # The source line is quoted, escaped.
    assert '<a href="http://a0.example.com/">百家乐</a>' in "".join(details)
    panel = next(e for e in section.iter() if e.attrs.get("data-panel") == "parts")
    ptext = panel.text()
    assert "Hidden blocks" in ptext and "off-screen" in ptext
    assert "a0.example.com" in ptext and "清河.pool0.example.net" in ptext


# --- lang and dir -----------------------------------------------------------------------


def test_lang_and_dir_per_line_from_the_script_runs() -> None:
    lines = [
        ("The council met on Monday to discuss the budget.", "en", None),
        ("這是一個關於臺灣電視節目的報導，記者採訪了很多觀眾。", "zh-Hant", None),
        ("这是一个关于电视节目的报道，记者采访了很多观众。", "zh-Hans", None),
        ("東京では今日、新しい図書館が開かれました。", "ja", None),
        ("서울에서 새로운 도서관이 문을 열었습니다.", "ko", None),
        ("วันนี้มีการเปิดห้องสมุดแห่งใหม่ในกรุงเทพ", "th", None),
        ("افتتحت مكتبة جديدة في المدينة اليوم", "ar", "rtl"),
        ("נפתחה היום ספרייה חדשה בעיר", "he", "rtl"),
    ]
    text = "\n".join(t for t, _, _ in lines) + "\n"
    tree = parse(report_html([text_page(text)]))
    divs = tree.root.find_all("div", "l")
    assert len(divs) == len(lines)
    for div, (t, lang, direction) in zip(divs, lines, strict=True):
        assert div.text() == t + "\n"
        assert div.attrs.get("lang", "en") == lang, t
        assert div.attrs.get("dir") == direction, t


def test_a_chinese_run_in_an_english_line_gets_its_own_lang() -> None:
    text = "Readers in Taipei call the show 電視節目 and watch it every night at nine.\n"
    tree = parse(report_html([text_page(text)]))
    (div,) = tree.root.find_all("div", "l")
    inner = [e for e in div.iter() if e.tag == "span" and "lang" in e.attrs]
    assert [(e.attrs["lang"], e.text()) for e in inner] == [("zh-Hant", "電視節目")]


# --- near misses and records from the redesigned detector ---------------------------------


def near_page_text() -> str:
    # A line the line model scores below the threshold (-1.77: online
    # education, a Chinese line with a weak keyword after an English article).
    return ARTICLE + "\n在线教育\n"


def test_clean_page_shows_its_near_miss_apart() -> None:
    text = near_page_text()
    rep = analyze(text, NEAR)
    assert rep.verdict == "clean"
    near = rep.near_misses
    assert near and all(n.score < rep.threshold for n in near)
    tree = parse(report_html([text_page(text)]))
    (section,) = tree.root.find_all("section", "page")
    assert not section.find_all("mark", "s")
    by_n = marks_by_finding(section, "data-nm")
    assert "".join(m.text() for m in by_n[0]) == text[near[0].start : near[0].end]
    assert [li.text().split()[0] for li in section.find_all("li", "nd")] == [near[0].rule]


def test_the_detectors_near_misses_are_shown_and_none_without_them() -> None:
    text = near_page_text()
    (nm,) = analyze(text, NEAR).near_misses
    doc = render_page(Page("p", text, analyze(text, NEAR)))
    assert nm.rule in doc and 'data-nm="0"' in doc
    assert 'data-nm="0"' not in render_page(Page("p", text, analyze(text)))
    # Evidence is shown with its weight, its contribution to the score.
    spam = analyze(hostile_page())
    doc = render_page(Page("p", hostile_page(), spam))
    assert f"{spam.spam[0].evidence[0].weight:.2f}" in doc


# --- streaming, the index, the command ----------------------------------------------------


class Recorder(io.StringIO):
    """A sink that remembers how much had been written after each write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, s: str) -> int:
        n = super().write(s)
        self.sizes.append(len(self.getvalue()))
        return n


def test_each_page_is_written_when_it_is_added_and_later_ones_only_indexed() -> None:
    sink = Recorder()
    writer = ReportWriter(sink, title="t", max_pages=2)
    texts = [ARTICLE, hostile_page(), near_page_text(), ARTICLE + SPAM_RUN + "\n"]
    for i, t in enumerate(texts):
        writer.add(text_page(t, f"page-{i}"))
        if i < 2:
            assert f'id="p{i}"' in sink.getvalue()
    writer.add_error("broken.txt", "broken.txt: no such file; check the path")
    summary = writer.close()
    assert (summary.pages, summary.spam, summary.clean, summary.errors) == (5, 2, 2, 1)
    assert summary.sections == 2
    tree = parse(sink.getvalue())
    assert len(tree.root.find_all("section", "page")) == 2
    rows = tree.root.find_all("tr")[1:]
    assert [r.attrs["data-v"] for r in rows] == ["clean", "spam", "clean", "spam", "error"]
    assert "(index only)" in rows[2].text() and not rows[2].find_all("a")
    assert rows[1].find_all("a")[0].attrs["href"] == "#p1"


def test_one_page_has_no_index() -> None:
    doc = report_html([text_page(ARTICLE)])
    assert 'id="index"' not in doc


def test_report_command_exit_status_and_output(tmp_path: Path) -> None:
    clean_file = tmp_path / "clean.txt"
    clean_file.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(clean_file), "-o", str(out), "-q"]) == 0
    assert main(["report", str(SAMPLE), str(clean_file), "-o", str(out), "-q"]) == 1
    assert main(["report", "--exit-zero", str(SAMPLE), "-o", str(out), "-q"]) == 0
    err = io.StringIO()
    assert main(["report", str(tmp_path / "missing.txt"), "-o", str(out)], stderr=err) == 2
    assert "no such file" in err.getvalue()
    assert 'data-v="error"' in out.read_text(encoding="utf-8")
    stdout = io.StringIO()
    assert main(["check", "--format", "html", "-q", str(SAMPLE)], stdout=stdout) == 1
    assert stdout.getvalue().startswith("<!DOCTYPE html>")
    for argv in (["clean", "--format", "html"], ["check", "--format", "html", "--jobs", "2"]):
        err = io.StringIO()
        assert main([*argv, str(SAMPLE)], stdout=io.StringIO(), stderr=err) == 2
        assert "segtext: error:" in err.getvalue()


def test_report_of_a_jsonl_batch_with_max_pages(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(12):
            text = ARTICLE + (SPAM_RUN + "\n" if i % 3 == 0 else "")
            f.write(json.dumps({"id": f"doc-{i}", "text": text}, ensure_ascii=False) + "\n")
        f.write("{not json\n")
    out = tmp_path / "batch.html"
    assert main(["report", str(src), "--max-pages", "5", "-o", str(out), "-q"]) == 2
    tree = parse(out.read_text(encoding="utf-8"))
    assert len(tree.root.find_all("section", "page")) == 5
    rows = tree.root.find_all("tr")[1:]
    assert len(rows) == 13
    assert rows[0].find_all("td")[1].text() == "doc-0"
    assert [r.attrs["data-v"] for r in rows].count("spam") == 4
    assert rows[-1].attrs["data-v"] == "error"
    assert DEFAULT_MAX_PAGES >= 100
