"""The HTML report in a real headless Chromium (issue 13).

Debian's ``chromium`` is driven by Playwright pointed at ``/usr/bin/chromium``
(no browser download: ``playwright install`` is never run). Every page is
opened from disk with all requests routed through the test, which lets only
the report file itself through and fails on anything else. The tests skip
when Chromium or Playwright is missing, except under ``CI=true``, where they
fail. A screenshot of the seed page's report is written to
``build/screenshots/seed-report.png`` for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from segtext import analyze
from segtext.cli import main
from segtext.html import analyze_html
from tests.conftest import SEED, need_shared
from tests.test_visual import ARTICLE, HOSTILE, NEAR, as_dom, hostile_page, near_page_text

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("SEGTEXT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Flags for a quiet, offline, throw-away browser (the profile is a fresh
#: temporary directory; Playwright adds --headless and --user-data-dir).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401, PLC0415 - only to see that it is there
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _unavailable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - see _unavailable

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport=VIEWPORT,
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class Opened:
    """A report open in a tab, with what it asked for and what it tried to run."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_self_contained(self) -> None:
        assert self.requests == [self.url], "the report asked for something else"
        assert self.dialogs == []
        assert self.errors == []


@pytest.fixture
def open_report(browser: Any) -> Iterator[Any]:
    opened: list[Opened] = []

    def _open(path: Path) -> Opened:
        page = browser.new_page()
        o = Opened(page, path.resolve().as_uri())

        def route(r: Any) -> None:
            o.requests.append(r.request.url)
            if r.request.url == o.url:
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on("dialog", lambda d: (o.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: o.errors.append(str(e)))
        page.on(
            "console",
            lambda m: o.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.goto(o.url)
        opened.append(o)
        return o

    yield _open
    for o in opened:
        o.assert_self_contained()
        o.page.close()


def render(tmp_path: Path, name: str, *inputs: Path, args: tuple[str, ...] = ()) -> Path:
    out = tmp_path / name
    status = main(["report", *map(str, inputs), "-o", str(out), "-q", *args])
    assert status in (0, 1), status
    return out


_MARKS = """(sel) => Array.from(document.querySelectorAll(sel)).map(m => {
  const r = m.getBoundingClientRect();
  return {f: m.getAttribute('data-f'), nm: m.getAttribute('data-nm'),
          start: +m.getAttribute('data-start'), end: +m.getAttribute('data-end'),
          text: m.textContent, w: r.width, h: r.height};
})"""


def marks(page: Any, sel: str = "section.page mark.s") -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(_MARKS, sel)
    return result


def assert_marks_are_the_spans(
    page: Any, text: str, spans: list[tuple[int, int]], attr: str = "f"
) -> None:
    """Each mark shows its slice, with a box; a finding's marks, joined, its span."""
    dom = as_dom(text)
    sel = "section.page mark.s" if attr == "f" else "section.page mark.n"
    found = marks(page, sel)
    assert found
    by_id: dict[int, list[dict[str, Any]]] = {}
    for m in found:
        assert m["text"] == dom[m["start"] : m["end"]]
        if m["text"].strip():
            assert m["w"] > 0 and m["h"] > 0, m
        for i in (m[attr] or "").split():
            by_id.setdefault(int(i), []).append(m)
    assert sorted(by_id) == list(range(len(spans)))
    for i, (start, end) in enumerate(spans):
        assert "".join(m["text"] for m in by_id[i]) == dom[start:end]


def in_viewport(page: Any, selector: str) -> bool:
    box: dict[str, float] = page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
          return {top: r.top, bottom: r.bottom, w: r.width, h: r.height, vh: innerHeight}; }""",
        selector,
    )
    return box["w"] > 0 and box["h"] > 0 and box["top"] >= 0 and box["bottom"] <= box["vh"]


def first_mark(pid: str, i: int, kind: str = "f") -> str:
    attr = "data-f" if kind == "f" else "data-nm"
    return f'#{pid} mark[{attr}~="{i}"]'


# --- the pages -------------------------------------------------------------------------------


def test_seed_page_report(tmp_path: Path, open_report: Any) -> None:
    seed = need_shared(SEED)
    text = seed.read_text(encoding="utf-8")
    rep = analyze(text)
    assert rep.is_spam
    o = open_report(render(tmp_path, "seed.html", seed))
    page = o.page
    assert_marks_are_the_spans(page, text, [(f.start, f.end) for f in rep.spam])
    assert page.inner_text("#p0 .verdict") == "SPAM"
    # The spam is at the bottom of the page: out of view until its link is clicked.
    target = first_mark("p0", 0)
    assert not in_viewport(page, target)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "seed-report.png"), full_page=True)
    page.click("#p0-d0 a.jump")
    assert in_viewport(page, target)
    # Hover shows the finding's rule ids and evidence; so does keyboard focus.
    page.hover(target)
    tip = page.locator("#tip")
    assert tip.is_visible()
    for rule in ("cluster.marker", "cluster.keywords", "structure.separator"):
        assert rule in tip.inner_text()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.mouse.move(1, 1)
    page.evaluate("document.activeElement.blur()")  # the jump focused the mark
    page.focus(target)
    assert tip.is_visible() and "cluster.marker" in tip.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "seed-report-tooltip.png"))
    # The cleaned article is the second tab.
    page.click('#p0 .tabs button[data-tab="clean"]')
    clean = page.inner_text('#p0 [data-panel="clean"]')
    assert "China-Russia mutual trust improving" in clean and "蜘蛛池" not in clean
    assert not page.is_visible('#p0 [data-panel="text"]')


HACKED_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Riverside cycling path opens</title>
<style>.sp { display: none }</style></head>
<body>
<h1>Riverside cycling path opens</h1>
<p>A new cycling path along the river opened on Sunday, linking the old town with the
business district in a ride of about twenty minutes.</p>
<p>The city says the path will take pressure off two busy bus routes.</p>
<div class="sp">澳门赌场 六合彩 百家乐 真人视讯 老虎机 网上赌博</div>
<div id="links">
<a href="http://a.bet-one.example/">百家乐</a> <a href="http://b.bet-two.example/">真人视讯</a>
<a href="http://c.bet-three.example/">老虎机</a> <a href="http://d.bet-four.example/">体育投注</a>
<a href="http://e.bet-five.example/">北京赛车</a> <a href="http://f.bet-six.example/">时时彩</a>
<a href="http://g.bet-seven.example/">娱乐城</a> <a href="http://h.bet-eight.example/">午夜影院</a>
</div>
</body></html>
"""


def test_hacked_html_page_report(tmp_path: Path, open_report: Any) -> None:
    src = tmp_path / "hacked.html"
    src.write_text(HACKED_HTML, encoding="utf-8")
    rep = analyze_html(HACKED_HTML)
    rules = {f.rule for f in rep.findings}
    assert {"html.hidden_spam", "html.link_farm"} <= rules
    o = open_report(render(tmp_path, "hacked.html.report.html", src))
    page = o.page
    assert_marks_are_the_spans(page, rep.document.text, [(f.start, f.end) for f in rep.findings])
    hidden = next(i for i, f in enumerate(rep.findings) if f.rule == "html.hidden_spam")
    page.hover(first_mark("p0", hidden))
    tip = page.inner_text("#tip")
    assert "html.hidden_spam" in tip and "display:none (.sp)" in tip and "HTML line 9" in tip
    # Every finding's side-list link brings its mark into view.
    for i in range(len(rep.findings)):
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.click(f"#p0-d{i} a.jump")
        assert in_viewport(page, first_mark("p0", i))
    page.click('#p0 .tabs button[data-tab="parts"]')
    parts = page.inner_text('#p0 [data-panel="parts"]')
    assert "Hidden blocks" in parts and "display:none (.sp)" in parts
    assert "Link farms" in parts and "a.bet-one.example" in parts and "h.bet-eight.example" in parts
    # A jump from the parts panel goes back to the mark in the text.
    page.click(f'#p0 [data-panel="parts"] a[href="#p0-f{hidden}"] >> nth=0')
    assert in_viewport(page, first_mark("p0", hidden))


def test_clean_page_with_a_near_miss(tmp_path: Path, open_report: Any) -> None:
    text = near_page_text()
    src = tmp_path / "near.txt"
    src.write_text(text, encoding="utf-8")
    rep = analyze(text, NEAR)
    near = rep.near_misses
    assert rep.verdict == "clean" and near
    o = open_report(render(tmp_path, "near.html", src))
    page = o.page
    assert page.inner_text("#p0 .verdict") == "CLEAN"
    assert marks(page) == []
    assert_marks_are_the_spans(page, text, [(n.start, n.end) for n in near], attr="nm")
    page.hover(first_mark("p0", 0, "n"))
    assert near[0].rule in page.inner_text("#tip")
    assert "Near misses (1)" in page.inner_text("#p0 .side")


def test_hostile_page_runs_no_script(tmp_path: Path, open_report: Any) -> None:
    text = hostile_page()
    src = tmp_path / "hostile.txt"
    # newline="" keeps the page's lone \r as it is.
    with src.open("w", encoding="utf-8", newline="", errors="surrogatepass") as f:
        f.write(text)
    o = open_report(render(tmp_path, "hostile.html", src))
    page = o.page
    page.hover("section.page mark.s >> nth=0")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.querySelectorAll('img, marquee').length") == 0
    decoded = src.read_bytes().decode("utf-8", errors="replace")
    container = page.evaluate("document.querySelector('#p0 .text').textContent")
    assert container == as_dom(decoded)
    shown = "".join(m["text"] for m in marks(page))
    assert all(h in shown for h in HOSTILE[:-1])  # the last one's code points are replaced


def test_lang_and_dir_in_the_browser(tmp_path: Path, open_report: Any) -> None:
    lines = {
        "zh-Hant": "這是一個關於臺灣電視節目的報導，記者採訪了很多觀眾。",
        "zh-Hans": "这是一个关于电视节目的报道，记者采访了很多观众。",
        "ja": "東京では今日、新しい図書館が開かれました。",
        "ko": "서울에서 새로운 도서관이 문을 열었습니다.",
        "th": "วันนี้มีการเปิดห้องสมุดแห่งใหม่ในกรุงเทพ",
        "ar": "افتتحت مكتبة جديدة في المدينة اليوم",
        "he": "נפתחה היום ספרייה חדשה בעיר",
    }
    src = tmp_path / "langs.txt"
    src.write_text(ARTICLE + "\n".join(lines.values()) + "\n", encoding="utf-8")
    o = open_report(render(tmp_path, "langs.html", src))
    got = o.page.evaluate(
        """() => Array.from(document.querySelectorAll('#p0 .text .l')).map(l => {
          const s = getComputedStyle(l);
          return [l.closest('[lang]').lang, s.direction, l.textContent.trim()]; })"""
    )
    assert got[0] == ["en", "ltr", ARTICLE.strip()]
    for (lang, line), row in zip(lines.items(), got[1:], strict=True):
        assert row == [lang, "rtl" if lang in ("ar", "he") else "ltr", line]


def test_batch_of_500_pages_index(tmp_path: Path, open_report: Any) -> None:
    src = tmp_path / "pages.jsonl"
    titles = ["一级毛片", "亚洲欧美", "午夜影院", "制服丝袜", "东京热", "百家乐", "六合彩"]
    expected: list[str] = []
    with src.open("w", encoding="utf-8") as f:
        for i in range(500):
            text = f"Page {i}. " + ARTICLE
            if i % 5 == 0:
                text += "\n" + " | ".join(titles[: 3 + i % 4]) + "\n"
            elif i % 7 == 0:
                text += "\n主站蜘蛛池模板: " + " | ".join(f"县{k}新闻网" for k in range(5)) + "\n"
            expected.append(analyze(text).verdict)
            f.write(json.dumps({"id": f"doc-{i:03d}", "text": text}, ensure_ascii=False) + "\n")
    out = render(tmp_path, "batch.html", src, args=("--max-pages", "60"))
    o = open_report(out)
    page = o.page
    assert page.evaluate("document.querySelectorAll('#index tbody tr').length") == 500
    assert page.evaluate("document.querySelectorAll('section.page').length") == 60
    # The index comes first, above the pages.
    assert page.evaluate("document.querySelector('main').firstElementChild.id") == "index"
    visible = (
        "() => Array.from(document.querySelectorAll('#index tbody tr')).filter(r => !r.hidden)"
    )
    page.select_option("#fv", "spam")
    n_spam = expected.count("spam")
    assert 0 < n_spam < 500
    assert page.evaluate(f"({visible})().length") == n_spam
    assert page.inner_text("#shown") == str(n_spam)
    assert page.evaluate(f"({visible})().every(r => r.dataset.v === 'spam')")
    page.select_option("#fr", "cluster.marker")
    assert page.evaluate(f"({visible})().every(r => r.dataset.r.includes(' cluster.marker '))")
    page.select_option("#fv", "")
    page.select_option("#fr", "")
    page.click('#index th[data-k="s"] button')
    scores = page.evaluate(
        "Array.from(document.querySelectorAll('#index tbody tr')).map(r => +r.dataset.s)"
    )
    assert scores == sorted(scores, reverse=True)
    page.click('#index th[data-k="i"] button')
    page.click('#index tbody tr[data-i="42"] a')
    assert in_viewport(page, "#p42 h2")
    # Pages past --max-pages are summarised in the index without a link.
    assert page.evaluate("document.querySelector('#index tbody tr[data-i=\"499\"] a')") is None
